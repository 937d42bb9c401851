using System.Text.Json;
using GraphNetworker.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Kiota.Abstractions;

namespace GraphNetworker.Graph.Sync;

/// <summary>The calendar part of a mailbox's sync: its windows, their rounds and the series masters their occurrences need.</summary>
public sealed partial class MailboxSync
{
    /// <summary>
    /// The calendar as windows of at most <see cref="CalendarViewWindow"/>: one around today (recent history and the
    /// lookahead), which moves forward as time passes, and fixed windows of older history, created when the first is
    /// and each a delta round of its own (one request a cycle once read). Meetings the moving window leaves behind stay
    /// stored as history; a history window wholly older than the backfill is dropped. A window Graph keeps refusing
    /// (503/504 after the retry layer's retries) is halved, down to a floor, and stays that long; one that still fails
    /// is counted in <see cref="MailboxSyncResult.CalendarWindowsFailed"/> and logged, and the mailbox goes on: the
    /// calendar never stops mail, the read-back of holds (which waits for a completed round of the current window) or
    /// the Outlook writes.
    /// </summary>
    private async Task<(List<RoundResult> Rounds, int Failed, DateTimeOffset? CurrentAt)> SyncCalendarAsync(string mailboxId, List<SyncCursor> cursors, MailboxContext context, IMailboxLease lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = cursors.SingleOrDefault(c => c.FolderId == SyncCursor.CalendarFolderId);
        var history = cursors.Where(c => c.FolderId != SyncCursor.CalendarFolderId).ToList();

        // A window is tracked with its bounds in one write (with the others), and its round starts with its first page.
        // Earlier versions tracked a history window, then started its round with its bounds: a worker stopped between
        // the two left a window without bounds, which no round can read. It held no meetings: it is retired, and made
        // again below where the calendar still needs it (the current window has not moved either).
        var unstarted = history.Where(c => c.WindowStart is null || c.WindowEnd is null).Select(c => c.FolderId).ToList();
        if (unstarted.Count > 0)
        {
            await store.RetireFoldersAsync(lease.Fence, unstarted, cancellationToken);
            history.RemoveAll(c => unstarted.Contains(c.FolderId));
        }

        // The window is bound into the delta tokens: moving it forward means a new full round, started with its first
        // page. A window shrunk after Graph refused it keeps its length when it moves (the same busy calendar would
        // refuse the wide one again).
        RoundStart? currentStart = null;
        if (current is null || current.WindowEnd is null || current.WindowStart is null
            || current.WindowEnd < now + _options.CalendarLookahead - _options.CalendarWindowSlack
            || current.WindowEnd - current.WindowStart > CalendarViewWindow)
        {
            var length = current?.WindowEnd - current?.WindowStart is { } known && known < CalendarViewWindow && known > TimeSpan.Zero ? known : CalendarViewWindow;
            var end = now + _options.CalendarLookahead;
            var backfillStart = now - _options.BackfillWindow;
            var start = end - length > backfillStart ? end - length : backfillStart;
            List<CalendarWindow> windows = current?.WindowEnd is null || current.WindowEnd - current.WindowStart > CalendarViewWindow
                ? HistoryWindows(backfillStart, start, history)
                : [];
            if (current is null)
            {
                windows.Add(new CalendarWindow(new MailFolder(SyncCursor.CalendarFolderId, "Calendar", null, "calendar"), start, end));
            }

            var tracked = windows.Count > 0 ? await store.TrackCalendarWindowsAsync(mailboxId, windows, cancellationToken) : [];
            history.AddRange(tracked.Where(c => c.FolderId != SyncCursor.CalendarFolderId));
            currentStart = new RoundStart(IsResync: false, start, end);
            current = (current ?? tracked.Single(c => c.FolderId == SyncCursor.CalendarFolderId)) with { WindowStart = start, WindowEnd = end };
        }

        var expired = history.Where(c => c.WindowEnd < now - _options.BackfillWindow).Select(c => c.FolderId).ToList();
        if (expired.Count > 0)
        {
            await store.RetireFoldersAsync(lease.Fence, expired, cancellationToken);
        }

        // History windows lie wholly in the past: the meetings in them change rarely, and nothing there is placed or
        // judged by the Outlook writer. A quiet one is read again once its last round is older than a quiet delta link
        // is kept (twice a day): a cycle reads the current window, and the history when it is due.
        var pending = new Queue<SyncCursor>([current, .. history.Where(c => !expired.Contains(c.FolderId) && HistoryDue(c, now)).OrderByDescending(c => c.WindowStart)]);
        var rounds = new List<RoundResult>();
        var failed = 0;
        DateTimeOffset? currentAt = null;
        while (pending.TryDequeue(out var window))
        {
            while (true)
            {
                try
                {
                    var round = await SyncCalendarWindowAsync(window, context, lease, cancellationToken, ReferenceEquals(window, current) ? currentStart : null);
                    rounds.Add(round);
                    if (round.Completed && window.FolderId == SyncCursor.CalendarFolderId)
                    {
                        currentAt = time.GetUtcNow();
                    }

                    break;
                }
                catch (Exception e) when (IsUnavailable(e) && Floor(window) is { } floor && window.WindowEnd - window.WindowStart > floor)
                {
                    var (kept, freed) = await ShrinkAsync(window, floor, lease, cancellationToken);
                    LogCalendarWindowShrunk(logger, mailboxId, (int)Math.Round((window.WindowEnd - window.WindowStart)!.Value.TotalDays), (int)Math.Round((kept.WindowEnd - kept.WindowStart)!.Value.TotalDays), StatusOf(e));
                    pending.Enqueue(freed);
                    window = kept;
                }
                catch (Exception e) when (IsCalendarOutage(e))
                {
                    failed++;
                    LogCalendarWindowFailed(logger, mailboxId, window.FolderId == SyncCursor.CalendarFolderId ? "current" : "history", StatusOf(e));
                    rounds.Add(new RoundResult(0, 0, 0, 0, Resynced: false, Completed: false));
                    break;
                }
            }
        }

        return (rounds, failed, currentAt);
    }

