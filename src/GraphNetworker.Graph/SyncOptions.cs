using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Graph;

/// <summary>What is read and how far back. Section <c>GraphNetworker:Sync</c>.</summary>
public sealed class SyncOptions
{
    public const string SectionName = "GraphNetworker:Sync";

    /// <summary>How far back the first sync reads mail and calendar.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "1825.00:00:00")]
    public TimeSpan BackfillWindow { get; set; } = TimeSpan.FromDays(730);

    /// <summary>How far ahead the calendar is read (meetings already scheduled suppress suggestions).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "180.00:00:00")]
    public TimeSpan CalendarLookahead { get; set; } = TimeSpan.FromDays(60);

    /// <summary>The calendar window moves forward (a new full calendar round) when less than lookahead minus this remains.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "60.00:00:00")]
    public TimeSpan CalendarWindowSlack { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the folder tree is listed again (folders created, renamed or removed).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan FolderRefreshInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often the directory (people, aliases, titles, leavers, groups) is read again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan DirectoryRefreshInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A guard against delta rounds that never end (a next link that loops).</summary>
    [Range(1, 1_000_000)]
    public int MaxPagesPerRound { get; set; } = 20_000;

    /// <summary>
    /// The same guard for a calendar window's round, far lower: a window of at most 360 days is a few pages, and
    /// calendarView delta over some recurring series pages for ever under new links (microsoftgraph/msgraph-sdk-dotnet#3082).
    /// </summary>
    [Range(1, 100_000)]
    public int MaxCalendarPagesPerRound { get; set; } = 500;

    /// <summary>The shortest a calendar window is halved to when Graph keeps refusing it (503); the current window also keeps the lookahead.</summary>
    [Range(typeof(TimeSpan), "7.00:00:00", "360.00:00:00")]
    public TimeSpan CalendarWindowFloor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Read Teams chats (their members and last-message times, never their text) when Graph grants it.</summary>
    public bool TeamsChats { get; set; } = true;

    /// <summary>Read Teams call records (who took part, when) when Graph grants it.</summary>
    public bool TeamsCalls { get; set; } = true;

    /// <summary>
    /// How often a mailbox's Teams chats and calls are read when nothing else asks for them. They are read whenever the
    /// mailbox is about to be scored (so a suggestion never goes to someone chatted with since), and at least this
    /// often otherwise: Graph allows an app 30 Teams reads a second for a whole tenant, so reading every mailbox's
    /// chats every cycle would make a large tenant's hourly cycle wait minutes on Teams alone.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan TeamsInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a Teams source Graph refused (its permission not granted) stays off before it is asked again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan TeamsAccessRecheck { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Keep message subjects (off by default: metadata only).</summary>
    public bool StoreSubjects { get; set; }

    /// <summary>Recipients kept per item: mail to more people never counts as contact, so the rest is only counted.</summary>
    [Range(16, 10_000)]
    public int MaxStoredParticipants { get; set; } = 100;

    /// <summary>
    /// Mailboxes a worker starts a cycle with at once. Each mailbox finished without throttling lets one more run at
    /// once, up to <see cref="MaxMailboxParallelism"/>; a throttled one halves it (see the worker's AdaptiveParallelism).
    /// </summary>
    [Range(1, 256)]
    public int MailboxParallelism { get; set; } = 4;

    /// <summary>
    /// The most mailboxes one worker works on at once. A quiet cycle is a few short requests per mailbox, bound by
    /// Graph's latency rather than by work, so more at once ends it sooner; Graph's limits are per mailbox (the gate
    /// keeps to them whatever this is) and per app across tenants (130,000 requests in 10 seconds), far above this.
    /// Memory bounds it during a backfill: each mailbox holds up to four pages in flight.
    /// </summary>
    [Range(1, 256)]
    public int MaxMailboxParallelism { get; set; } = 32;

    /// <summary>First wait before retrying a failed mailbox (doubles per consecutive failure).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxFailureBackoff { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>Validates <see cref="SyncOptions"/> on start, naming the key that is wrong.</summary>
[OptionsValidator]
internal sealed partial class SyncOptionsValidator : IValidateOptions<SyncOptions>;
