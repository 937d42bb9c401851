using GraphNetworker.Core.Model;
using static GraphNetworker.Core.Tests.Scenario;

namespace GraphNetworker.Core.Tests.Identity;

public sealed class DriftAndMoveTests
{
    [Fact]
    public void Evaluate_WeeklyContactSilentForFiveMonths_IsDrifting()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(500), DaysAgo(152), 7, "Dana Smith");

        var dana = s.Person("dana@fabrikam.com");

        Assert.True(dana.IsDrifting);
        Assert.Equal(RelationshipStatus.Overdue, dana.Status);
        Assert.Contains(dana.Why, w => w.StartsWith("Drifting: you used to talk weekly", StringComparison.Ordinal));
        var suggestion = Assert.Single(s.Evaluate().NewSuggestions);
        Assert.Equal("You used to talk weekly, and it has been five months since an email they sent you on 18 June 2026. Pick up where you left off.", suggestion.Reason);
    }

    [Fact]
    public void Evaluate_SteadyMonthlyContact_IsNotDrifting()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(500), DaysAgo(20), 30);

        Assert.False(s.Person("dana@fabrikam.com").IsDrifting);
    }

    [Fact]
    public void Evaluate_ColleagueWhoLeft_FlaggedWithHighPriority()
    {
        var s = WithColleagues(leaverLeftDaysAgo: 40);

        var result = s.Evaluate();
        var leaver = result.Relationships.Single(r => r.PersonKey == "dana.smith@contoso.com");
        var stayer = result.Relationships.Single(r => r.PersonKey == "lee.park@contoso.com");

        Assert.True(leaver.Move!.AccountClosed);
        Assert.Equal(RelationshipStatus.Due, leaver.Status);
        Assert.True(leaver.Priority > stayer.Priority, $"{leaver.Priority} vs {stayer.Priority}");
        Assert.Equal("dana.smith@contoso.com", result.FocusList[0]);
        Assert.Contains(leaver.Why, w => w.StartsWith("Left Contoso: account closed", StringComparison.Ordinal));
        Assert.StartsWith("Dana left Contoso in October.", result.NewSuggestions[0].Reason, StringComparison.Ordinal);
        Assert.StartsWith("Dana's work mailbox is closed", result.NewSuggestions[0].ChannelAdvice, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ColleagueWhoLeftLongAgo_ReasonSaysSo_AndChannelAvoidsTheClosedMailbox()
    {
        var s = WithColleagues(leaverLeftDaysAgo: 300);

        var dana = s.Evaluate().NewSuggestions.Single(n => n.PersonKey == "dana.smith@contoso.com");

        Assert.StartsWith("Dana has left Contoso, and you last talked ten months ago.", dana.Reason, StringComparison.Ordinal);
        Assert.StartsWith("Dana's work mailbox is closed", dana.ChannelAdvice, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LeaverWithUnknownDate_DatedFromTheirLastMail()
    {
        var s = WithColleagues(leaverLeftDaysAgo: 40);
        s.Directory = s.Directory with { People = [.. s.Directory.People.Select(p => p.HasLeft ? p with { LeftAt = null } : p)] };

        var result = s.Evaluate();
        var leaver = result.Relationships.Single(r => r.PersonKey == "dana.smith@contoso.com");

        Assert.True(leaver.Move!.DateEstimated);
        Assert.Equal(leaver.LastContact!.At, leaver.Move.At);
        Assert.StartsWith("Dana's Contoso account has been closed; the last mail from it was in October.", result.NewSuggestions[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_SameNameWritesFromNewDomainAfterOldWentQuiet_LinkedAsMove()
    {
        var s = WithColleagues(leaverLeftDaysAgo: 150);
        s.Received(DaysAgo(120), "dana@fabrikam.com", "Dana Smith");

        var result = s.Evaluate();
        var dana = result.Relationships.Single(r => r.PersonKey == "dana.smith@contoso.com");

        var link = Assert.Single(result.Links);
        Assert.Equal(("dana.smith@contoso.com", "dana@fabrikam.com"), (link.FromKey, link.ToKey));
        Assert.Equal(["dana.smith@contoso.com", "dana@fabrikam.com"], dana.Addresses);
        Assert.Equal("fabrikam.com", dana.Move!.NewDomain);
        Assert.DoesNotContain(result.Relationships, r => r.PersonKey == "dana@fabrikam.com");
        var task = result.NewSuggestions.Single(t => t.PersonKey == dana.PersonKey);
        Assert.Contains("moved to Fabrikam in July", task.Reason, StringComparison.Ordinal);
        Assert.Contains("dana@fabrikam.com", task.ChannelAdvice, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ExternalPersonChangesCompany_LinkedWhenOldAddressWentQuiet()
    {
        var s = new Scenario();
        s.Exchange("sam.lee@northwind.com", DaysAgo(400), DaysAgo(200), 7, "Sam Lee");
        s.Received(DaysAgo(100), "sam.lee@adatum.com", "Lee, Sam");

        var result = s.Evaluate();

        Assert.Equal("adatum.com", result.Relationships.Single(r => r.PersonKey == "sam.lee@northwind.com").Move!.NewDomain);
    }

    [Fact]
    public void Evaluate_RejectedLink_IsNeverMadeAgain()
    {
        var s = WithColleagues(leaverLeftDaysAgo: 150);
        s.Received(DaysAgo(120), "dana@fabrikam.com", "Dana Smith");
        s.State = new UserState { Links = [new LinkDecision("dana.smith@contoso.com", "dana@fabrikam.com", Accepted: false)] };

        var result = s.Evaluate();

        Assert.Empty(result.Links);
        Assert.Contains(result.Relationships, r => r.PersonKey == "dana@fabrikam.com");
    }

    [Fact]
    public void Evaluate_AcceptedLink_MergesEvenWithoutTheSameName()
    {
        var s = new Scenario();
        s.Exchange("robert@northwind.com", DaysAgo(300), DaysAgo(100), 7, "Robert Jones");
        s.Exchange("bob@personal.example", DaysAgo(50), DaysAgo(10), 7, "Bob");
        s.State = new UserState { Links = [new LinkDecision("robert@northwind.com", "bob@personal.example", Accepted: true)] };

        var result = s.Evaluate();

        Assert.Equal(["bob@personal.example", "robert@northwind.com"], result.Relationships.Single().Addresses);
    }

    [Fact]
    public void Evaluate_TwoPeopleWithTheSameName_NeverLinked()
    {
        var s = new Scenario();
        s.Exchange("alex.kim@northwind.com", DaysAgo(400), DaysAgo(200), 7, "Alex Kim");
        s.Exchange("alex.kim@tailspin.com", DaysAgo(400), DaysAgo(200), 7, "Alex Kim");
        s.Received(DaysAgo(100), "alex.kim@adatum.com", "Alex Kim");

        Assert.Empty(s.Evaluate().Links);
    }

    [Fact]
    public void Evaluate_OldAddressStillActive_NotAMove()
    {
        var s = new Scenario();
        s.Exchange("sam.lee@northwind.com", DaysAgo(400), DaysAgo(5), 7, "Sam Lee");
        s.Received(DaysAgo(100), "sam.lee@gmail.com", "Sam Lee");

        Assert.Empty(s.Evaluate().Links);
    }

    private static Scenario WithColleagues(int leaverLeftDaysAgo)
    {
        var s = new Scenario();
        s.Directory = s.Directory with
        {
            People =
            [
                new DirectoryPerson { PrimaryAddress = "dana.smith@contoso.com", DisplayName = "Dana Smith", HasLeft = true, LeftAt = DaysAgo(leaverLeftDaysAgo) },
                new DirectoryPerson { PrimaryAddress = "lee.park@contoso.com", DisplayName = "Lee Park" },
            ],
        };
        s.Exchange("dana.smith@contoso.com", DaysAgo(leaverLeftDaysAgo + 400), DaysAgo(leaverLeftDaysAgo + 5), 7);
        s.Exchange("lee.park@contoso.com", DaysAgo(400), DaysAgo(80), 7);
        return s;
    }
}
