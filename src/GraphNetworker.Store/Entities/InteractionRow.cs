namespace GraphNetworker.Store.Entities;

/// <summary>Bulk-mail signals kept as flags (the engine needs their presence, not their text).</summary>
[Flags]
public enum BulkFlags
{
    None = 0,
    ClassifiedOther = 1,
    ListUnsubscribe = 2,
    ListId = 4,
    PrecedenceBulk = 8,
    AutoSubmitted = 16,
}

/// <summary>
/// One mail item or calendar occurrence, as metadata: when, who (compact JSON of address, name, role, response),
/// how many, and the signals the engine needs. Never a body; the subject only when the administrator enabled it.
/// </summary>
public sealed class InteractionRow
{
    public long Id { get; set; }

    public required string MailboxId { get; set; }

    /// <summary>The immutable Graph id of this copy.</summary>
    public required string GraphId { get; set; }

    public required string FolderId { get; set; }

    /// <summary>0 sent, 1 received, 2 meeting (the engine's InteractionKind).</summary>
    public int Kind { get; set; }

    public DateTime OccurredAt { get; set; }

    public DateTime? EndsAt { get; set; }

    public int ParticipantCount { get; set; }

    /// <summary>Participants as compact JSON: <c>[{"a":"dana@x.com","n":"Dana","r":1,"s":0,"x":false}]</c>.</summary>
    public required string Participants { get; set; }

    public string? ConversationId { get; set; }

    public string? InternetMessageId { get; set; }

    public string? Subject { get; set; }

    public string? WebLink { get; set; }

    public BulkFlags Bulk { get; set; }

    public bool IsCancelled { get; set; }

    /// <summary>The owner's own response (the engine's MeetingResponse).</summary>
    public int OwnerResponse { get; set; }

    public bool IsOwnHold { get; set; }

    public string? SeriesMasterId { get; set; }

    /// <summary>The folder generation that last saw this item (see <see cref="FolderCursor.Generation"/>).</summary>
    public int Generation { get; set; }

    public DateTime UpdatedAt { get; set; }
}
