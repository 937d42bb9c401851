using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Ports;

public enum FolderKind
{
    Mail = 0,
    Calendar = 1,

    /// <summary>A user's Teams chats (one cursor per mailbox: the last-message time read up to).</summary>
    TeamsChats = 2,

    /// <summary>A user's Teams call records (one cursor per mailbox).</summary>
    TeamsCalls = 3,
}

/// <summary>
/// Where delta sync stands for one mail folder or the calendar view of one mailbox. A round in progress continues from
/// <see cref="NextLink"/> (a crash resumes there); a completed one from <see cref="DeltaLink"/>.
/// </summary>
public sealed record SyncCursor
{
    /// <summary>The calendar view's cursor id for the window around today (the calendar is read as "folders" of windows).</summary>
    public const string CalendarFolderId = "calendarView";

    /// <summary>The cursor id of the fixed calendar window that starts on <paramref name="start"/> (older history).</summary>
    public static string CalendarHistoryFolderId(DateTimeOffset start) =>
        CalendarFolderId + "@" + start.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    public required string MailboxId { get; init; }

    /// <summary>The Graph folder id (or <see cref="CalendarFolderId"/>).</summary>
    public required string FolderId { get; init; }

    public FolderKind Kind { get; init; }

    public string? DisplayName { get; init; }

    public string? ParentFolderId { get; init; }

    /// <summary>The well-known name when the folder has one (<c>inbox</c>, <c>sentitems</c>, <c>archive</c>): Sent Items decides the direction of mail.</summary>
    public string? WellKnownName { get; init; }

    /// <summary>The link that starts the next incremental round (null until a round completes).</summary>
    public string? DeltaLink { get; init; }

    /// <summary>The link to the next page of a round in progress.</summary>
    public string? NextLink { get; init; }

    /// <summary>
    /// Bumped by every full round: items not seen by a completed full round are swept, except, for a calendar window,
    /// items before <see cref="WindowStart"/> (past meetings the window has moved beyond are kept as history).
    /// </summary>
    public int Generation { get; init; }

    /// <summary>True while the round in progress is a full (initial) one.</summary>
    public bool FullRound { get; init; }

    public DateTimeOffset? RoundStartedAt { get; init; }

    public DateTimeOffset? LastCompletedAt { get; init; }

    /// <summary>The calendar window bound into the delta tokens.</summary>
    public DateTimeOffset? WindowStart { get; init; }

    public DateTimeOffset? WindowEnd { get; init; }

    /// <summary>The folder no longer exists or is no longer tracked.</summary>
    public bool IsRemoved { get; init; }

    public int Resyncs { get; init; }
}

/// <summary>A mail folder worth reading, as folder discovery found it.</summary>
public sealed record MailFolder(string Id, string? DisplayName, string? ParentId, string? WellKnownName);

