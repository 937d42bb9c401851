using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Planning;

/// <summary>
/// The focus list and the weekly budget. The focus list holds at most <see cref="EngineOptions.FocusListSize"/>
/// people: first those with an open suggestion, then the due and overdue by priority. New suggestions go to focus
/// people without one, within the rolling-week budgets (tasks and coffee holds) and the cap on open suggestions.
/// Nobody with an open suggestion, a snooze, a mute, a meeting already scheduled or a recent contact is suggested.
/// A coffee hold goes to an overdue inner-circle person you used to meet, unless a hold for them passed unused this week.
/// </summary>
internal sealed class SuggestionPlanner(EngineOptions options, DateTimeOffset now)
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private static readonly TimeSpan MinimumLead = TimeSpan.FromDays(3);
    private static readonly TimeSpan MaximumLead = TimeSpan.FromDays(14);

    public (IReadOnlyList<string> Focus, IReadOnlyList<SuggestionPlan> New) Plan(
        IReadOnlyList<RelationshipAssessment> relationships, IReadOnlyList<Suggestion> history, string? organizationName, DateTimeOffset? historyStart = null)
    {
        var open = history.Where(s => s.State is SuggestionState.Open or SuggestionState.Pending).ToList();
        var openPeople = open.Select(s => s.PersonKey).ToHashSet(StringComparer.Ordinal);
        var byKey = relationships.Where(r => openPeople.Contains(r.PersonKey)).ToDictionary(r => r.PersonKey, StringComparer.Ordinal);
        var candidates = TopCandidates(relationships, openPeople);

        var focus = open
            .Select(s => s.PersonKey)
            .Distinct(StringComparer.Ordinal)
            .Where(byKey.ContainsKey)
            .OrderByDescending(k => byKey[k].Priority)
            .ThenBy(k => k, StringComparer.Ordinal)
            .Concat(candidates.Select(c => c.PersonKey))
            .Take(options.FocusListSize)
            .ToList();

        var weekAgo = now - Week;
        var tasksLeft = options.WeeklyTaskBudget - history.Count(s => s.Kind == SuggestionKind.Task && s.CreatedAt > weekAgo);
        var holdsLeft = options.WeeklyHoldBudget - history.Count(s => s.Kind == SuggestionKind.Hold && s.CreatedAt > weekAgo);
        var openLeft = options.MaxOpenSuggestions - open.Count;
        var unusedHoldThisWeek = history
            .Where(s => s.Kind == SuggestionKind.Hold && s.State == SuggestionState.Expired && (s.ResolvedAt ?? s.CreatedAt) > weekAgo)
            .Select(s => s.PersonKey)
            .ToHashSet(StringComparer.Ordinal);

        var suggestions = new List<SuggestionPlan>();
        foreach (var person in candidates.Where(c => focus.Contains(c.PersonKey)))
        {
            if (openLeft <= 0 || (tasksLeft <= 0 && holdsLeft <= 0))
            {
                break;
            }

            var reason = ReasonWriter.Write(person, now, organizationName, options.MoveIsNewsFor, historyStart);
            var wantsHold = person.Tier == Tier.Inner && person.Status == RelationshipStatus.Overdue &&
                            reason.Channel == ReasonWriter.Coffee && !unusedHoldThisWeek.Contains(person.PersonKey);
            SuggestionKind kind;
            if (wantsHold && holdsLeft > 0)
            {
                kind = SuggestionKind.Hold;
                holdsLeft--;
            }
            else if (tasksLeft > 0)
            {
                kind = SuggestionKind.Task;
                tasksLeft--;
            }
            else
            {
                continue;
            }

            openLeft--;
            // A suggestion is for now: due within two weeks (by the cadence's maximum when that comes sooner), never in a few days' rush.
            var due = person.OverdueAt is { } overdue && overdue > now + MinimumLead ? (overdue < now + MaximumLead ? overdue : now + MaximumLead) : now + MinimumLead;
            suggestions.Add(new SuggestionPlan(person.PersonKey, person.DisplayName, kind, reason.Text, reason.Channel, reason.ChannelAdvice, due, person.Priority));
        }

        return (focus, suggestions);
    }

    /// <summary>
    /// The due and overdue people worth a suggestion, best first (priority, then key), as many as the focus list can
    /// hold: only they can be in it, so the rest need no sorting.
    /// </summary>
    private List<RelationshipAssessment> TopCandidates(IReadOnlyList<RelationshipAssessment> relationships, HashSet<string> openPeople)
    {
        var top = new List<RelationshipAssessment>(options.FocusListSize + 1);
        foreach (var r in relationships)
        {
            if (r.Status is not (RelationshipStatus.Due or RelationshipStatus.Overdue) || r.NextMeeting is not null ||
                openPeople.Contains(r.PersonKey) || (r.LastContactAt is { } last && now - last < options.JustContacted))
            {
                continue;
            }

            var at = top.Count;
            while (at > 0 && Better(r, top[at - 1]))
            {
                at--;
            }

            if (at < options.FocusListSize)
            {
                top.Insert(at, r);
                if (top.Count > options.FocusListSize)
                {
                    top.RemoveAt(options.FocusListSize);
                }
            }
        }

        return top;

        static bool Better(RelationshipAssessment a, RelationshipAssessment b)
        {
            var byPriority = b.Priority.CompareTo(a.Priority);
            return byPriority < 0 || (byPriority == 0 && string.CompareOrdinal(a.PersonKey, b.PersonKey) < 0);
        }
    }
}
