using GraphNetworker.Core.Model;
using static GraphNetworker.Core.Tests.Scenario;

namespace GraphNetworker.Core.Tests.Planning;

public sealed class PlanningTests
{
    /// <summary>Twenty former weekly contacts, all overdue; person i went quiet 100 + i days ago.</summary>
    private static Scenario TwentyOverdue()
    {
        var s = new Scenario();
        for (var i = 0; i < 20; i++)
        {
            s.Exchange($"p{i:D2}@fabrikam.com", DaysAgo(400 + i), DaysAgo(100 + i), 7);
        }

        return s;
    }

    [Fact]
    public void Plan_FocusList_HoldsAtMostTenPeople()
    {
        var result = TwentyOverdue().Evaluate();

        Assert.Equal(20, result.Relationships.Count(r => r.Status == RelationshipStatus.Overdue));
        Assert.Equal(10, result.FocusList.Count);
    }

    [Fact]
    public void Plan_FocusListSize_IsConfigurable()
    {
        var s = TwentyOverdue();
        s.Options.FocusListSize = 4;

        Assert.Equal(4, s.Evaluate().FocusList.Count);
    }

    [Fact]
    public void Plan_WeeklyBudget_ThreeTasksAndOneHold()
    {
        var s = TwentyOverdue();
        for (var i = 0; i < 20; i++)
        {
            for (var d = 400 + i; d >= 100 + i; d -= 14)
            {
                s.Meeting(DaysAgo(d), $"p{i:D2}@fabrikam.com");
            }
        }

        var planned = s.Evaluate().NewSuggestions;

        Assert.Equal(3, planned.Count(p => p.Kind == SuggestionKind.Task));
        Assert.Equal(1, planned.Count(p => p.Kind == SuggestionKind.Hold));
    }

    [Fact]
    public void Plan_BudgetAlreadySpentThisWeek_NothingNew()
    {
        var s = TwentyOverdue();
        s.State = new UserState
        {
            Suggestions =
            [
                Scenario.Made("s1", "x1@fabrikam.com", SuggestionKind.Task, DaysAgo(2), SuggestionState.Completed, DaysAgo(1)),
                Scenario.Made("s2", "x2@fabrikam.com", SuggestionKind.Task, DaysAgo(3), SuggestionState.Dismissed, DaysAgo(1)),
                Scenario.Made("s3", "x3@fabrikam.com", SuggestionKind.Task, DaysAgo(6), SuggestionState.Completed, DaysAgo(1)),
            ],
        };

        Assert.Empty(s.Evaluate().NewSuggestions);
    }

    [Fact]
    public void Plan_BudgetRefills_AfterAWeek()
    {
        var s = TwentyOverdue();
        s.State = new UserState
        {
            Suggestions = [Scenario.Made("s1", "x1@fabrikam.com", SuggestionKind.Task, DaysAgo(8), SuggestionState.Completed, DaysAgo(1))],
        };

        Assert.Equal(3, s.Evaluate().NewSuggestions.Count);
    }

    [Fact]
    public void Plan_OpenSuggestions_CapNewOnes()
    {
        var s = TwentyOverdue();
        s.State = new UserState
        {
            Suggestions = [.. Enumerable.Range(0, 6).Select(i => Scenario.Made($"s{i}", $"p{i:D2}@fabrikam.com", SuggestionKind.Task, DaysAgo(30), SuggestionState.Open))],
        };

        var result = s.Evaluate();

        Assert.Empty(result.NewSuggestions);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"p{i:D2}@fabrikam.com"), result.FocusList.Take(6).Order());
    }

    [Fact]
    public void Plan_NeverSuggests_OpenSnoozedMutedScheduledOrJustContacted()
    {
        var s = new Scenario();
        string[] people = ["open@x.com", "snoozed@x.com", "muted@x.com", "scheduled@x.com", "contacted@x.com", "eligible@x.com"];
        foreach (var person in people)
        {
            s.Exchange(person, DaysAgo(400), DaysAgo(100), 7);
        }

        s.Meeting(Now.AddDays(2), "scheduled@x.com");
        s.Received(DaysAgo(3), "contacted@x.com");
        s.State = new UserState
        {
            Suggestions = [Scenario.Made("s1", "open@x.com", SuggestionKind.Task, DaysAgo(20), SuggestionState.Open)],
            Preferences =
            [
                new PersonPreference("snoozed@x.com", SnoozedUntil: Now.AddDays(30)),
                new PersonPreference("muted@x.com", Muted: true),
            ],
        };

        var result = s.Evaluate();

        Assert.Equal(["eligible@x.com"], result.NewSuggestions.Select(n => n.PersonKey));
        Assert.Equal(RelationshipStatus.Snoozed, result.Relationships.Single(r => r.PersonKey == "snoozed@x.com").Status);
        Assert.Equal(RelationshipStatus.Muted, result.Relationships.Single(r => r.PersonKey == "muted@x.com").Status);
        Assert.Equal(RelationshipStatus.Ok, result.Relationships.Single(r => r.PersonKey == "scheduled@x.com").Status);
        Assert.Equal(RelationshipStatus.Ok, result.Relationships.Single(r => r.PersonKey == "contacted@x.com").Status);
    }

    [Fact]
    public void Plan_RecentSuggestionsForAPerson_LowerTheirPriority()
    {
        var fresh = new Scenario();
        fresh.Exchange("dana@x.com", DaysAgo(400), DaysAgo(100), 7);
        var tired = new Scenario();
        tired.Exchange("dana@x.com", DaysAgo(400), DaysAgo(100), 7);
        tired.State = new UserState
        {
            Suggestions = [Scenario.Made("old", "dana@x.com", SuggestionKind.Task, DaysAgo(300), SuggestionState.Expired, DaysAgo(250))],
        };

        Assert.True(fresh.Person("dana@x.com").Priority > tired.Person("dana@x.com").Priority);
    }

    [Fact]
    public void Plan_HighestPriorityFirst()
    {
        var result = TwentyOverdue().Evaluate();

        var priorities = result.FocusList.Select(k => result.Relationships.Single(r => r.PersonKey == k).Priority).ToList();
        Assert.Equal(priorities.OrderByDescending(p => p), priorities);
        Assert.Equal(result.FocusList.Take(3), result.NewSuggestions.Select(n => n.PersonKey));
    }

    [Fact]
    public void Plan_HoldThatPassedUnused_NotRecreatedTheSameWeek()
    {
        var s = new Scenario();
        s.Exchange("dana@x.com", DaysAgo(400), DaysAgo(100), 7);
        for (var d = 400; d > 100; d -= 14)
        {
            s.Meeting(DaysAgo(d), "dana@x.com");
        }

        Assert.Equal(SuggestionKind.Hold, s.Evaluate().NewSuggestions.Single().Kind);

        s.State = new UserState
        {
            Suggestions = [Scenario.Made("h1", "dana@x.com", SuggestionKind.Hold, DaysAgo(9), SuggestionState.Expired, DaysAgo(2))],
        };

        Assert.Equal(SuggestionKind.Task, s.Evaluate().NewSuggestions.Single().Kind);
    }
}
