namespace GraphNetworker.Store.Entities;

public enum FolderKind
{
    Mail = 0,
    Calendar = 1,
}

/// <summary>Where delta sync stands for one mail folder or the calendar view of one mailbox.</summary>
public sealed class FolderCursor
{
    public required string MailboxId { get; set; }

    /// <summary>The Graph folder id (or "calendarView" for the calendar).</summary>
    public required string FolderId { get; set; }

    public FolderKind Kind { get; set; }

    public string? DisplayName { get; set; }

    public string? ParentFolderId { get; set; }

    /// <summary>The well-known name when the folder has one (<c>inbox</c>, <c>sentitems</c>, <c>archive</c>): Sent Items decides the direction of mail.</summary>
    public string? WellKnownName { get; set; }

    /// <summary>The link that starts the next incremental round (null until a round completes).</summary>
    public string? DeltaLink { get; set; }

    /// <summary>The link to the next page of a round in progress (a crash resumes here).</summary>
    public string? NextLink { get; set; }

    /// <summary>Bumped by every full round: items not seen by a completed full round are swept.</summary>
    public int Generation { get; set; }

    /// <summary>True while the round in progress is a full (initial) one.</summary>
    public bool FullRound { get; set; }

    public DateTime? RoundStartedAt { get; set; }

    public DateTime? LastCompletedAt { get; set; }

    /// <summary>The calendar window bound into the delta tokens.</summary>
    public DateTime? WindowStart { get; set; }

    public DateTime? WindowEnd { get; set; }

    /// <summary>The folder no longer exists or is no longer tracked.</summary>
    public bool IsRemoved { get; set; }

    /// <summary>Graph's $filter cap (5,000 newest) was reached on the initial round.</summary>
    public bool Truncated { get; set; }

    public int Resyncs { get; set; }
}
