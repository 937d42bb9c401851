namespace GraphNetworker.Store.Items;

/// <summary>The <c>Items</c> table: its name and columns, for the model and the hand-written statements alike.</summary>
internal static class ItemColumns
{
    public const string Entity = "Item";
    public const string Table = "Items";
    public const string MailboxNumber = "MailboxNumber";
    public const string ItemKey = "ItemKey";
    public const string Folder = "Folder";
    public const string Generation = "Generation";
    public const string Kind = "Kind";
    public const string OccurredAt = "OccurredAt";
    public const string EndsAt = "EndsAt";
    public const string ParticipantCount = "ParticipantCount";
    public const string MessageKey = "MessageKey";
    public const string Bulk = "Bulk";
    public const string Response = "Response";
    public const string IsCancelled = "IsCancelled";
    public const string IsOwnHold = "IsOwnHold";
    public const string GraphId = "GraphId";
    public const string Participants = "Participants";
    public const string LinkFormat = "LinkFormat";
    public const string Link = "Link";
    public const string Subject = "Subject";

    /// <summary>A packed id of up to 1,023 bytes: the mappers refuse ids over 512 characters.</summary>
    public const int GraphIdBytes = 1024;

    /// <summary>A web link kept whole (one that follows no known format).</summary>
    public const int LinkLength = 2048;

    /// <summary>Every column in the order the writer and reader use.</summary>
    public static readonly string[] All =
    [
        MailboxNumber, ItemKey, Folder, Generation, Kind, OccurredAt, EndsAt, ParticipantCount, MessageKey, Bulk, Response,
        IsCancelled, IsOwnHold, GraphId, Participants, LinkFormat, Link, Subject,
    ];
}

/// <summary>The <c>Correspondents</c> table.</summary>
internal static class CorrespondentColumns
{
    public const string Entity = "Correspondent";
    public const string Table = "Correspondents";
    public const string MailboxNumber = "MailboxNumber";
    public const string Number = "Number";
    public const string Address = "Address";
    public const string Name = "Name";

    public static readonly string[] All = [MailboxNumber, Number, Address, Name];
}

/// <summary>The <c>LinkFormats</c> table.</summary>
internal static class LinkFormatColumns
{
    public const string Entity = "LinkFormat";
    public const string Table = "LinkFormats";
    public const string Id = "Id";
    public const string Prefix = "Prefix";
    public const string Suffix = "Suffix";
    public const string Escaped = "Escaped";
    public const int PartLength = 1000;

    public static readonly string[] All = [Id, Prefix, Suffix, Escaped];
}
