using GraphNetworker.Core.Model;
using GraphNetworker.Core.Planning;
using GraphNetworker.Core.Tests.Scoring;
using static GraphNetworker.Core.Tests.Scenario;

namespace GraphNetworker.Core.Tests.Planning;

/// <summary>The words people read in suggestions and why lines: no zero counts, one meaning of "exchange", plurals right, no raw DNs.</summary>
public sealed class WordingTests
{
    private const string Dana = "dana@contoso.com";

    [Theory]
    [InlineData(0, 0, 0, 0, 0, "no counted contact")]
    [InlineData(1, 0, 0, 0, 0, "one email you sent")]
    [InlineData(0, 1, 0, 0, 0, "one email you received")]
    [InlineData(2, 1, 0, 0, 0, "two emails you sent and one you received")]
    [InlineData(0, 0, 3, 1, 0, "three meetings (including one Teams call)")]
    [InlineData(1, 0, 2, 2, 0, "one email you sent and two meetings (including two Teams calls)")]
    [InlineData(0, 0, 0, 0, 2, "two Teams chat touches (a chat counts once a day, at its last message)")]
    [InlineData(25, 13, 1, 0, 1, "25 emails you sent, 13 you received, one meeting and one Teams chat touch (a chat counts once a day, at its last message)")]
    public void ContactCounts_EachCombination_CommasAndAnAnd(int sent, int received, int meetings, int calls, int chats, string expected) =>
        Assert.Equal(expected, Wording.ContactCounts(sent, received, meetings, calls, chats));

    [Theory]
    [InlineData("2026-03-14T23:30:00-02:00", "15 March 2026")]
    [InlineData("2025-01-02T08:00:00Z", "2 January 2025")]
    public void Day_InTheInvariantCultureOfItsUtcDate(string at, string expected) =>
        Assert.Equal(expected, Wording.Day(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Why_SomeoneYouOnlyMet_StrengthSentenceNamesNoZeroCounts()
    {
        var s = new Scenario();
        s.Meeting(DaysAgo(40), Dana);
        s.Meeting(DaysAgo(10), Dana);

        var strength = Assert.Single(s.Person(Dana).Why, w => w.StartsWith("Strength ", StringComparison.Ordinal));

        Assert.DoesNotContain("zero", strength, StringComparison.Ordinal);
        Assert.Contains("from two meetings;", strength, StringComparison.Ordinal);
    }

    [Fact]
    public void Why_MailOneWayAndAChat_ListsOnlyWhatHappened()
    {
        var s = new Scenario();
        s.Received(DaysAgo(30), Dana, "Dana Smith");
        s.Chat(DaysAgo(20), sentByOwner: true, Dana);

        var strength = Assert.Single(s.Person(Dana).Why, w => w.StartsWith("Strength ", StringComparison.Ordinal));

        Assert.DoesNotContain("zero", strength, StringComparison.Ordinal);
        Assert.Contains("from one email you received and one Teams chat touch (a chat counts once a day, at its last message);", strength, StringComparison.Ordinal);
    }

    [Fact]
    public void Why_DistantContact_ExchangesCountMessagesMeetingsAndChatsAlike()
    {
        var s = new Scenario();
        s.Sent(DaysAgo(400), Dana);
        s.Received(DaysAgo(399), Dana, "Dana Smith");
        s.Meeting(DaysAgo(250), [Dana, .. Enumerable.Range(1, 8).Select(i => $"member{i}@contoso.com")]);
        s.Chat(DaysAgo(150), sentByOwner: false, Dana);

        var dana = s.Person(Dana);

        Assert.Equal(4, dana.CountedItems);
        Assert.True(dana.Why.Any(w => w.StartsWith("Four exchanges in ", StringComparison.Ordinal)), string.Join("\n", dana.Why));
        Assert.Contains(dana.Why, w => w.StartsWith("Four exchanges in ", StringComparison.Ordinal) && w.EndsWith("; a distant contact.", StringComparison.Ordinal));
    }

    [Fact]
    public void Why_DistantContactWithOneExchange_IsSingular()
    {
        var s = new Scenario();
        s.Meeting(DaysAgo(300), Dana);

        Assert.Contains(s.Person(Dana).Why, w => w.StartsWith("One exchange in ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, "one touch")]
    [InlineData(2, "two touches")]
    [InlineData(1, "one Teams chat touch", "Teams chat touch", "Teams chat touches")]
    [InlineData(3, "three Teams chat touches", "Teams chat touch", "Teams chat touches")]
    public void Wording_Plural_OneIsSingularAndOthersTakeTheirPlural(int count, string expected, string singular = "touch", string plural = "touches")
    {
        Assert.Equal(expected, Wording.Plural(count, singular, plural));
    }

    [Theory]
    [InlineData(720, "two years")]
    [InlineData(729, "two years")]
    [InlineData(700, "23 months")]
    [InlineData(31, "four weeks")]
    [InlineData(1, "one day")]
    public void Wording_Span_NeverSaysTwentyFourMonths(int days, string expected)
    {
        Assert.Equal(expected, Wording.Span(TimeSpan.FromDays(days)));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(180)]
    [InlineData(150)]
    [InlineData(100)]
    [InlineData(30)]
    public void Wording_Touches_NeverOneTouches(int dueDays)
    {
        var text = Wording.Touches(new Cadence(TimeSpan.FromDays(dueDays), TimeSpan.FromDays(dueDays * 2)));

        Assert.DoesNotContain("one touches", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1 touch", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/O=CONTOSO/OU=NA/CN=RECIPIENTS/CN=JSMITH")]
    [InlineData(null)]
    public void Name_PersonKnownOnlyByAnX500Dn_NeverShowsTheRawDn(string? nameOnMail)
    {
        const string Dn = "X500:/O=CONTOSO/OU=NA/CN=RECIPIENTS/CN=JSMITH";
        var s = new Scenario();
        for (var days = 400; days >= 150; days -= 10)
        {
            s.Sent(DaysAgo(days), Dn);
            s.Received(DaysAgo(days - 1), Dn, nameOnMail);
        }

        var result = s.Evaluate();
        var person = Assert.Single(result.Relationships, r => r.PersonKey.StartsWith("x500:", StringComparison.Ordinal));
        var plan = Assert.Single(result.NewSuggestions, p => p.PersonKey == person.PersonKey);

        Assert.DoesNotContain("/o=", person.DisplayName, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("/o=", plan.DisplayName, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("/o=", plan.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("/o=", plan.ChannelAdvice, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(person.Why, w => w.Contains("/o=", StringComparison.OrdinalIgnoreCase) && !w.StartsWith("Excluded", StringComparison.Ordinal));
    }

    [Fact]
    public void Name_DirectoryOrMailNameThatIsAnX500Dn_IsNoName()
    {
        Assert.Null(GraphNetworker.Core.Identity.DisplayNames.Clean("/O=CONTOSO/OU=NA/CN=RECIPIENTS/CN=JSMITH"));
        Assert.Null(GraphNetworker.Core.Identity.DisplayNames.Clean("X500:/o=Contoso/ou=Exchange/cn=Recipients/cn=jsmith"));
    }
}
