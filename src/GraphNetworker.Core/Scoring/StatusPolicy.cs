using GraphNetworker.Core.Model;
using GraphNetworker.Core.Planning;

namespace GraphNetworker.Core.Scoring;

/// <summary>
/// Where a tracked relationship stands today (ok, due, overdue, snoozed) and how much it deserves a suggestion now.
/// The cadence counts from the last touch: the last contact, or a completed suggestion. A move or departure that is
/// still news, and that you have not answered, makes the person due as soon as the just-contacted window has passed.
/// </summary>
internal sealed class StatusPolicy(EngineOptions options, DateTimeOffset now)
{
    private const double DriftBonus = 25;
    private const double NewsBonus = 40;
    private const double FatiguePerSuggestion = 12;
    private const double FatiguePerDismissal = 10;

    public RelationshipAssessment Apply(
        RelationshipAssessment assessment,
        ContactLedger ledger,
        PersonPreference? preference,
        IReadOnlyList<Suggestion> history,
        List<string> why,
        string? organizationName)
    {
        var cadence = assessment.Cadence;
        var lastTouch = ledger.LastTouch;
        ExplainLastContact(assessment, ledger, why);

        var news = IsNews(assessment);
        if (assessment.Move is { } move && news)
        {
            why.Add(move.NewDomain is not null
                ? $"Moved to {move.NewDomain}: mail from {move.NewAddress} since {Wording.Day(move.At ?? now)}."
                : move.DateEstimated
                    ? $"Left {organizationName ?? "the organisation"}: account closed; the last mail from it was in {Wording.Month(move.At ?? now, now)}."
                    : $"Left {organizationName ?? "the organisation"}: account closed in {Wording.Month(move.At ?? now, now)}.");
        }

        DateTimeOffset? dueAt = lastTouch + cadence.DueAfter;
        DateTimeOffset? overdueAt = lastTouch + cadence.OverdueAfter;
        if (news && assessment.Move?.At is { } movedAt && !AnsweredSince(assessment, movedAt))
        {
            var newsDue = (lastTouch is { } t && t > movedAt ? t : movedAt) + options.JustContacted;
            if (dueAt is null || newsDue < dueAt)
            {
                dueAt = newsDue;
                overdueAt = newsDue + (cadence.OverdueAfter - cadence.DueAfter);
            }
        }

        var result = assessment with { DueAt = dueAt, OverdueAt = overdueAt };
        var snoozedUntil = SnoozedUntil(preference, history, cadence);
        if (snoozedUntil is { } until)
        {
            why.Add($"Snoozed until {Wording.Day(until)}: you dismissed a suggestion or asked to wait.");
            return result with { Status = RelationshipStatus.Snoozed, SnoozedUntil = until, Why = why };
        }

        if (assessment.NextMeeting is { } next)
        {
            why.Add($"Already scheduled: a meeting on {Wording.Day(next)}.");
            return result with { Status = RelationshipStatus.Ok, Why = why };
        }

        if (lastTouch is null || dueAt is null || overdueAt is null)
        {
            why.Add("Nothing to time a cadence from yet.");
            return result with { Status = RelationshipStatus.Ok, Why = why };
        }

        if (now - lastTouch < options.JustContacted || now < dueAt)
        {
            why.Add($"Next touch due {Wording.Day(dueAt.Value)}.");
            return result with { Status = RelationshipStatus.Ok, Why = why };
        }

        var status = now >= overdueAt ? RelationshipStatus.Overdue : RelationshipStatus.Due;
        why.Add(status == RelationshipStatus.Overdue
            ? $"Overdue since {Wording.Day(overdueAt.Value)} ({Wording.TierName(assessment.Tier)} allows {(int)cadence.OverdueAfter.TotalDays} days at most)."
            : $"Due since {Wording.Day(dueAt.Value)}.");
        if (assessment.IsDrifting)
        {
            why.Add($"Drifting: you used to talk {assessment.PeakRhythm}; strength fell from {assessment.PeakStrength:0} to {assessment.Strength:0}.");
        }

        return result with { Status = status, Why = why, Priority = Priority(assessment, lastTouch.Value, news, history) };
    }

    /// <summary>
    /// Priority = 100 × (0.1 + 0.9 × tier score) × lateness (time since the last touch over the due window, 1 to 3),
    /// plus 25 when drifting and 40 when a move is news, minus fatigue: 12 per suggestion in the past year and 10 more
    /// per dismissal.
    /// </summary>
    private double Priority(RelationshipAssessment assessment, DateTimeOffset lastTouch, bool news, IReadOnlyList<Suggestion> history)
    {
        var basis = TierPolicy.TierScore(assessment.Strength, assessment.PeakStrength, assessment.PeakAt, now, options.PeakMemory) / 100;
        var lateness = Math.Clamp((now - lastTouch).TotalDays / assessment.Cadence.DueAfter.TotalDays, 1, 3);
        // How much there was counts most: a faint contact long overdue stays below a close one just overdue.
        var priority = 100 * (0.1 + (0.9 * basis)) * lateness;
        priority += assessment.IsDrifting ? DriftBonus : 0;
        priority += news ? NewsBonus : 0;
        var recent = history.Where(s => s.CreatedAt > now.AddDays(-365)).ToList();
        priority -= (recent.Count * FatiguePerSuggestion) + (recent.Count(s => s.State == SuggestionState.Dismissed) * FatiguePerDismissal);
        return Math.Round(Math.Max(priority, 1), 1);
    }

    private bool IsNews(RelationshipAssessment assessment) =>
        assessment.Move?.At is { } at
        && now - at <= options.MoveIsNewsFor
        && Math.Max(assessment.Strength, assessment.PeakStrength) >= options.RegularThreshold;

    private static bool AnsweredSince(RelationshipAssessment assessment, DateTimeOffset since) =>
        assessment.LastOutbound?.At >= since || assessment.LastMeeting?.At >= since;

    private DateTimeOffset? SnoozedUntil(PersonPreference? preference, IReadOnlyList<Suggestion> history, Cadence cadence)
    {
        DateTimeOffset? until = preference?.SnoozedUntil > now ? preference.SnoozedUntil : null;
        foreach (var dismissed in history.Where(s => s.State == SuggestionState.Dismissed))
        {
            var end = (dismissed.ResolvedAt ?? dismissed.CreatedAt) + cadence.DueAfter;
            if (end > now && (until is null || end > until))
            {
                until = end;
            }
        }

        return until;
    }

    private void ExplainLastContact(RelationshipAssessment assessment, ContactLedger ledger, List<string> why)
    {
        if (assessment.LastContact is { } last)
        {
            why.Add($"Last contact: {Wording.ChannelName(last.Channel)} on {Wording.Day(last.At)} ({Wording.Ago(last.At, now)}).");
        }

        if (ledger.LastCompletedSuggestion is { } done && (assessment.LastContact is null || done > assessment.LastContact.At))
        {
            why.Add($"Last touch: you completed a suggestion on {Wording.Day(done)}.");
        }
    }
}
