namespace GraphNetworker.Core.Model;

/// <summary>What kind of contact an interaction records, seen from the mailbox owner.</summary>
public enum InteractionKind
{
    EmailSent,
    EmailReceived,
    Meeting,

    /// <summary>A Teams chat whose last message of the day the owner sent: an exchange with its members, as a reply is.</summary>
    TeamsChatSent,

    /// <summary>A Teams chat whose last message of the day someone else sent: an exchange with its members.</summary>
    TeamsChatReceived,

    /// <summary>A Teams call that took place (peer-to-peer or an ad hoc group call): a held meeting with its participants.</summary>
    TeamsCall,
}

/// <summary>A counterpart's role in an item: mail headers or meeting attendance.</summary>
public enum ParticipantRole
{
    From,
    To,
    Cc,
    Bcc,
    Organizer,
    Attendee,
}

/// <summary>An attendee's (or the owner's) answer to a meeting.</summary>
public enum MeetingResponse
{
    None,
    Organizer,
    Accepted,
    TentativelyAccepted,
    Declined,
    NotResponded,
}

/// <summary>One address on an item, with its role. The owner's own addresses may appear too; they never become contacts.</summary>
public sealed record Participant(
    string Address,
    string? DisplayName,
    ParticipantRole Role,
    MeetingResponse Response = MeetingResponse.None,
    bool IsResource = false)
{
    /// <summary>
    /// The number the mailbox's store gave this address and name (its correspondent), or zero when none was given. Within
    /// one evaluation a number always stands for the same address and name, so the engine knows a numbered participant by
    /// the number, without reading the address's text again.
    /// </summary>
    public int Correspondent { get; init; }
}

/// <summary>
/// Signals about bulk mail: Graph's <c>inferenceClassification</c> and, when present, the list headers
/// (<c>List-Unsubscribe</c>, <c>List-Id</c>, <c>Precedence: bulk|list|junk</c>, <c>Auto-Submitted</c> other than
/// <c>no</c>). The engine needs their presence, not their text, so the mapper reads the headers into these flags.
/// A list header makes mail bulk; <see cref="ClassifiedOther"/> alone does not (real people land in Focused Inbox's Other).
/// </summary>
[Flags]
public enum BulkSignals
{
    None = 0,
    ClassifiedOther = 1,
    ListUnsubscribe = 2,
    ListId = 4,
    PrecedenceBulk = 8,
    AutoSubmitted = 16,
}

/// <summary>
/// One mail item or meeting in one owner's mailbox. The engine accepts these in any order and with repeats:
/// copies of one message (same <see cref="InternetMessageId"/>) and replays of one item (same <see cref="ItemId"/>) count once.
/// </summary>
public sealed record Interaction
{
    /// <summary>The Graph item id (immutable id): the identity of this copy.</summary>
    public required string ItemId { get; init; }

    public required InteractionKind Kind { get; init; }

    /// <summary>When it happened: sent or received time for mail, the start for a meeting.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    public required IReadOnlyList<Participant> Participants { get; init; }

    /// <summary>How many people were on it in total (recipients or attendees, owner included); 0 when only the listed participants are known.</summary>
    public int ParticipantCount { get; init; }

    /// <summary>The RFC 5322 Message-ID as Graph gave it: the same across copies of one message in several folders. Not stored (see <see cref="MessageKey"/>).</summary>
    public string? InternetMessageId { get; init; }

    /// <summary>
    /// What tells copies of one message apart from other messages: a stable 64-bit hash of <see cref="InternetMessageId"/>
    /// (<see cref="StableHash"/>). The store keeps this key, not the text, so an item read back carries the key alone.
    /// </summary>
    public long? MessageKey
    {
        get => _messageKey ?? (string.IsNullOrWhiteSpace(InternetMessageId) ? null : StableHash.Of(InternetMessageId));
        init => _messageKey = value;
    }

    private readonly long? _messageKey;

    /// <summary>Only kept when the administrator enabled subjects.</summary>
    public string? Subject { get; init; }

    /// <summary>
    /// Outlook's link to the item: the text given (the mappers'), or made from the item's id by <see cref="WebLinkFormat"/>
    /// when read (an item the store read back, whose link it keeps as a format). Made only when asked for: the engine
    /// keeps the format of its latest contacts and makes the links of those an assessment is asked for.
    /// </summary>
    public string? WebLink
    {
        get => _webLink ?? WebLinkFormat?.LinkFor(ItemId);
        init => _webLink = value;
    }

    private readonly string? _webLink;

    /// <summary>How <see cref="WebLink"/> is made from the item's id when no text was given.</summary>
    public IWebLinkFormat? WebLinkFormat { get; init; }

    /// <summary>The link as the item holds it, without making it: the text given, else the format (null: no link).</summary>
    internal object? WebLinkSource => (object?)_webLink ?? WebLinkFormat;

    public BulkSignals Bulk { get; init; } = BulkSignals.None;

    /// <summary>Meetings: whether the organizer cancelled it.</summary>
    public bool IsCancelled { get; init; }

    /// <summary>Meetings: the owner's own answer.</summary>
    public MeetingResponse OwnerResponse { get; init; } = MeetingResponse.None;

    /// <summary>Meetings: the end time, if known.</summary>
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>True when this item is a coffee hold GraphNetworker wrote itself: it is not a meeting with anyone until the user invites them.</summary>
    public bool IsOwnHold { get; init; }

    internal int TotalParticipants => Math.Max(ParticipantCount, Participants.Count);
}

/// <summary>A shape of web link made from an item's id (the store keeps a tenant's few shapes, not every item's link).</summary>
public interface IWebLinkFormat
{
    /// <summary>The link to the item with this id.</summary>
    string LinkFor(string itemId);
}