/// <summary>A calendar window to track with its bounds (bound into its delta tokens): a cursor made whole in one write.</summary>
public sealed record CalendarWindow(MailFolder Folder, DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// A full round (first sync, an expired token, or a moved calendar window) that starts with the page it comes with:
/// a new generation, no links, the window's bounds when given.
/// </summary>
public sealed record RoundStart(bool IsResync, DateTimeOffset? WindowStart, DateTimeOffset? WindowEnd);

/// <summary>One page of a delta round: the items to keep, the ids removed, the link that follows, and how many items were refused.</summary>
public sealed record DeltaPage(
    string FolderId,
    IReadOnlyList<Interaction> Items,
    IReadOnlyList<string> Removed,
    string? NextLink,
    string? DeltaLink,
    int Rejected)
{
    /// <summary>
    /// Set on a full round's first page: the round is started in the page's own commit, so no write of its own precedes
    /// the first page, and a round whose first page never lands leaves the cursor as it was (the next cycle starts it again).
    /// </summary>
    public RoundStart? Start { get; init; }
}

/// <summary>What a committed page changed.</summary>
public sealed record PageOutcome(int Inserted, int Updated, int Removed, int Swept);

/// <summary>
/// What mailbox sync needs from the store while it runs. A page and the link that follows it are committed together,
/// so a crash at any point resumes from the last committed link without losing or double-counting anything. Writes
/// that move a cursor or drop items carry the lease's <see cref="LeaseFence"/> and throw <see cref="LeaseLostException"/>
/// when it no longer holds.
/// </summary>
public interface IMailboxSyncStore
{
    Task<IReadOnlyList<SyncCursor>> CursorsAsync(string mailboxId, CancellationToken cancellationToken);

    /// <summary>The folder's cursor, created when the folder is new (a folder seen again is tracked again).</summary>
    Task<SyncCursor> TrackFolderAsync(string mailboxId, MailFolder folder, FolderKind kind, CancellationToken cancellationToken);

    /// <summary>The same for every folder a discovery found, in one write (a mailbox has a dozen folders or more).</summary>
    Task<IReadOnlyList<SyncCursor>> TrackFoldersAsync(string mailboxId, IReadOnlyList<MailFolder> folders, FolderKind kind, CancellationToken cancellationToken);

    /// <summary>
    /// Calendar windows' cursors with their bounds, in one write: a new window, or one seen again (made again after it was
    /// retired: its links dropped), waits for its first round, which starts with its first page.
    /// </summary>
    Task<IReadOnlyList<SyncCursor>> TrackCalendarWindowsAsync(string mailboxId, IReadOnlyList<CalendarWindow> windows, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a full round on its own (an expired token, a window split): a new generation, no links. A round's first
    /// page can start it instead (<see cref="DeltaPage.Start"/>).
    /// </summary>
    Task<SyncCursor> StartFullRoundAsync(
        LeaseFence mailbox, string folderId, bool isResync, DateTimeOffset? windowStart, DateTimeOffset? windowEnd, CancellationToken cancellationToken);

    /// <summary>Commits a page and its link, only while <paramref name="mailbox"/> still holds (else <see cref="LeaseLostException"/>).</summary>
    Task<PageOutcome> CommitPageAsync(LeaseFence mailbox, DeltaPage page, CancellationToken cancellationToken);

    /// <summary>Marks folders that no longer exist (or are no longer tracked) and drops their items.</summary>
    Task RetireFoldersAsync(LeaseFence mailbox, IReadOnlyCollection<string> folderIds, CancellationToken cancellationToken);

    /// <summary>Retention: drops items older than the backfill window.</summary>
    Task<int> PruneAsync(string mailboxId, DateTimeOffset olderThan, CancellationToken cancellationToken);

    /// <summary>The ids of holds GraphNetworker wrote in this mailbox (so the calendar sync can tell them from meetings).</summary>
    Task<IReadOnlySet<string>> OwnHoldIdsAsync(string mailboxId, CancellationToken cancellationToken);

    /// <summary>Every address of the mailbox owner: UPN, primary address, and the directory's aliases.</summary>
    Task<IReadOnlyList<string>> OwnerAddressesAsync(MailboxProfile mailbox, CancellationToken cancellationToken);

    Task SettingsRefreshedAsync(string mailboxId, string? timeZone, string? workingHours, CancellationToken cancellationToken);
}

/// <summary>
/// Proof of holding a mailbox's lease: its owner and the lease's epoch (bumped by every acquisition and by purge).
/// Every write for the mailbox carries it, and the store applies the write only while it still holds, checked in the
/// write's own transaction: a worker that lost the mailbox, or one purged under it, changes nothing.
/// </summary>
public readonly record struct LeaseFence(string MailboxId, string Owner, long Epoch);

/// <summary>A worker's hold on one mailbox: renewed while work runs; losing it stops the work.</summary>
public interface IMailboxLease
{
    string MailboxId { get; }

    /// <summary>What every write for the mailbox carries (<see cref="LeaseFence"/>).</summary>
    LeaseFence Fence { get; }

    /// <summary>Renews the lease when due. Throws <see cref="LeaseLostException"/> when another worker took it.</summary>
    Task KeepAsync(CancellationToken cancellationToken);
}

/// <summary>Another worker took the mailbox while this one worked on it (our lease expired): stop without writing.</summary>
public sealed class LeaseLostException(string mailboxId) : Exception($"The lease on mailbox {mailboxId} was lost to another worker.")
{
    public string MailboxId { get; } = mailboxId;
}