    /// <summary>A history window to read this cycle: never completed, in the middle of a round, or last read twice-a-day ago.</summary>
    private static bool HistoryDue(SyncCursor window, DateTimeOffset now) =>
        window.DeltaLink is null || window.NextLink is not null || window.FullRound
        || window.LastCompletedAt is not { } completed || now - completed >= DeltaRound.QuietLinkKeptFor;

    /// <summary>
    /// The shortest a window is shrunk to: <see cref="SyncOptions.CalendarWindowFloor"/> for history; for the current
    /// window the lookahead as well, so it always holds the coming weeks, where holds are placed and judged.
    /// </summary>
    private TimeSpan? Floor(SyncCursor window) =>
        window.WindowStart is null || window.WindowEnd is null ? null
            : window.FolderId == SyncCursor.CalendarFolderId ? _options.CalendarLookahead + _options.CalendarWindowFloor
            : _options.CalendarWindowFloor;

    /// <summary>
    /// Halves a window Graph refused. The cursor keeps the later half (its full round then sweeps only what it read
    /// again, so nothing of the earlier half is lost while that is read) and the earlier half becomes a history window
    /// of its own, read in the same cycle. Both lengths are remembered in the cursors.
    /// </summary>
    private async Task<(SyncCursor Kept, SyncCursor Freed)> ShrinkAsync(SyncCursor window, TimeSpan floor, IMailboxLease lease, CancellationToken cancellationToken)
    {
        var (start, end) = (window.WindowStart!.Value, window.WindowEnd!.Value);
        var half = TimeSpan.FromTicks((end - start).Ticks / 2);
        var split = end - (half > floor ? half : floor);
        var id = SyncCursor.CalendarHistoryFolderId(start) + "-" + split.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var freed = (await store.TrackCalendarWindowsAsync(lease.MailboxId, [new CalendarWindow(new MailFolder(id, "Calendar history", null, "calendar"), start, split)], cancellationToken))[0];
        var kept = await store.StartFullRoundAsync(lease.Fence, window.FolderId, isResync: false, split, end, cancellationToken);
        return (kept, freed);
    }

    /// <summary>Graph refused the window after the retry layer's retries: a 503 or 504, or attempts that kept timing out.</summary>
    private static bool IsUnavailable(Exception e) =>
        e is ApiException { ResponseStatusCode: 503 or 504 } or Polly.Timeout.TimeoutRejectedException;

    /// <summary>
    /// A calendar failure the mailbox goes on without: Graph refusing or failing the window after the retry layer's
    /// retries (any status but a refusal of access, 401 or 403, which means the mailbox is out of the app's scope and
    /// stops the writes too, or a mailbox-level 404), or a connection that keeps failing. Not a page that arrives cut off
    /// or stalls mid-body past <see cref="DeltaRound"/>'s three attempts: that fails the mailbox, as for mail, and the next
    /// cycle resumes from the last committed page. Cancellation and a lost lease always stop the mailbox.
    /// </summary>
    private static bool IsCalendarOutage(Exception e) => e switch
    {
        ApiException api => api.ResponseStatusCode is not (401 or 403 or 404),
        HttpRequestException or Polly.Timeout.TimeoutRejectedException => true,
        _ => false,
    };

    private static string StatusOf(Exception e) => e is ApiException api ? api.ResponseStatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : e.GetType().Name;

