using GraphNetworker.Core.Model;
using static GraphNetworker.Core.Tests.Scenario;

namespace GraphNetworker.Core.Tests.Scoring;

/// <summary>
/// An assessment the engine made reads its contact points and reasons from its evaluation when asked; one made by anybody
/// else (a store reading its rows, a test) holds what it was given. Both must read the same, and copies must not leak.
/// </summary>
public sealed class AssessmentTests
{
    private static readonly ContactPoint Given = new(At("2026-01-02T03:04:05+02:00"), ContactChannel.EmailSent, "AAMk-given", "https://outlook/given", "Hello");

    [Fact]
    public void EngineAssessment_ContactPoints_AreTheLatestOnEachSide()
    {
        var s = new Scenario();
        s.Sent(DaysAgo(30), "dana@fabrikam.com");
        s.Sent(DaysAgo(10), "dana@fabrikam.com");
        s.Received(DaysAgo(20), "dana@fabrikam.com");
        s.Meeting(DaysAgo(5), "dana@fabrikam.com");

        var dana = s.Person("dana@fabrikam.com");

        Assert.Equal(DaysAgo(10), dana.LastOutbound!.At);
        Assert.Equal(ContactChannel.EmailSent, dana.LastOutbound.Channel);
        Assert.Equal(DaysAgo(20), dana.LastInbound!.At);
        Assert.Equal(DaysAgo(5), dana.LastMeeting!.At);
        Assert.Equal(dana.LastMeeting, dana.LastContact);

        // Each read makes an equal point: a reader comparing two reads sees the same contact.
        Assert.Equal(dana.LastOutbound, dana.LastOutbound);
    }

    [Fact]
    public void EngineAssessment_SameInstantOnTwoSides_LastContactIsTheStrongerChannel()
    {
        var s = new Scenario();
        s.Sent(DaysAgo(3), "dana@fabrikam.com");
        s.Meeting(DaysAgo(3), "dana@fabrikam.com");

        var dana = s.Person("dana@fabrikam.com");

        Assert.Equal(ContactChannel.Meeting, dana.LastContact!.Channel);
    }

    [Fact]
    public void EngineAssessment_WithOneSideGiven_KeepsTheOthersFromTheEngine()
    {
        var s = new Scenario();
        s.Sent(DaysAgo(10), "dana@fabrikam.com");
        s.Received(DaysAgo(4), "dana@fabrikam.com");
        var dana = s.Person("dana@fabrikam.com");

        var copy = dana with { LastOutbound = Given };

        Assert.Equal(Given, copy.LastOutbound);
        Assert.Equal(dana.LastInbound, copy.LastInbound);
        Assert.Equal(dana.LastContact, copy.LastContact);
        Assert.Null(copy.LastMeeting);
        Assert.Equal(DaysAgo(10), dana.LastOutbound!.At);
    }

    [Fact]
    public void EngineAssessment_SideGivenAsNull_ReadsNull()
    {
        var s = new Scenario();
        s.Sent(DaysAgo(10), "dana@fabrikam.com");
        var dana = s.Person("dana@fabrikam.com");

        var copy = dana with { LastOutbound = null, LastContact = null };

        Assert.Null(copy.LastOutbound);
        Assert.Null(copy.LastContact);
        Assert.NotNull(dana.LastOutbound);
    }

    [Fact]
    public void GivenAssessment_Copy_DoesNotChangeTheOriginal()
    {
        var original = Made() with { LastInbound = Given, LastContact = Given };

        var copy = original with { LastInbound = null };

        Assert.Equal(Given, original.LastInbound);
        Assert.Null(copy.LastInbound);
        Assert.Equal(Given, copy.LastContact);
    }

    [Fact]
    public void GivenAssessment_HoldsWhatItWasGiven()
    {
        var made = Made() with { LastOutbound = Given, OutboundShare = 0.25, Tier = Tier.Distant, Status = RelationshipStatus.Snoozed, Trend = Trend.Fading };

        Assert.Equal(Given, made.LastOutbound);
        Assert.Equal(Given.At.Offset, made.LastOutbound!.At.Offset);
        Assert.Null(made.LastContact);
        Assert.Equal(0.25, made.OutboundShare);
        Assert.Equal(Tier.Distant, made.Tier);
        Assert.Equal(RelationshipStatus.Snoozed, made.Status);
        Assert.Equal(Trend.Fading, made.Trend);
    }

    [Fact]
    public void GivenAssessment_Defaults_ReadAsNone()
    {
        var made = Made();

        Assert.Null(made.OutboundShare);
        Assert.Equal(["dana@fabrikam.com"], made.Addresses);
        Assert.Empty(made.Why);
        Assert.Null(made.LastContact);
    }

    [Fact]
    public void EngineAssessment_OneAddress_ListsTheKey_MoreAddresses_ListsThemInOrder()
    {
        var s = new Scenario();
        s.Sent(DaysAgo(10), "dana@fabrikam.com");
        s.Received(DaysAgo(8), "dana@fabrikam.com");
        s.Sent(DaysAgo(10), "lee@fabrikam.com");
        s.Received(DaysAgo(9), "Lee.Smith+news@fabrikam.com");
        s.Directory = s.Directory with
        {
            People = [new DirectoryPerson { PrimaryAddress = "lee@fabrikam.com", DisplayName = "Lee Smith", Addresses = ["SMTP:lee@fabrikam.com", "smtp:lee.smith@fabrikam.com"] }],
        };

        var result = s.Evaluate();

        Assert.Equal(["dana@fabrikam.com"], result.Relationships.Single(r => r.PersonKey == "dana@fabrikam.com").Addresses);
        Assert.Equal(["lee.smith@fabrikam.com", "lee@fabrikam.com"], result.Relationships.Single(r => r.PersonKey == "lee@fabrikam.com").Addresses);
    }

    [Fact]
    public void EngineAssessment_Reasons_AreWrittenOnceAndKeptByCopies()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(200), DaysAgo(100), 7);
        var dana = s.Person("dana@fabrikam.com");

        var first = dana.Why;
        var copy = dana with { DisplayName = "Dana" };

        Assert.Same(first, dana.Why);
        Assert.Equal(first, copy.Why);
        Assert.Contains(first, w => w.StartsWith("Last contact: an email they sent", StringComparison.Ordinal));
    }

    private static RelationshipAssessment Made() => new()
    {
        PersonKey = "dana@fabrikam.com",
        DisplayName = "Dana",
        Cadence = new Cadence(TimeSpan.FromDays(60), TimeSpan.FromDays(90)),
    };
}
