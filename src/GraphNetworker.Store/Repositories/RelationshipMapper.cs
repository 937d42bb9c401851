using System.Text.Json;
using GraphNetworker.Core.Model;
using GraphNetworker.Store.Entities;

namespace GraphNetworker.Store.Repositories;

/// <summary>Maps an engine assessment to its row.</summary>
public static class RelationshipMapper
{
    public static RelationshipRow ToRow(string mailboxId, RelationshipAssessment r, int focusRank, DateTimeOffset evaluatedAt) => new()
    {
        MailboxId = mailboxId,
        PersonKey = r.PersonKey,
        DisplayName = Truncate(r.DisplayName, 256),
        Addresses = JsonSerializer.Serialize(r.Addresses),
        LastContactAt = r.LastContact?.At.UtcDateTime,
        LastContactChannel = r.LastContact is null ? null : (int)r.LastContact.Channel,
        LastContactItemId = r.LastContact?.ItemId,
        LastContactWebLink = r.LastContact?.WebLink,
        LastContactSubject = r.LastContact?.Subject is { } subject ? Truncate(subject, 255) : null,
        LastOutboundAt = r.LastOutbound?.At.UtcDateTime,
        LastOutboundWebLink = r.LastOutbound?.WebLink,
        LastInboundAt = r.LastInbound?.At.UtcDateTime,
        LastInboundWebLink = r.LastInbound?.WebLink,
        LastMeetingAt = r.LastMeeting?.At.UtcDateTime,
        LastMeetingWebLink = r.LastMeeting?.WebLink,
        NextMeetingAt = r.NextMeeting?.UtcDateTime,
        FirstContactAt = r.FirstContact?.UtcDateTime,
        Strength = r.Strength,
        PeakStrength = r.PeakStrength,
        PeakAt = r.PeakAt?.UtcDateTime,
        Trend = (int)r.Trend,
        Tier = (int)r.Tier,
        TierOverridden = r.TierOverridden,
        CadenceDays = r.Cadence.DueDays,
        OverdueDays = (int)Math.Round(r.Cadence.OverdueAfter.TotalDays),
        DueAt = r.DueAt?.UtcDateTime,
        OverdueAt = r.OverdueAt?.UtcDateTime,
        Status = (int)r.Status,
        ExcludedReason = r.ExcludedReason,
        SnoozedUntil = r.SnoozedUntil?.UtcDateTime,
        Why = JsonSerializer.Serialize(r.Why),
        Priority = r.Priority,
        IsDrifting = r.IsDrifting,
        PeakRhythm = r.PeakRhythm,
        IsSenior = r.IsSenior,
        JobTitle = r.JobTitle is { } title ? Truncate(title, 256) : null,
        MovedAt = r.Move?.At?.UtcDateTime,
        MovedToAddress = r.Move?.NewAddress,
        AccountClosed = r.Move?.AccountClosed == true,
        MeetingShare = r.MeetingShare,
        CountedItems = r.CountedItems,
        IgnoredItems = r.IgnoredItems,
        FocusRank = focusRank == 0 ? null : focusRank,
        EvaluatedAt = evaluatedAt.UtcDateTime,
    };

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