    /// <summary>Fixed history windows covering <paramref name="from"/> to <paramref name="to"/>, each at most <see cref="CalendarViewWindow"/> long.</summary>
    private static List<CalendarWindow> HistoryWindows(DateTimeOffset from, DateTimeOffset to, List<SyncCursor> existing)
    {
        var windows = new List<CalendarWindow>();
        var covered = existing.Count == 0 ? from : existing.Max(c => c.WindowEnd!.Value);
        for (var start = covered; start < to; start += CalendarViewWindow)
        {
            var end = start + CalendarViewWindow < to ? start + CalendarViewWindow : to;
            windows.Add(new CalendarWindow(new MailFolder(SyncCursor.CalendarHistoryFolderId(start), "Calendar history", null, "calendar"), start, end));
        }

        return windows;
    }

    private async Task<RoundResult> SyncCalendarWindowAsync(SyncCursor cursor, MailboxContext context, IMailboxLease lease, CancellationToken cancellationToken, RoundStart? start = null)
    {
        var mailboxId = cursor.MailboxId;
        var user = client.Users[mailboxId];
        var window = (Start: cursor.WindowStart!.Value, End: cursor.WindowEnd!.Value);
        var masters = new Dictionary<string, JsonElement?>(StringComparer.Ordinal);
        var unreadable = new Dictionary<string, string>(StringComparer.Ordinal);
        RequestInformation Initial() => user.CalendarView.Delta.ToGetRequestInformation(c =>
        {
            c.QueryParameters.StartDateTime = window.Start.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
            c.QueryParameters.EndDateTime = window.End.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
            c.Headers.Add("Prefer", Prefer() + ", outlook.timezone=\"UTC\"");
        });
        RequestInformation Follow(string link) => GraphPages.Follow(link, Prefer() + ", outlook.timezone=\"UTC\"");

        Task<MappedPage> Map(JsonDocument page, CancellationToken ct) => MapPageAsync(page, context, "calendar", async (item, token) =>
        {
            var master = EventMapper.IsThin(item) ? await MasterAsync(mailboxId, item.GetProperty("seriesMasterId").GetString()!, masters, unreadable, token) : null;
            return _events.Map(item, master, context);
        }, ct);

        return await new DeltaRound(client, store, _options, time, logger)
            .RunAsync(cursor, Initial, Follow, Map, lease, cancellationToken, _options.MaxCalendarPagesPerRound, start);
    }

    /// <summary>A series master's people, fetched once per sync (occurrences in calendar-view delta can arrive without them).</summary>
    private async Task<JsonElement?> MasterAsync(
        string mailboxId, string masterId, Dictionary<string, JsonElement?> cache, Dictionary<string, string> unreadable, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(masterId, out var known))
        {
            return known ?? (unreadable.TryGetValue(masterId, out var reason) ? throw new MalformedItemException(reason) : null);
        }

        var request = client.Users[mailboxId].Events[masterId].ToGetRequestInformation(c =>
        {
            c.QueryParameters.Select = ["id", "organizer", "attendees", "isOrganizer", "responseStatus", "isCancelled", "subject", "webLink"];
            c.Headers.Add("Prefer", "IdType=\"ImmutableId\", outlook.timezone=\"UTC\"");
        });
        JsonElement? master = null;
        try
        {
            using var document = await GraphPages.FetchAsync(client.RequestAdapter, request, cancellationToken);
            master = document.RootElement.Clone();
        }
        catch (ApiException e) when (e.ResponseStatusCode == 404)
        {
            // The series is gone; its occurrences keep what they carry.
        }
        catch (Exception e) when (e is ApiException or JsonException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            // Retried already where retrying helps (429, 503, 504, attempts that time out): what is left would fail the same
            // page every cycle. The occurrences of this series are refused, with the reason; the rest of the page is kept.
            cache[masterId] = null;
            unreadable[masterId] = $"its series master could not be read ({e switch
            {
                ApiException api => $"Graph {api.ResponseStatusCode}",
                TimeoutException => "its body stalled",
                Polly.Timeout.TimeoutRejectedException => "every attempt timed out",
                _ => "not valid JSON",
            }})";
            throw new MalformedItemException(unreadable[masterId]);
        }

        cache[masterId] = master;
        return master;
    }

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: Graph refused a calendar window of {Days} days ({Status}); reading it as {Shrunk} days from now on")]
    private static partial void LogCalendarWindowShrunk(ILogger logger, string mailboxId, int days, int shrunk, string status);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: the {Window} calendar window could not be read this cycle ({Status}); mail, read-back and writing go on, and the window is asked again next cycle")]
    private static partial void LogCalendarWindowFailed(ILogger logger, string mailboxId, string window, string status);
}
