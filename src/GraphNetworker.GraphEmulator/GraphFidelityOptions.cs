using System.Reflection;

namespace GraphNetworker.GraphEmulator;

/// <summary>
/// How strictly the emulator plays Microsoft Graph where clients commonly get it wrong. Every default is the
/// strictest behaviour Microsoft documents or field reports show (sources in docs/emulator.md, "Fidelity");
/// <see cref="Legacy"/> reproduces the emulator's earlier, lenient behaviour, one property per behaviour so a
/// client can move to the strict behaviour one item at a time (<see cref="UseLegacy"/>).
/// </summary>
public sealed class GraphFidelityOptions
{
    /// <summary>
    /// Directory queries that Microsoft lists as advanced (an OData cast on transitiveMembers, <c>$search</c>,
    /// <c>ne</c>/<c>not</c>/<c>endsWith</c>, <c>$filter</c> with <c>$orderby</c>, <c>$orderby</c> on
    /// non-default properties) need <c>ConsistencyLevel: eventual</c> and <c>$count=true</c>, and
    /// <c>$count=true</c> without the header is ignored.
    /// </summary>
    public AdvancedQueryRule AdvancedQueries { get; set; } = AdvancedQueryRule.Required;

    /// <summary>Steps of one <c>$batch</c> beyond the per-mailbox concurrency limit answer 429 inside the envelope.</summary>
    public BatchMailboxConcurrency BatchMailboxConcurrency { get; set; } = BatchMailboxConcurrency.ThrottleExcessSteps;

    /// <summary>Whether messages in Sent Items carry <c>internetMessageHeaders</c> (the copy in Sent Items has none).</summary>
    public bool SentItemsHaveInternetMessageHeaders { get; set; }

    /// <summary>What a Mail.ReadBasic(.All) caller that selects <c>internetMessageHeaders</c> gets.</summary>
    public ReadBasicInternetMessageHeaders InternetMessageHeadersUnderReadBasic { get; set; } = ReadBasicInternetMessageHeaders.Omitted;

    /// <summary>
    /// Mailboxes (ids or UPNs, <c>*</c> for all) whose calendarView delta never ends: next links rotate while
    /// the pages repeat items already sent, and no deltaLink ever comes.
    /// </summary>
    public List<string> EndlessCalendarDeltaMailboxes { get; set; } = [];

    /// <summary>calendarView (and its delta) windows longer than this answer 503; null (or not positive) for no limit.</summary>
    public TimeSpan? CalendarWindowServiceUnavailableAbove { get; set; } = TimeSpan.FromDays(365);

    /// <summary>In message delta change rounds, an updated item carries only <c>id</c>, <c>parentFolderId</c> and the changed properties.</summary>
    public bool PartialDeltaUpdates { get; set; } = true;

    /// <summary>The <c>@removed</c> reason of a message moved out of (or deleted from) a folder.</summary>
    public RemovedReason MessageRemovedReason { get; set; } = RemovedReason.Deleted;

    /// <summary>How To Do returns <c>dueDateTime</c> and <c>completedDateTime</c>.</summary>
    public TodoDateTimes TodoDateTimes { get; set; } = TodoDateTimes.Utc;

    /// <summary>A folder key that is neither a folder id nor a v1.0 well-known name, and not shaped like an id.</summary>
    public MalformedFolderId MalformedFolderIds { get; set; } = MalformedFolderId.BadRequest400;

    /// <summary>Whether every mailbox has the "RSS Feeds" folder (an ordinary child of the root) as Exchange creates it.</summary>
    public bool RssFeedsFolder { get; set; } = true;

    /// <summary>What create-todoTask does with <c>checklistItems</c> in its body (not part of the documented body).</summary>
    public InlineChecklistItems InlineChecklistItems { get; set; } = InlineChecklistItems.Ignored;

    /// <summary>
    /// What <c>$expand=lastMessagePreview</c> on a user's chats does for a caller holding only Chat.ReadBasic.All
    /// ("read names and members"): the preview is message content, which Microsoft does not document either way.
    /// </summary>
    public ChatPreviewUnderReadBasic ChatPreviewUnderReadBasic { get; set; } = ChatPreviewUnderReadBasic.Refused403;

    /// <summary>The emulator's behaviour before these options existed: lenient everywhere.</summary>
    public static GraphFidelityOptions Legacy => new()
    {
        AdvancedQueries = AdvancedQueryRule.NotRequired,
        BatchMailboxConcurrency = BatchMailboxConcurrency.Queue,
        SentItemsHaveInternetMessageHeaders = true,
        InternetMessageHeadersUnderReadBasic = ReadBasicInternetMessageHeaders.Returned,
        EndlessCalendarDeltaMailboxes = [],
        CalendarWindowServiceUnavailableAbove = null,
        PartialDeltaUpdates = false,
        MessageRemovedReason = RemovedReason.Deleted,
        TodoDateTimes = TodoDateTimes.AsWritten,
        MalformedFolderIds = MalformedFolderId.NotFound404,
        RssFeedsFolder = false,
        InlineChecklistItems = InlineChecklistItems.Created,
        ChatPreviewUnderReadBasic = ChatPreviewUnderReadBasic.Served,
    };

