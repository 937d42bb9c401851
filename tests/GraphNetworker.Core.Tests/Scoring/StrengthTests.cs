using GraphNetworker.Core.Model;
using static GraphNetworker.Core.Tests.Scenario;

namespace GraphNetworker.Core.Tests.Scoring;

public sealed class StrengthTests
{
    [Fact]
    public void Score_TwoWayWeeklyEmail_IsInnerCircle()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(365), DaysAgo(2), 7);

        var dana = s.Person("dana@fabrikam.com");

        Assert.InRange(dana.Strength, 85, 98);
        Assert.Equal(Tier.Inner, dana.Tier);
        Assert.Equal(Trend.Steady, dana.Trend);
    }

    [Fact]
    public void Score_MonthlyTwoWayExchange_IsRegular()
    {
        var s = new Scenario();
        s.Exchange("lee@northwind.com", DaysAgo(720), DaysAgo(20), 30);

        var lee = s.Person("lee@northwind.com");

        Assert.Equal(Tier.Regular, lee.Tier);
        Assert.InRange(lee.Strength, 35, 55);
    }

    [Fact]
    public void Score_ExchangeTwiceAYear_IsDistant()
    {
        var s = new Scenario();
        s.Exchange("lee@northwind.com", DaysAgo(720), DaysAgo(40), 182);

        var lee = s.Person("lee@northwind.com");

        Assert.Equal(Tier.Distant, lee.Tier);
        Assert.InRange(lee.Strength, 1, 25);
    }

    [Fact]
    public void Score_TwoWayBeatsOneWay_ForTheSameVolume()
    {
        var twoWay = new Scenario();
        for (var d = 100; d > 0; d -= 10)
        {
            twoWay.Sent(DaysAgo(d), "dana@fabrikam.com");
            twoWay.Received(DaysAgo(d - 1), "dana@fabrikam.com");
        }

        var oneWay = new Scenario();
        for (var d = 100; d > 0; d -= 10)
        {
            oneWay.Sent(DaysAgo(d), "dana@fabrikam.com");
            oneWay.Sent(DaysAgo(d - 1), "dana@fabrikam.com");
        }

        var balanced = twoWay.Person("dana@fabrikam.com");
        var unanswered = oneWay.Person("dana@fabrikam.com");

        Assert.True(balanced.Strength > unanswered.Strength, $"{balanced.Strength} vs {unanswered.Strength}");
        Assert.Contains("Two-way: you both reach out.", balanced.Why);
        Assert.Contains(unanswered.Why, w => w.StartsWith("Mostly one-way: you write more", StringComparison.Ordinal));
    }

    [Fact]
    public void Score_DecaysByHalfLife()
    {
        // A single 1:1 meeting: A = 2 · 2^(−age/halfLife) (meetings are two-way), strength = 100 · (1 − e^(−A/scale)).
        var fresh = new Scenario();
        fresh.Meeting(Now, "dana@fabrikam.com");
        var aged = new Scenario();
        aged.Meeting(Now - aged.Options.HalfLife, "dana@fabrikam.com");
        var scale = fresh.Options.StrengthScale;

        Assert.Equal(Math.Round(100 * (1 - Math.Exp(-2.0 / scale)), 1), fresh.Person("dana@fabrikam.com").Strength);
        Assert.Equal(Math.Round(100 * (1 - Math.Exp(-1.0 / scale)), 1), aged.Person("dana@fabrikam.com").Strength);
    }

    [Fact]
    public void Score_HalfLifeIsConfigurable()
    {
        var shortMemory = new Scenario();
        shortMemory.Options.HalfLife = TimeSpan.FromDays(30);
        shortMemory.Exchange("dana@fabrikam.com", DaysAgo(200), DaysAgo(100), 7);
        var longMemory = new Scenario();
        longMemory.Options.HalfLife = TimeSpan.FromDays(180);
        longMemory.Exchange("dana@fabrikam.com", DaysAgo(200), DaysAgo(100), 7);

        Assert.True(longMemory.Person("dana@fabrikam.com").Strength > shortMemory.Person("dana@fabrikam.com").Strength);
    }

    [Fact]
    public void Score_PeakRemembersTheStrongestMoment_AndTrendFades()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(500), DaysAgo(150), 7, "Dana Smith");
        s.Sent(DaysAgo(60), "dana@fabrikam.com");

        var dana = s.Person("dana@fabrikam.com");

        Assert.True(dana.PeakStrength > 70, $"peak {dana.PeakStrength}");
        Assert.InRange(dana.PeakAt!.Value, DaysAgo(151), DaysAgo(149));
        Assert.True(dana.Strength < dana.PeakStrength / 2);
        Assert.Equal(Trend.Fading, dana.Trend);
        Assert.Contains(dana.Why, w => w.StartsWith("Fading: strength was ", StringComparison.Ordinal) && w.EndsWith(" ninety days ago.", StringComparison.Ordinal));
        Assert.Equal("weekly", dana.PeakRhythm);
    }

    [Fact]
    public void Score_NewRegularContact_TrendRising()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(60), DaysAgo(1), 4);
        var dana = s.Person("dana@fabrikam.com");

        Assert.Equal(Trend.Rising, dana.Trend);
        Assert.Contains(dana.Why, w => w.StartsWith("Rising: strength was ", StringComparison.Ordinal));
    }

    [Fact]
    public void Score_ComesWithItsWhyInPlainWords()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(200), DaysAgo(100), 7);
        s.Meeting(DaysAgo(95), "dana@fabrikam.com");
        s.MeetingWith(DaysAgo(90), ["dana@fabrikam.com"], cancelled: true);

        var why = s.Person("dana@fabrikam.com").Why;

        Assert.Contains(why, w => w.StartsWith("Strength ", StringComparison.Ordinal) && w.Contains("15 emails you sent, 15 you received and one meeting", StringComparison.Ordinal));
        Assert.Contains(why, w => w.StartsWith("Tier ", StringComparison.Ordinal) && w.Contains("Cadence:", StringComparison.Ordinal));
        Assert.Contains(why, w => w.StartsWith("Last contact: a meeting on", StringComparison.Ordinal));
        Assert.Contains("Not counted: one cancelled meeting.", why);
    }

    [Fact]
    public void Score_LittleTwoWayHistory_TrackedAsDistantWithItsReason()
    {
        var s = new Scenario();
        s.Sent(DaysAgo(300), "dana@fabrikam.com");
        s.Received(DaysAgo(299), "dana@fabrikam.com");

        var dana = s.Person("dana@fabrikam.com");

        Assert.NotEqual(RelationshipStatus.Excluded, dana.Status);
        Assert.Equal(Tier.Distant, dana.Tier);
        Assert.Equal(240, dana.Cadence.DueDays);
        Assert.Contains("Two exchanges in ten months; a distant contact.", dana.Why);
    }

    [Fact]
    public void Score_QuietSeniorContactWrittenEachWayAFewTimes_IsTracked()
    {
        var s = new Scenario();
        s.Directory = s.Directory with { People = [new DirectoryPerson { PrimaryAddress = "president@contoso.com", DisplayName = "Pat President", JobTitle = "President" }] };
        foreach (var days in new[] { 700, 560, 420, 260 })
        {
            s.Sent(DaysAgo(days), "president@contoso.com");
            s.Received(DaysAgo(days - 1), "president@contoso.com");
        }

        var president = s.Person("president@contoso.com");

        Assert.Equal(RelationshipStatus.Due, president.Status);
        Assert.Equal(Tier.Distant, president.Tier);
        Assert.True(president.IsSenior);
    }

    [Fact]
    public void Score_OneHeldMeeting_IsTracked()
    {
        var s = new Scenario();
        s.Meeting(DaysAgo(400), "dana@fabrikam.com");

        Assert.NotEqual(RelationshipStatus.Excluded, s.Person("dana@fabrikam.com").Status);
    }

    [Fact]
    public void Score_OnlyTheOwnerEverWrote_ExcludedAsOneWay()
    {
        var s = new Scenario();
        s.Sent(DaysAgo(30), "dana@fabrikam.com");
        s.Sent(DaysAgo(20), "dana@fabrikam.com");

        var dana = s.Person("dana@fabrikam.com");

        Assert.Equal(RelationshipStatus.Excluded, dana.Status);
        Assert.Equal("Only you ever wrote (two messages); they never wrote back or met.", dana.ExcludedReason);
    }
}
