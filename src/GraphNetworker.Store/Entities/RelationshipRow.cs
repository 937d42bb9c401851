namespace GraphNetworker.Store.Entities;

/// <summary>The engine's latest assessment of one person in one mailbox (replaced on every evaluation).</summary>
public sealed class RelationshipRow
{
    public required string MailboxId { get; set; }

    public required string PersonKey { get; set; }

    public required string DisplayName { get; set; }

    /// <summary>JSON array of addresses.</summary>
    public required string Addresses { get; set; }

    public DateTime? LastContactAt { get; set; }

    /// <summary>The engine's ContactChannel of the last contact.</summary>
    public int? LastContactChannel { get; set; }

    public string? LastContactItemId { get; set; }

    public string? LastContactWebLink { get; set; }

    public string? LastContactSubject { get; set; }

    public DateTime? LastOutboundAt { get; set; }

    public string? LastOutboundWebLink { get; set; }

    public DateTime? LastInboundAt { get; set; }

    public string? LastInboundWebLink { get; set; }

    public DateTime? LastMeetingAt { get; set; }

    public string? LastMeetingWebLink { get; set; }

    public DateTime? NextMeetingAt { get; set; }

    public DateTime? FirstContactAt { get; set; }

    public double Strength { get; set; }

    public double PeakStrength { get; set; }

    public DateTime? PeakAt { get; set; }

    public int Trend { get; set; }

    public int Tier { get; set; }

    public bool TierOverridden { get; set; }

    public int CadenceDays { get; set; }

    public int OverdueDays { get; set; }

    public DateTime? DueAt { get; set; }

    public DateTime? OverdueAt { get; set; }

    public int Status { get; set; }

    public string? ExcludedReason { get; set; }

    public DateTime? SnoozedUntil { get; set; }

    /// <summary>JSON array of sentences.</summary>
    public required string Why { get; set; }

    public double Priority { get; set; }

    public bool IsDrifting { get; set; }

    public string? PeakRhythm { get; set; }

    public bool IsSenior { get; set; }

    public string? JobTitle { get; set; }

    public DateTime? MovedAt { get; set; }

    public string? MovedToAddress { get; set; }

    public bool AccountClosed { get; set; }

    public double MeetingShare { get; set; }

    public int CountedItems { get; set; }

    public int IgnoredItems { get; set; }

    /// <summary>Position in the focus list (1 = first), or null when not in focus.</summary>
    public int? FocusRank { get; set; }

    public DateTime EvaluatedAt { get; set; }
}
