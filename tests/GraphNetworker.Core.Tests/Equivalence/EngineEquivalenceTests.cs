using Microsoft.Extensions.Time.Testing;
using System.Runtime.CompilerServices;
using System.Text;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Tests.Common;
using GraphNetworker.Tests.Common.Equivalence;

namespace GraphNetworker.Core.Tests.Equivalence;

/// <summary>
/// The engine's whole answer for several varied mailboxes, every field of every assessment, suggestion and link,
/// against the text the engine gave when the golden files were written. A change to what the engine decides shows up
/// here as a difference; a change to how fast it decides must not. After a deliberate change to the rules, rewrite
/// the files with <c>GRAPHNETWORKER_UPDATE_GOLDEN=1 dotnet test tests/GraphNetworker.Core.Tests</c> and review the diff.
/// </summary>
public sealed class EngineEquivalenceTests
{
    private static readonly Lazy<IReadOnlyList<MailboxCase>> Cases = new(VariedMailbox.All);

    public static TheoryData<string> Mailboxes() => [.. Cases.Value.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Mailboxes))]
    public void Evaluate_VariedMailbox_SameAnswerAsTheGoldenFile(string mailbox)
    {
        var actual = Answer(Case(mailbox), c => c.Items);
        var golden = GoldenPath(mailbox);
        if (Environment.GetEnvironmentVariable("GRAPHNETWORKER_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        Assert.True(File.Exists(golden), $"No golden file {golden}: run with GRAPHNETWORKER_UPDATE_GOLDEN=1 to write it.");
        var expected = File.ReadAllText(golden);
        Assert.True(expected == actual, FirstDifference(mailbox, expected, actual));
    }

    [Theory]
    [MemberData(nameof(Mailboxes))]
    public void Evaluate_VariedMailboxInAnotherOrder_SameAnswer(string mailbox)
    {
        // Without the second-folder copies: which copy of one message is kept (and so its item id and link) is the
        // first one seen, the one part of the answer that follows the order (an order dependence kept as it is).
        var all = Case(mailbox);
        var c = all with { Items = [.. all.Items.Where(i => !i.ItemId.EndsWith("-copy", StringComparison.Ordinal))] };
        var inOrder = Answer(c, x => x.Items);

        Assert.Equal(inOrder, Answer(c, x => [.. x.Items.Reverse()]));
        Assert.Equal(inOrder, Answer(c, x => [.. x.Items.OrderBy(i => i.ItemId, StringComparer.Ordinal)]));
    }

    [Theory]
    [MemberData(nameof(Mailboxes))]
    public async Task EvaluateAsync_VariedMailboxOverASharedDirectory_SameAnswerAsEvaluate(string mailbox)
    {
        var c = Case(mailbox);
        var engine = new RelationshipEngine(c.Options, new FakeTimeProvider(c.Now));

        var streamed = await engine.EvaluateAsync(DirectoryIndex.From(c.Directory), c.Directory.Owner, Stream(c.Items), c.State, TestContext.Current.CancellationToken);

        Assert.Equal(Answer(c, x => x.Items), AssessmentWriter.Write(streamed));
    }

    [Theory]
    [MemberData(nameof(Mailboxes))]
    public void Evaluate_VariedMailboxAsTheStoreGivesIt_SameAnswer(string mailbox)
    {
        // The store hands back each address and name as one string with a number per pair (its correspondents), and a
        // message's key rather than its Message-ID text: the engine then knows participants by their numbers.
        var c = Case(mailbox);

        Assert.Equal(Answer(c, x => x.Items), Answer(c, x => AsStored(x.Items)));
    }

    [Theory]
    [MemberData(nameof(Mailboxes))]
    public void Evaluate_VariedMailboxSomeParticipantsNumbered_SameAnswer(string mailbox)
    {
        // Numbered and unnumbered participants mixed (every other item as stored): one address, one person, either way.
        var c = Case(mailbox);
        var stored = AsStored(c.Items);

        Assert.Equal(Answer(c, x => x.Items), Answer(c, x => [.. x.Items.Select((item, i) => i % 2 == 0 ? stored[i] : item)]));
    }

    /// <summary>The items as the store's reader makes them: a number and one string per address and name, and message keys.</summary>
    private static List<Interaction> AsStored(IReadOnlyList<Interaction> items)
    {
        var book = new Dictionary<(string Address, string? Name), Participant>();
        return
        [
            .. items.Select(item => item with
            {
                InternetMessageId = null,
                MessageKey = item.MessageKey,
                Participants =
                [
                    .. item.Participants.Select(p =>
                    {
                        if (!book.TryGetValue((p.Address, p.DisplayName), out var known))
                        {
                            // Fresh strings, equal to the item's: the engine must not rely on any it saw before.
                            known = new Participant(new string(p.Address), p.DisplayName is null ? null : new string(p.DisplayName), p.Role)
                            {
                                Correspondent = book.Count + 1,
                            };
                            book[(p.Address, p.DisplayName)] = known;
                        }

                        return p with { Address = known.Address, DisplayName = known.DisplayName, Correspondent = known.Correspondent };
                    }),
                ],
            }),
        ];
    }

    private static MailboxCase Case(string name) => Cases.Value.Single(c => c.Name == name);

    private static string Answer(MailboxCase c, Func<MailboxCase, IReadOnlyList<Interaction>> items) => c.AnswerFrom(items(c));

    private static async IAsyncEnumerable<Interaction> Stream(IEnumerable<Interaction> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    private static string GoldenPath(string mailbox, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Golden", mailbox + ".txt");

    private static string FirstDifference(string mailbox, string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end>";
            var right = i < a.Length ? a[i] : "<end>";
            if (left != right)
            {
                return $"{mailbox}: line {i + 1} differs from the golden file.\n golden: {left}\n actual: {right}";
            }
        }

        return $"{mailbox}: same lines, different bytes.";
    }
}
