using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Scoring;

/// <summary>Which sentence ends a tracked person's why: the reason for their status.</summary>
internal enum StatusReason : byte
{
    Snoozed,
    AlreadyScheduled,
    NothingToTimeFrom,
    NotYetDue,
    Due,
    Overdue,
}

/// <summary>Where a tracked relationship stands, when the next touch is due, and how much it deserves a suggestion now.</summary>
internal readonly record struct StatusDecision(
    RelationshipStatus Status, StatusReason Reason, DateTimeOffset? DueAt, DateTimeOffset? OverdueAt, DateTimeOffset? SnoozedUntil, double Priority, bool News);

/// <summary>What the status depends on, besides the person's history of suggestions and preferences.</summary>
internal readonly record struct StatusInputs(
    Cadence Cadence,
    Tier Tier,
    DateTimeOffset? LastTouch,
    MoveSignal? Move,
    double Strength,
    double PeakStrength,
    DateTimeOffset? PeakAt,
    DateTimeOffset? LastOutboundAt,
    DateTimeOffset? LastMeetingAt,
    DateTimeOffset? NextMeeting,
    bool IsDrifting);

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

    public StatusDecision Decide(in StatusInputs person, PersonPreference? preference, IReadOnlyList<Suggestion> history)
    {
        var cadence = person.Cadence;
        var lastTouch = person.LastTouch;
        var news = IsNews(person.Move, person.Strength, person.PeakStrength);
        DateTimeOffset? dueAt = lastTouch + cadence.DueAfter;
        DateTimeOffset? overdueAt = lastTouch + cadence.OverdueAfter;
        if (news && person.Move?.At is { } movedAt && !AnsweredSince(person, movedAt))
        {
            var newsDue = (lastTouch is { } t && t > movedAt ? t : movedAt) + options.JustContacted;
            if (dueAt is null || newsDue < dueAt)
            {
                dueAt = newsDue;
                overdueAt = newsDue + (cadence.OverdueAfter - cadence.DueAfter);
            }
        }

        if (SnoozedUntil(preference, history, cadence) is { } until)
        {
            return new StatusDecision(RelationshipStatus.Snoozed, StatusReason.Snoozed, dueAt, overdueAt, until, 0, news);
        }

        if (person.NextMeeting is not null)
        {
            return new StatusDecision(RelationshipStatus.Ok, StatusReason.AlreadyScheduled, dueAt, overdueAt, null, 0, news);
        }

        if (lastTouch is null || dueAt is null || overdueAt is null)
        {
            return new StatusDecision(RelationshipStatus.Ok, StatusReason.NothingToTimeFrom, dueAt, overdueAt, null, 0, news);
        }

        if (now - lastTouch < options.JustContacted || now < dueAt)
        {
            return new StatusDecision(RelationshipStatus.Ok, StatusReason.NotYetDue, dueAt, overdueAt, null, 0, news);
        }

        var (status, reason) = now >= overdueAt ? (RelationshipStatus.Overdue, StatusReason.Overdue) : (RelationshipStatus.Due, StatusReason.Due);
        return new StatusDecision(status, reason, dueAt, overdueAt, null, Priority(person, lastTouch.Value, news, history), news);
    }

    /// <summary>A move or departure of someone you were at least in regular touch with, recent enough to be news.</summary>
    public bool IsNews(MoveSignal? move, double strength, double peakStrength) =>
        move?.At is { } at
        && now - at <= options.MoveIsNewsFor
        && Math.Max(strength, peakStrength) >= options.RegularThreshold;

    /// <summary>
    /// Priority = 100 × (0.1 + 0.9 × tier score) × lateness (time since the last touch over the due window, 1 to 3),
    /// plus 25 when drifting and 40 when a move is news, minus fatigue: 12 per suggestion in the past year and 10 more
    /// per dismissal.
    /// </summary>
    private double Priority(in StatusInputs person, DateTimeOffset lastTouch, bool news, IReadOnlyList<Suggestion> history)
    {
        var basis = TierPolicy.TierScore(person.Strength, person.PeakStrength, person.PeakAt, now, options.PeakMemory) / 100;
        var lateness = Math.Clamp((now - lastTouch).TotalDays / person.Cadence.DueAfter.TotalDays, 1, 3);
        // How much there was counts most: a faint contact long overdue stays below a close one just overdue.
        var priority = 100 * (0.1 + (0.9 * basis)) * lateness;
        priority += person.IsDrifting ? DriftBonus : 0;
        priority += news ? NewsBonus : 0;
        var (recent, dismissed) = (0, 0);
        var yearAgo = now.AddDays(-365);
        foreach (var suggestion in history)
        {
            if (suggestion.CreatedAt > yearAgo)
            {
                recent++;
                dismissed += suggestion.State == SuggestionState.Dismissed ? 1 : 0;
            }
        }

        priority -= (recent * FatiguePerSuggestion) + (dismissed * FatiguePerDismissal);
        return Math.Round(Math.Max(priority, 1), 1);
    }

    private static bool AnsweredSince(in StatusInputs person, DateTimeOffset since) =>
        person.LastOutboundAt >= since || person.LastMeetingAt >= since;

    private DateTimeOffset? SnoozedUntil(PersonPreference? preference, IReadOnlyList<Suggestion> history, Cadence cadence)
    {
        DateTimeOffset? until = preference?.SnoozedUntil > now ? preference.SnoozedUntil : null;
        foreach (var dismissed in history)
        {
            if (dismissed.State != SuggestionState.Dismissed)
            {
                continue;
            }

            var end = (dismissed.ResolvedAt ?? dismissed.CreatedAt) + cadence.DueAfter;
            if (end > now && (until is null || end > until))
            {
                until = end;
            }
        }

        return until;
    }
}
