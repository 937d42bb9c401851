namespace GraphNetworker.Benchmarks.Harness;

/// <summary>
/// What a tenant costs at the least, in requests and in time, under Graph's limits. Requests are counted as the
/// emulator (and Graph's limiter) counts them: a $batch is its envelope plus one per step.
/// </summary>
internal static class RequestModel
{
    /// <summary>Well-known folders looked up by name: 6 to skip (Deleted Items, Junk, Drafts, Outbox, Conversation History, Sync Issues) and 3 to name (Inbox, Sent Items, Archive).</summary>
    public const int WellKnownSteps = 9;

    /// <summary>Steps per $batch to one mailbox: Outlook runs at most four at once and throttles the rest.</summary>
    public const int StepsPerBatch = 4;

    /// <summary>The $batch envelopes that carry the well-known lookups.</summary>
    public static int WellKnownBatches => (WellKnownSteps + StepsPerBatch - 1) / StepsPerBatch;

    /// <summary>Per-mailbox limits of Outlook resources: requests in flight.</summary>
    public const int Lanes = 4;

    /// <summary>
    /// The optional Teams sources, on by default: one chat list page and one call record list page per mailbox and cycle
    /// (benchmark tenants have no chats or calls, so nothing more).
    /// </summary>
    public const int TeamsPages = 2;

    /// <summary>A lazy mailbox's top-level folders (none has children).</summary>
    public const int TopLevelFolders = 8;

    public const string MinimumFormula =
        "per mailbox: discovery = 3 $batch envelopes of at most 4 steps (9 well-known steps) + ceil(top-level folders/250) folder list + 1 per folder with children + 1 mailboxSettings; " +
        "then Σ over read mail folders max(1, ceil(items/1000)) delta pages + max(1, ceil(events in window/1000)) calendar pages + 1 per calendar history window (360-day windows back to the backfill start) + 1 Teams chat list page + 1 call record list page; " +
        "per tenant: ceil(users/999) opt-in group members + ceil(users/999) users + 1 deleted users + 1 groups (directory)";

    public const string BoundFormula =
        "T ≥ L × (1 + ceil(N/P) × (1 + max(max_f pages_f, ceil(Σ pages / 4)) + 2)): the group before the mailboxes (1 L); per mailbox the folder list before " +
        "its folders (1 L; the $batch and mailboxSettings fit beside it in the 4 lanes), then each folder's delta pages one after another, at most 4 in " +
        "flight per mailbox, then the Teams chat and call record lists (2 L); N mailboxes over P = MailboxParallelism workers. The 10,000 requests per 10 minutes per mailbox do not bind (a mailbox needs far fewer).";

    public static int Pages(int items, int pageSize) => Math.Max(1, (items + pageSize - 1) / pageSize);

    /// <summary>Delta pages of one mailbox: its mail folders and its calendar.</summary>
    public static IReadOnlyList<int> DeltaPages(BenchSpec spec, int pageSize) =>
        [.. spec.MailFolders.Select(n => Pages(n, pageSize)), Pages(spec.Events, pageSize)];

    /// <summary>
    /// The worker reads the calendar in windows of at most <see cref="GraphNetworker.Graph.Sync.MailboxSync.CalendarViewWindow"/>
    /// (wider views fail on busy calendars): one around today and these fixed history windows, one page each at least
    /// (the bench's events fall in the first).
    /// </summary>
    public static int CalendarHistoryWindows
    {
        get
        {
            var sync = new GraphNetworker.Graph.SyncOptions();
            var window = GraphNetworker.Graph.Sync.MailboxSync.CalendarViewWindow;
            var history = sync.BackfillWindow - (window - sync.CalendarLookahead);
            return history <= TimeSpan.Zero ? 0 : (int)Math.Ceiling(history / window);
        }
    }

    /// <summary>The worker's delta pages of one mailbox: <see cref="DeltaPages"/> and a page per calendar history window.</summary>
    public static IReadOnlyList<int> WorkerDeltaPages(BenchSpec spec, int pageSize) =>
        [.. DeltaPages(spec, pageSize), .. Enumerable.Repeat(1, CalendarHistoryWindows)];

    public static int DiscoveryRequests => WellKnownBatches + WellKnownSteps + Pages(TopLevelFolders, 250) + 1;

    public static int MailboxMinimum(BenchSpec spec) => DiscoveryRequests + WorkerDeltaPages(spec, BenchSpec.PageSize).Sum() + TeamsPages;

    public static int TenantMinimum(BenchSpec spec) => (2 * Pages(spec.Users, 999)) + 2;

    public static long Minimum(BenchSpec spec) => ((long)spec.Users * MailboxMinimum(spec)) + TenantMinimum(spec);

    /// <summary>The typical-SDK baseline's requests: the group, then per mailbox one folder list and every page at Graph's default size of 10.</summary>
    public static long Baseline(BenchSpec spec) => Pages(spec.Users, 100) + ((long)spec.Users * (1 + DeltaPages(spec, BenchSpec.DefaultPageSize).Sum()));

    /// <summary>
    /// An incremental cycle with nothing new: one delta page per mail folder and one for the calendar's current window,
    /// and the group's members. Not read: the calendar's history windows (twice a day) and Teams (when a mailbox is due
    /// to be scored, or once a SyncOptions.TeamsInterval).
    /// </summary>
    public static long Incremental(BenchSpec spec) => ((long)spec.Users * (spec.MailFolders.Count + 1)) + Pages(spec.Users, 999);

    public const string IncrementalBoundFormula =
        "L × (1 + ceil(N/P)): the group, then per mailbox its mail folders and its calendar's current window, one page each, at once " +
        "(the calendar's history windows are read twice a day, Teams when a mailbox is due to be scored or once a TeamsInterval)";

    /// <summary>The shortest a cycle with nothing new can take at the spec's latency, with <paramref name="parallelism"/> mailboxes at once.</summary>
    public static TimeSpan IncrementalBound(BenchSpec spec, int parallelism)
    {
        const int perMailbox = 1;
        var waves = (spec.Users + parallelism - 1) / parallelism;
        return TimeSpan.FromMilliseconds(spec.LatencyMs * (1 + ((double)waves * perMailbox)));
    }

    /// <summary>The shortest time Graph's limits allow for the backfill at the spec's latency per request (see <see cref="BoundFormula"/>).</summary>
    public static TimeSpan LowerBound(BenchSpec spec, int pageSize)
    {
        var pages = WorkerDeltaPages(spec, pageSize);
        var perMailbox = 1 + Math.Max(pages.Max(), (pages.Sum() + Lanes - 1) / Lanes) + TeamsPages;
        var waves = (spec.Users + spec.Parallelism - 1) / spec.Parallelism;
        return TimeSpan.FromMilliseconds(spec.LatencyMs * (1 + ((double)waves * perMailbox)));
    }

    /// <summary>The same bound for a client that reads one page at a time per mailbox (the baseline's loop): every request of a mailbox in sequence.</summary>
    public static TimeSpan SequentialBound(BenchSpec spec, int pageSize, int discovery)
    {
        var waves = (spec.Users + spec.Parallelism - 1) / spec.Parallelism;
        return TimeSpan.FromMilliseconds(spec.LatencyMs * (1 + ((double)waves * (discovery + DeltaPages(spec, pageSize).Sum()))));
    }
}
