using GraphNetworker.Core.Model;
using GraphNetworker.Core.Planning;
using static GraphNetworker.Core.Tests.Scenario;

namespace GraphNetworker.Core.Tests.Planning;

public sealed class ReasonAndFeedbackTests
{
    [Fact]
    public void Reason_PeopleYouUsedToMeet_SuggestCoffee()
    {
        var s = new Scenario();
        for (var d = 400; d >= 100; d -= 7)
        {
            s.Meeting(DaysAgo(d), "dana@fabrikam.com");
        }

        var suggestion = s.Evaluate().NewSuggestions.Single();

        Assert.Equal(ReasonWriter.Coffee, suggestion.Channel);
        Assert.Equal("Suggest a coffee or a call: you used to meet.", suggestion.ChannelAdvice);
    }

    [Fact]
    public void Reason_PeopleYouUsedToWrite_SuggestEmail()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(400), DaysAgo(100), 7, "Dana Smith");

        var suggestion = s.Evaluate().NewSuggestions.Single();

        Assert.Equal(ReasonWriter.Email, suggestion.Channel);
        Assert.Equal(SuggestionKind.Task, suggestion.Kind);
    }

    [Fact]
    public void Reason_SeniorPerson_AsksTheirAdvice()
    {
        var s = new Scenario();
        s.Directory = s.Directory with { People = [new DirectoryPerson { PrimaryAddress = "cfo@contoso.com", DisplayName = "Morgan Lee", JobTitle = "Chief Financial Officer" }] };
        s.Exchange("cfo@contoso.com", DaysAgo(700), DaysAgo(300), 30);

        var suggestion = s.Evaluate().NewSuggestions.Single();

        Assert.StartsWith("Ask Morgan's advice on something you are working on", suggestion.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reason_AnniversaryOfWorkingTogether_SaysThanks()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(365 * 2), DaysAgo(365 * 2 - 60), 20, "Dana Smith");
        s.Exchange("dana@fabrikam.com", DaysAgo(500), DaysAgo(300), 30, "Dana Smith");
        s.Received(DaysAgo(1000), "someone.else@northwind.com");

        var suggestion = s.Evaluate().NewSuggestions.Single();

        Assert.StartsWith("It has just been two years since you first got in touch (November 2024).", suggestion.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reason_FirstContactWhereTheHistoryStarts_IsNoAnniversary()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(365 * 2), DaysAgo(365 * 2 - 60), 20, "Dana Smith");
        s.Exchange("dana@fabrikam.com", DaysAgo(500), DaysAgo(300), 30, "Dana Smith");

        var suggestion = s.Evaluate().NewSuggestions.Single();

        Assert.DoesNotContain("since you first got in touch", suggestion.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reason_TheyReachOutMoreThanYou_OfferHelp()
    {
        var s = new Scenario();
        for (var d = 400; d >= 130; d -= 30)
        {
            s.Received(DaysAgo(d), "dana@fabrikam.com", "Dana Smith");
            s.Received(DaysAgo(d - 1), "dana@fabrikam.com", "Dana Smith");
            s.Received(DaysAgo(d - 2), "dana@fabrikam.com", "Dana Smith");
        }

        s.Sent(DaysAgo(125), "dana@fabrikam.com");

        var suggestion = s.Evaluate().NewSuggestions.Single();

        Assert.StartsWith("Dana has reached out more often than you have.", suggestion.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reason_WithSubjectsEnabled_NamesTheLastThread()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(400), DaysAgo(161), 7, "Dana Smith");
        var last = s.Sent(DaysAgo(160), "dana@fabrikam.com");
        s.Items[^1] = last with { Subject = "Q3 budget review" };

        var suggestion = s.Evaluate().NewSuggestions.Single();

        Assert.Equal("You used to talk weekly, and it has been five months since your last thread, \"Q3 budget review\" (15 June 2026). Pick up where you left off.", suggestion.Reason);
    }

    [Fact]
    public void Feedback_CompletedSuggestion_CountsAsATouchAndResetsTheCadence()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(400), DaysAgo(100), 7);
        Assert.Equal(RelationshipStatus.Overdue, s.Person("dana@fabrikam.com").Status);

        s.State = new UserState { Suggestions = [Scenario.Made("s1", "dana@fabrikam.com", SuggestionKind.Task, DaysAgo(10), SuggestionState.Completed, DaysAgo(5))] };
        var dana = s.Person("dana@fabrikam.com");

        Assert.Equal(RelationshipStatus.Ok, dana.Status);
        Assert.Equal(DaysAgo(5).AddDays(60), dana.DueAt);
        Assert.Contains(dana.Why, w => w.StartsWith("Last touch: you completed a suggestion", StringComparison.Ordinal));
    }

    [Fact]
    public void Feedback_DismissedSuggestion_SnoozesForOneCadence()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(400), DaysAgo(100), 7);
        s.State = new UserState { Suggestions = [Scenario.Made("s1", "dana@fabrikam.com", SuggestionKind.Task, DaysAgo(10), SuggestionState.Dismissed, DaysAgo(5))] };

        var dana = s.Person("dana@fabrikam.com");

        Assert.Equal(RelationshipStatus.Snoozed, dana.Status);
        Assert.Equal(DaysAgo(5).AddDays(60), dana.SnoozedUntil);
        Assert.Empty(s.Evaluate().NewSuggestions);
    }

    [Fact]
    public void Feedback_DismissedLongAgo_SnoozeHasEnded()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(400), DaysAgo(100), 7);
        s.State = new UserState { Suggestions = [Scenario.Made("s1", "dana@fabrikam.com", SuggestionKind.Task, DaysAgo(80), SuggestionState.Dismissed, DaysAgo(70))] };

        Assert.Equal(RelationshipStatus.Overdue, s.Person("dana@fabrikam.com").Status);
    }

    [Fact]
    public void Feedback_NotARelationship_MutesForGood()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(400), DaysAgo(100), 7);
        s.State = new UserState { Suggestions = [Scenario.Made("s1", "dana@fabrikam.com", SuggestionKind.Task, DaysAgo(900), SuggestionState.NotARelationship, DaysAgo(890))] };

        var dana = s.Person("dana@fabrikam.com");

        Assert.Equal(RelationshipStatus.Muted, dana.Status);
        Assert.Empty(s.Evaluate().NewSuggestions);
    }
}