    /// <summary>The strict defaults (the same as <c>new GraphFidelityOptions()</c>).</summary>
    public static GraphFidelityOptions Strict => new();

    /// <summary>The names of the behaviours, as <see cref="UseLegacy"/> and the command line take them.</summary>
    public static IReadOnlyList<string> Behaviours { get; } =
        [.. typeof(GraphFidelityOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name)];

    /// <summary>Switches the named behaviours (property names, case-insensitive) back to <see cref="Legacy"/>.</summary>
    /// <exception cref="ArgumentException">A name is not one of <see cref="Behaviours"/>.</exception>
    public GraphFidelityOptions UseLegacy(params string[] behaviours)
    {
        ArgumentNullException.ThrowIfNull(behaviours);
        var legacy = Legacy;
        foreach (var name in behaviours)
        {
            var property = typeof(GraphFidelityOptions).GetProperty(name.Trim(), BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
                ?? throw new ArgumentException($"Unknown fidelity behaviour '{name}'; known: {string.Join(", ", Behaviours)}.", nameof(behaviours));
            property.SetValue(this, Copy(property.GetValue(legacy)));
        }

        return this;
    }

    public GraphFidelityOptions Clone()
    {
        var copy = (GraphFidelityOptions)MemberwiseClone();
        copy.EndlessCalendarDeltaMailboxes = [.. EndlessCalendarDeltaMailboxes];
        return copy;
    }

    internal bool IsEndlessCalendarDelta(string userId, string userPrincipalName) =>
        EndlessCalendarDeltaMailboxes.Any(m => m == "*" ||
            m.Equals(userId, StringComparison.OrdinalIgnoreCase) || m.Equals(userPrincipalName, StringComparison.OrdinalIgnoreCase));

    private static object? Copy(object? value) => value is List<string> list ? new List<string>(list) : value;
}

/// <summary>Whether directory advanced queries need <c>ConsistencyLevel: eventual</c> and <c>$count=true</c>.</summary>
public enum AdvancedQueryRule
{
    /// <summary>As Microsoft's advanced-query page says: without them 400 <c>Request_UnsupportedQuery</c>.</summary>
    Required,

    /// <summary>Every query works without them, and <c>$count=true</c> always adds <c>@odata.count</c>.</summary>
    NotRequired,
}

/// <summary>What happens to <c>$batch</c> steps beyond the per-mailbox concurrency limit.</summary>
public enum BatchMailboxConcurrency
{
    /// <summary>Steps beyond the limit for one mailbox answer 429 with Retry-After (steps chained by dependsOn are sequential).</summary>
    ThrottleExcessSteps,

    /// <summary>The batch runs at most four steps at a time, so none is throttled for concurrency.</summary>
    Queue,
}

/// <summary><c>internetMessageHeaders</c> for a caller holding only Mail.ReadBasic(.All).</summary>
public enum ReadBasicInternetMessageHeaders
{
    /// <summary>Served when selected.</summary>
    Returned,

    /// <summary>Silently left out of the response, even when selected.</summary>
    Omitted,

    /// <summary>Selecting it refuses the whole request with 403 <c>ErrorAccessDenied</c>.</summary>
    Refused403,
}

/// <summary>The reason in <c>"@removed": {"reason": …}</c>.</summary>
public enum RemovedReason
{
    /// <summary><c>"deleted"</c>: the item is gone from this collection.</summary>
    Deleted,

    /// <summary><c>"changed"</c>: the item still exists (elsewhere) and may come back.</summary>
    Changed,
}

/// <summary>How To Do answers with the dateTimeTimeZone values a client wrote.</summary>
public enum TodoDateTimes
{
    /// <summary>As written, in the zone written.</summary>
    AsWritten,

    /// <summary>The same instant converted to UTC, <c>"timeZone": "UTC"</c>.</summary>
    Utc,

    /// <summary>Converted to UTC, then the time dropped: midnight UTC of the UTC date.</summary>
    UtcDateOnly,
}

/// <summary>The answer for a folder key that is neither a folder id nor a well-known name.</summary>
public enum MalformedFolderId
{
    /// <summary>400 <c>ErrorInvalidIdMalformed</c> "Id is malformed.", as Graph answers a name it does not know.</summary>
    BadRequest400,

    /// <summary>404 <c>ErrorItemNotFound</c>.</summary>
    NotFound404,
}

/// <summary>What create-todoTask does with inline <c>checklistItems</c>.</summary>
public enum InlineChecklistItems
{
    /// <summary>Dropped silently: the task is created without them.</summary>
    Ignored,

    /// <summary>The request is refused with 400 <c>invalidRequest</c>.</summary>
    Rejected400,

    /// <summary>Created with the task.</summary>
    Created,
}

/// <summary>The last-message preview of chats for a caller holding only Chat.ReadBasic.All.</summary>
public enum ChatPreviewUnderReadBasic
{
    /// <summary>Refused with 403: the preview is message content, and Chat.ReadBasic.All reads names and members only.</summary>
    Refused403,

    /// <summary>Served like the rest of the chat.</summary>
    Served,
}
