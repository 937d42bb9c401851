using GraphNetworker.Core.Model;
using GraphNetworker.Core.Scoring;
using static GraphNetworker.Core.Tests.Scenario;

namespace GraphNetworker.Core.Tests.Scoring;

/// <summary>
/// The engine lists people in the ordinal order of their keys, sorting by the keys' first characters packed into
/// numbers and comparing texts only on a tie: the order must be exactly the ordinal one whatever the keys share.
/// </summary>
public sealed class KeyOrderTests
{
    // Keys that tie on the packed characters, end inside them, go on with zero characters, differ past them, or differ in
    // characters above the ASCII range.
    private static readonly string[] Awkward =
    [
        "a", "", "ab", "a\0", "a\0\0b", "abcd", "abcde", "abcdefgh", "abcdefghijkl", "abcdefghijklm", "abcdefghijkla",
        "abcdefghijkl\0", "abcdefghijk", "zoë@fabrikam.com", "zoe@fabrikam.com", "ZOE@fabrikam.com", "😀@fabrikam.com",
        "\uffff", "\uffff\uffff\uffff\uffff\uffff", "person12345@company1.example", "person12345@company2.example",
        "person1234@company1.example",
    ];

    [Fact]
    public void Sort_AwkwardKeys_IsTheOrdinalOrder()
    {
        AssertSortsOrdinally(Awkward);
    }

    [Fact]
    public void Sort_RandomKeysOverASmallAlphabet_IsTheOrdinalOrder()
    {
        // Few characters, so that many keys share long prefixes and tie on every packed number.
        var random = new Random(20261204);
        var alphabet = "\0a\u00e9\uffff";
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (keys.Count < 2_000)
        {
            var length = random.Next(0, 16);
            keys.Add(new string([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]));
        }

        AssertSortsOrdinally([.. keys]);
    }

    [Fact]
    public void Evaluate_PeopleSharingLongPrefixes_AreListedInOrdinalKeyOrder()
    {
        var s = new Scenario();
        string[] people =
        [
            "alexandra.williamson@fabrikam.com", "alexandra.williams@fabrikam.com", "alexandra.williamson@contoso.net",
            "alex@fabrikam.com", "zoë@fabrikam.com", "zoe@fabrikam.com", "b@x.io",
        ];
        foreach (var (person, day) in people.Select((p, i) => (p, i)))
        {
            s.Sent(DaysAgo(10 + day), person);
        }

        var keys = s.Evaluate().Relationships.Select(r => r.PersonKey).ToList();

        Assert.Equal(people.Length, keys.Count);
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }

    private static void AssertSortsOrdinally(string[] keys)
    {
        // Shuffled first, so the sort has work to do whatever order the keys were written in.
        var shuffled = keys.ToArray();
        new Random(7).Shuffle(shuffled);
        var assessments = shuffled.Select(Assessment).ToArray();
        var order = assessments.Select((a, i) => new KeyOrder(a.PersonKey, i)).ToArray();

        order.AsSpan().Sort(new KeyOrder.Comparer(assessments));
        KeyOrder.Arrange(assessments, order);

        Assert.Equal(keys.Order(StringComparer.Ordinal), assessments.Select(a => a.PersonKey));
    }

    private static RelationshipAssessment Assessment(string key) => new()
    {
        PersonKey = key,
        DisplayName = key,
        Cadence = new Cadence(TimeSpan.FromDays(60), TimeSpan.FromDays(90)),
    };
}
