namespace GraphNetworker.Store.Entities;

/// <summary>
/// A suggestion and its life in Outlook: planned (Pending), written (Open, with the Graph id), and what the user did
/// (Completed, Dismissed, NotARelationship, Expired). The id is deterministic, and doubles as the task's linkedResource
/// externalId and the hold's transactionId, so a retry finds what an earlier attempt wrote.
/// </summary>
public sealed class SuggestionRow
{
    public required string Id { get; set; }

    public required string MailboxId { get; set; }

    public required string PersonKey { get; set; }

    public required string DisplayName { get; set; }

    /// <summary>The engine's SuggestionKind (0 task, 1 hold).</summary>
    public int Kind { get; set; }

    /// <summary>The engine's SuggestionState.</summary>
    public int State { get; set; }

    public required string Reason { get; set; }

    public required string Channel { get; set; }

    public required string ChannelAdvice { get; set; }

    public DateTime DueAt { get; set; }

    public double Priority { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ResolvedAt { get; set; }

    /// <summary>The To Do task id or the event id in the user's mailbox.</summary>
    public string? GraphId { get; set; }

    public string? GraphListId { get; set; }

    public DateTime? WrittenAt { get; set; }

    public DateTime? HoldStart { get; set; }

    public DateTime? HoldEnd { get; set; }

    /// <summary>The due date the user set in To Do, when they moved it.</summary>
    public DateTime? UserDueAt { get; set; }

    public DateTime? LastReadAt { get; set; }
}

public enum OutlookOperation
{
    CreateList = 0,
    CreateTask = 1,
    CreateHold = 2,
    FoundTask = 3,
    FoundHold = 4,
}

public enum OutlookWriteStatus
{
    Started = 0,
    Succeeded = 1,
    Failed = 2,
}

/// <summary>The ledger of every write to a user's Outlook, begun before the request and completed after it.</summary>
public sealed class OutlookWrite
{
    public long Id { get; set; }

    public required string MailboxId { get; set; }

    public string? SuggestionId { get; set; }

    public OutlookOperation Operation { get; set; }

    public OutlookWriteStatus Status { get; set; }

    public string? GraphId { get; set; }

    public string? RequestId { get; set; }

    public string? Error { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? CompletedAt { get; set; }
}
