using GraphNetworker.Core.Model;
using static GraphNetworker.Core.Tests.Scenario;

namespace GraphNetworker.Core.Tests.Scoring;

public sealed class TierAndCadenceTests
{
    [Theory]
    [InlineData(Tier.Inner, 60, 90)]
    [InlineData(Tier.Regular, 105, 150)]
    [InlineData(Tier.Distant, 240, 365)]
    public void Cadence_PerTier_DueAndOverdueWindows(Tier tier, int due, int overdue)
    {
        var s = new Scenario();
        s.State = new UserState { Preferences = [new PersonPreference("dana@fabrikam.com", TierOverride: tier)] };
        s.Exchange("dana@fabrikam.com", DaysAgo(100), DaysAgo(30), 7);

        var dana = s.Person("dana@fabrikam.com");

        Assert.Equal(TimeSpan.FromDays(due), dana.Cadence.DueAfter);
        Assert.Equal(TimeSpan.FromDays(overdue), dana.Cadence.OverdueAfter);
        Assert.Equal(dana.LastContact!.At.AddDays(due), dana.DueAt);
        Assert.True(dana.TierOverridden);
    }

    [Fact]
    public void Cadence_InnerCircle_IsAboutSixTouchesAYear()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(365), DaysAgo(2), 7);

        var dana = s.Person("dana@fabrikam.com");

        Assert.Equal(6, (int)Math.Round(dana.Cadence.TouchesPerYear));
        Assert.Contains(dana.Why, w => w.Contains("about six touches a year", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(50, RelationshipStatus.Ok)]
    [InlineData(70, RelationshipStatus.Due)]
    [InlineData(95, RelationshipStatus.Overdue)]
    public void Status_FollowsTheCadenceWindows(int daysSinceContact, RelationshipStatus expected)
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(daysSinceContact + 300), DaysAgo(daysSinceContact), 3);
        s.State = new UserState { Preferences = [new PersonPreference("dana@fabrikam.com", TierOverride: Tier.Inner)] };
        s.Items.RemoveAll(i => i.Kind == InteractionKind.EmailReceived && i.OccurredAt > DaysAgo(daysSinceContact));

        Assert.Equal(expected, s.Person("dana@fabrikam.com").Status);
    }

    [Fact]
    public void Tier_FormerCloseColleague_StaysInnerThroughTheRememberedPeak()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(750), DaysAgo(250), 7);

        var dana = s.Person("dana@fabrikam.com");

        Assert.True(dana.Strength < s.Options.RegularThreshold, $"strength {dana.Strength}");
        Assert.Equal(Tier.Inner, dana.Tier);
        Assert.Contains(dana.Why, w => w.StartsWith("Tier inner circle: remembered peak", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Chief Financial Officer")]
    [InlineData("VP, Engineering")]
    [InlineData("Senior Vice President of Sales")]
    [InlineData("Founder & CEO")]
    public void Tier_SeniorTitle_DefaultsToDistant(string title)
    {
        var s = new Scenario();
        s.Directory = s.Directory with { People = [new DirectoryPerson { PrimaryAddress = "ceo@contoso.com", JobTitle = title }] };
        s.Exchange("ceo@contoso.com", DaysAgo(365), DaysAgo(2), 7);

        var boss = s.Person("ceo@contoso.com");

        Assert.Equal(Tier.Distant, boss.Tier);
        Assert.True(boss.IsSenior);
        Assert.Contains(boss.Why, w => w.StartsWith("Tier distant: senior role", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Vice Chair of the Board", true)]
    [InlineData("Partner", true)]
    [InlineData("Chairperson's Assistant", false)]
    [InlineData("VPN Specialist", false)]
    [InlineData("Mischief Manager", false)]
    public void Tier_SeniorTitles_MatchWholeWordsOnly(string title, bool senior)
    {
        var s = new Scenario();
        s.Options.SeniorTitles = ["chief", "chair", "partner", "vp"];
        s.Directory = s.Directory with { People = [new DirectoryPerson { PrimaryAddress = "x@contoso.com", JobTitle = title }] };
        s.Exchange("x@contoso.com", DaysAgo(100), DaysAgo(2), 7);

        Assert.Equal(senior, s.Person("x@contoso.com").IsSenior);
    }

    [Fact]
    public void Tier_SeniorListedByAddress_DefaultsToDistant_ButOverrideWins()
    {
        var s = new Scenario();
        s.Exchange("mentor@northwind.com", DaysAgo(365), DaysAgo(2), 7);
        s.State = new UserState { SeniorAddresses = ["mentor@northwind.com"] };
        Assert.Equal(Tier.Distant, s.Person("mentor@northwind.com").Tier);

        s.State = s.State with { Preferences = [new PersonPreference("mentor@northwind.com", TierOverride: Tier.Inner)] };
        Assert.Equal(Tier.Inner, s.Person("mentor@northwind.com").Tier);
    }

    [Theory]
    [InlineData(60, "about six touches a year")]
    [InlineData(105, "about three touches a year")]
    [InlineData(240, "once or twice a year")]
    public void Touches_OneWordingForACadence_InTheWhyTheReasonAndTheTask(int dueDays, string expected)
    {
        var cadence = new Cadence(TimeSpan.FromDays(dueDays), TimeSpan.FromDays(dueDays * 1.5));

        Assert.Equal(expected, GraphNetworker.Core.Planning.Wording.Touches(cadence));
    }
}
