using System.Text.Json;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Graph.Access;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;

namespace GraphNetworker.Graph.Sync;

/// <summary>What one mailbox's sync did.</summary>
public sealed record MailboxSyncResult(int Folders, int Pages, int Items, int Removed, int Rejected, int Resyncs, int IncompleteRounds, int RetiredFolders = 0, int CalendarWindowsFailed = 0)
{
    /// <summary>
    /// Calendar windows Graph would not serve this cycle (logged with their status): mail was read and the cycle goes on;
    /// holds are judged only against the last completed round of the current window, so none is judged on a stale view.
    /// </summary>
    public bool CalendarUnavailable => CalendarWindowsFailed > 0;

    /// <summary>
    /// A folder was retired this cycle (its items dropped): the mailbox's picture changed by more than new mail, so the
    /// cycle does not act on it; the next cycle, which sees the folder tree again, does.
    /// </summary>
    public bool ShouldWait => RetiredFolders > 0;

    /// <summary>
    /// When this sync last found the current calendar window as Graph has it (a completed round, even one that found
    /// nothing and stored nothing): the read-back judges holds against the stored calendar as of then.
    /// </summary>
    public DateTimeOffset? CalendarCurrentAt { get; init; }

    /// <summary>Whether this sync read Teams (it is left for later when the mailbox is not about to be scored).</summary>
    public bool TeamsRead { get; init; }
}

/// <summary>
/// Syncs one mailbox: refreshes its folder tree and mailbox settings when due, then runs a delta round per mail folder
/// (up to four at once, Outlook's concurrency limit) and one for the calendar view, then reads the owner's Teams chats
/// and calls when Graph grants them (<see cref="Teams.TeamsSync"/>), streaming page by page into the store. Memory
/// holds one page per folder in flight, whatever the mailbox's size.
/// </summary>
public sealed partial class MailboxSync(
    GraphServiceClient client,
    IMailboxSyncStore store,
    MailboxGate gate,
    Teams.TeamsSync teams,
    OutOfScopeMailboxes outOfScope,
    IOptions<SyncOptions> syncOptions,
    IOptions<GraphOptions> graphOptions,
    TimeProvider time,
    ILogger<MailboxSync> logger,
    ILoggerFactory loggerFactory)
{
    private readonly ILogger _skippedItems = loggerFactory.CreateLogger(SkippedItemLog.Category);

    /// <summary>
    /// The widest calendar window asked for in one view. Graph documents 1,825 days, but busy calendars answer 503 for
    /// views well short of that (reported from 500 days): the calendar is read as windows of at most this length.
    /// </summary>
    public static readonly TimeSpan CalendarViewWindow = TimeSpan.FromDays(360);

    private readonly SyncOptions _options = syncOptions.Value;
    private readonly MessageMapper _messages = new(syncOptions.Value);
    private readonly EventMapper _events = new(syncOptions.Value);

    /// <summary>
    /// Syncs the mailbox. A 403 on its mail, folders or calendar (after the checks for refused headers) is Exchange
    /// refusing the mailbox: it throws <see cref="MailboxOutOfScopeException"/> and the Outlook writer writes nothing for
    /// the mailbox until a sync succeeds again (<see cref="OutOfScopeMailboxes"/>).
    /// </summary>
    public Task<MailboxSyncResult> SyncAsync(MailboxProfile mailbox, IMailboxLease lease, CancellationToken cancellationToken) =>
        SyncAsync(mailbox, lease, readTeams: true, cancellationToken);

    /// <summary>
    /// Syncs the mailbox: mail and the calendar always, Teams when <paramref name="readTeams"/> (the mailbox is about to
    /// be scored) or when its last reading is older than <see cref="SyncOptions.TeamsInterval"/>.
    /// </summary>
    public async Task<MailboxSyncResult> SyncAsync(MailboxProfile mailbox, IMailboxLease lease, bool readTeams, CancellationToken cancellationToken)
    {
        try
        {
            var result = await SyncMailboxAsync(mailbox, lease, readTeams, cancellationToken);
            outOfScope.Allowed(mailbox.Id);
            return result;
        }
        catch (Microsoft.Graph.Models.ODataErrors.ODataError e) when (e.ResponseStatusCode == 403 && e is not MailboxOutOfScopeException)
        {
            outOfScope.Refused(mailbox.Id);
            LogOutOfScope(logger, mailbox.Id, e.Error?.Code ?? "403");
            throw new MailboxOutOfScopeException(e);
        }
    }

    /// <summary>
    /// Reads the mailbox's Teams chats and calls alone: the pipeline's call when a mailbox turns out to need scoring
    /// after a sync that left Teams for later.
    /// </summary>
    public async Task<MailboxSyncResult> SyncTeamsAsync(MailboxProfile mailbox, IMailboxLease lease, CancellationToken cancellationToken)
    {
        var rounds = await teams.SyncAsync(mailbox, Context(mailbox), lease, cancellationToken);
        return new MailboxSyncResult(
            rounds.Count, rounds.Sum(r => r.Pages), rounds.Sum(r => r.Items), rounds.Sum(r => r.Removed), rounds.Sum(r => r.Rejected), 0, rounds.Count(r => !r.Completed))
        {
            TeamsRead = true,
        };
    }

    private MailboxContext Context(MailboxProfile mailbox) => MailboxContext.OnFirstUse(mailbox.Id, async ct =>
    {
        var owner = (await store.OwnerAddressesAsync(mailbox, ct)).Select(Addresses.Normalize).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return (owner, await store.OwnHoldIdsAsync(mailbox.Id, ct));
    });

    private async Task<MailboxSyncResult> SyncMailboxAsync(MailboxProfile mailbox, IMailboxLease lease, bool readTeams, CancellationToken cancellationToken)
    {
        var context = Context(mailbox);

        var now = time.GetUtcNow();
        var refresh = mailbox.FoldersRefreshedAt is null || now - mailbox.FoldersRefreshedAt >= _options.FolderRefreshInterval;
        var retired = 0;
        if (refresh)
        {
            // A folder missing from the listing is retired with its items, as one a delta round finds gone: either way
            // the cycle waits for the next one to confirm the tree before it scores and writes.
            // The mailbox's settings are read beside the discovery's first requests (one round trip, not one more).
            (string? TimeZone, string? WorkingHours) settings = default;
            retired += (await new FolderDiscovery(client, store, gate, time)
                .RefreshAsync(lease, async ct => settings = await MailboxSettingsAsync(mailbox.Id, ct), cancellationToken)).Retired;
            await store.SettingsRefreshedAsync(mailbox.Id, settings.TimeZone, settings.WorkingHours, cancellationToken);
        }

        var cursors = (await store.CursorsAsync(mailbox.Id, cancellationToken)).Where(c => !c.IsRemoved).ToList();

        // Mail, the calendar and Teams at once: a quiet mailbox is a request or two to each, so its cycle takes about
        // the longest of the three rather than their sum. The gate keeps Outlook's four requests at a time between them.
        var mailRound = SyncMailAsync(cursors, context, lease, cancellationToken);
        var calendarRound = SyncCalendarAsync(mailbox.Id, cursors.Where(c => c.Kind == FolderKind.Calendar).ToList(), context, lease, cancellationToken);
        var teamsDue = readTeams || TeamsDue(cursors);
        var teamsRound = teamsDue ? teams.SyncAsync(mailbox, context, lease, cancellationToken) : Task.FromResult(new List<RoundResult>());
        await Task.WhenAll(mailRound, calendarRound, teamsRound);
        var (mail, gone, retiredByRefresh) = await mailRound;
        var (calendar, calendarFailed, calendarCurrentAt) = await calendarRound;
        List<RoundResult> rounds = [.. mail, .. calendar, .. await teamsRound];
        if (refresh && mailbox.FoldersRefreshedAt is not null)
        {
            // Items that aged out of the backfill window since the last full round go with the folder refresh (every
            // few hours), not every cycle: a quiet cycle then costs no delete. A mailbox's first sync (or its first after
            // a purge) has nothing older than the window it just read: its backfill costs no delete either.
            await store.PruneAsync(mailbox.Id, time.GetUtcNow() - _options.BackfillWindow, cancellationToken);
        }

        return new MailboxSyncResult(
            rounds.Count, rounds.Sum(r => r.Pages), rounds.Sum(r => r.Items), rounds.Sum(r => r.Removed), rounds.Sum(r => r.Rejected),
            rounds.Count(r => r.Resynced), rounds.Count(r => !r.Completed), gone.Count + retired + retiredByRefresh, calendarFailed)
        {
            CalendarCurrentAt = calendarCurrentAt,
            TeamsRead = teamsDue,
        };
    }

    /// <summary>Teams read last longer ago than <see cref="SyncOptions.TeamsInterval"/> (or never).</summary>
    private bool TeamsDue(List<SyncCursor> cursors)
    {
        var read = cursors.Where(c => c.Kind is FolderKind.TeamsChats or FolderKind.TeamsCalls).Select(c => c.LastCompletedAt).ToList();
        return read.Count == 0 || read.Any(at => at is null || time.GetUtcNow() - at.Value >= _options.TeamsInterval);
    }

    /// <summary>The mail folders' rounds; a folder deleted since the last refresh is dropped, the tree read again, and what is new read.</summary>
    private async Task<(List<RoundResult> Rounds, List<string> Gone, int RetiredByRefresh)> SyncMailAsync(List<SyncCursor> cursors, MailboxContext context, IMailboxLease lease, CancellationToken cancellationToken)
    {
        var rounds = new List<RoundResult>();
        var retiredByRefresh = 0;
        var gone = await SyncFoldersAsync(cursors.Where(c => c.Kind == FolderKind.Mail), context, lease, rounds, cancellationToken);
        if (gone.Count > 0)
        {
            await store.RetireFoldersAsync(lease.Fence, gone, cancellationToken);
            var known = cursors.Select(c => c.FolderId).ToHashSet(StringComparer.Ordinal);
            retiredByRefresh += (await new FolderDiscovery(client, store, gate, time).RefreshAsync(lease, alongside: null, cancellationToken)).Retired;
            var fresh = (await store.CursorsAsync(lease.MailboxId, cancellationToken)).Where(c => !c.IsRemoved && c.Kind == FolderKind.Mail && !known.Contains(c.FolderId));
            await SyncFoldersAsync(fresh, context, lease, rounds, cancellationToken);
        }

        return (rounds, gone, retiredByRefresh);
    }

    /// <summary>
    /// Delta rounds for these folders, up to four at once; returns the folders that no longer exist. A 404 retires a
    /// folder only when Graph says the item is not found and a direct read of the folder confirms it: a mailbox-level
    /// 404 (a mailbox not enabled for REST, an invalid user, a licence change) fails the mailbox and deletes nothing,
    /// and a folder that is still there after all waits for the next cycle.
    /// </summary>
    private async Task<List<string>> SyncFoldersAsync(IEnumerable<SyncCursor> cursors, MailboxContext context, IMailboxLease lease, List<RoundResult> rounds, CancellationToken cancellationToken)
    {
        var results = new System.Collections.Concurrent.ConcurrentBag<RoundResult>();
        var gone = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(
            cursors,
            new ParallelOptions { MaxDegreeOfParallelism = graphOptions.Value.MaxConcurrentRequestsPerMailbox, CancellationToken = cancellationToken },
            async (cursor, ct) =>
            {
                try
                {
                    results.Add(await SyncFolderAsync(cursor, context, lease, ct));
                }
                catch (Microsoft.Graph.Models.ODataErrors.ODataError e) when (e.ResponseStatusCode == 404 && e.Error?.Code == "ErrorItemNotFound")
                {
                    if (await FolderExistsAsync(cursor, ct))
                    {
                        LogFolderStillThere(logger, cursor.MailboxId, DeltaRound.Hash(cursor.FolderId));
                        results.Add(new RoundResult(0, 0, 0, 0, Resynced: false, Completed: false));
                        return;
                    }

                    LogFolderGone(logger, cursor.MailboxId, DeltaRound.Hash(cursor.FolderId));
                    gone.Add(cursor.FolderId);
                }
            });
        rounds.AddRange(results);
        return [.. gone];
    }

    /// <summary>Reads the folder itself: true when it is there, false when Graph confirms it is not found.</summary>
    private async Task<bool> FolderExistsAsync(SyncCursor cursor, CancellationToken cancellationToken)
    {
        try
        {
            await client.Users[cursor.MailboxId].MailFolders[cursor.FolderId].GetAsync(c =>
            {
                c.QueryParameters.Select = ["id"];
                c.Headers.Add("Prefer", "IdType=\"ImmutableId\"");
            }, cancellationToken);
            return true;
        }
        catch (Microsoft.Graph.Models.ODataErrors.ODataError e) when (e.ResponseStatusCode == 404 && e.Error?.Code == "ErrorItemNotFound")
        {
            return false;
        }
    }

    /// <summary>
    /// Set once Graph has refused <c>internetMessageHeaders</c> to this app (a Mail.ReadBasic.All tenant where
    /// selecting them refuses the request): from then on they are not asked for. One tenant per process.
    /// </summary>
    private volatile bool _headersRefused;

    private string[] MessageSelect => _headersRefused ? MessageMapper.SelectWithoutHeaders : MessageMapper.Select;

    /// <summary>
    /// One folder's round; a 403 while headers are asked for is checked with two one-item reads: when the folder can be
    /// read without the headers but not with them, the headers are dropped for good and the folder starts a full
    /// round without them (its links carry the old selection). Any other 403 is the mailbox's (an access policy).
    /// </summary>
    private async Task<RoundResult> SyncFolderAsync(SyncCursor cursor, MailboxContext context, IMailboxLease lease, CancellationToken cancellationToken)
    {
        try
        {
            return await SyncFolderRoundAsync(cursor, context, lease, cancellationToken);
        }
        catch (Microsoft.Graph.Models.ODataErrors.ODataError e) when (e.ResponseStatusCode == 403)
        {
            // Once the refusal is known (another folder, in parallel, may have found it), a stored link may still carry
            // the old selection: the folder is readable without headers, or the 403 is the mailbox's.
            var headersOnly = _headersRefused
                ? await StatusOfAsync(cursor, ["id"], cancellationToken) is null
                : await HeadersRefusedAsync(cursor, cancellationToken);
            if (!headersOnly)
            {
                throw;
            }

            if (!_headersRefused)
            {
                _headersRefused = true;
                LogHeadersRefused(logger);
            }

            var restarted = await store.StartFullRoundAsync(lease.Fence, cursor.FolderId, isResync: true, cursor.WindowStart, cursor.WindowEnd, cancellationToken);
            return await SyncFolderRoundAsync(restarted, context, lease, cancellationToken);
        }
    }

    private async Task<bool> HeadersRefusedAsync(SyncCursor cursor, CancellationToken cancellationToken) =>
        await StatusOfAsync(cursor, ["id", "internetMessageHeaders"], cancellationToken) == 403 && await StatusOfAsync(cursor, ["id"], cancellationToken) is null;

    /// <summary>One message of the folder with this selection: null when Graph answers, else its status.</summary>
    private async Task<int?> StatusOfAsync(SyncCursor cursor, string[] select, CancellationToken cancellationToken)
    {
        try
        {
            await client.Users[cursor.MailboxId].MailFolders[cursor.FolderId].Messages.GetAsync(c =>
            {
                c.QueryParameters.Select = select;
                c.QueryParameters.Top = 1;
            }, cancellationToken);
            return null;
        }
        catch (ApiException e)
        {
            return e.ResponseStatusCode;
        }
    }

    private async Task<RoundResult> SyncFolderRoundAsync(SyncCursor cursor, MailboxContext context, IMailboxLease lease, CancellationToken cancellationToken)
    {
        var user = client.Users[cursor.MailboxId];
        var isSent = cursor.WellKnownName == "sentitems";
        var since = time.GetUtcNow() - _options.BackfillWindow;

        // No $filter on the first round: Graph returns at most 5,000 messages per folder when delta is filtered, and a
        // busy folder would lose contacts. The backfill window is applied here instead, item by item.
        RequestInformation Initial() => user.MailFolders[cursor.FolderId].Messages.Delta.ToGetRequestInformation(c =>
        {
            c.QueryParameters.Select = MessageSelect;
            c.Headers.Add("Prefer", Prefer());
        });
        RequestInformation Follow(string link) => GraphPages.Follow(link, Prefer());

        Interaction? Keep(JsonElement item) => _messages.Map(item, isSent, context) is { } interaction && interaction.OccurredAt >= since ? interaction : null;
        Task<MappedPage> Map(JsonDocument page, CancellationToken ct) => MapPageAsync(page, context, DeltaRound.Hash(cursor.FolderId),
            (item, token) => MessageMapper.IsPartialUpdate(item) ? MapPartialAsync(cursor.MailboxId, item, Keep, token) : ValueTask.FromResult(Keep(item)), ct);

        return await new DeltaRound(client, store, _options, time, logger).RunAsync(cursor, Initial, Follow, Map, lease, cancellationToken);
    }

    /// <summary>
    /// One page, item by item: tombstones become removals, good items rows, and an item that cannot be read is refused
    /// with its reason logged (never its content) while the items beside it are kept.
    /// </summary>
    private async Task<MappedPage> MapPageAsync(
        JsonDocument page, MailboxContext context, string folder, Func<JsonElement, CancellationToken, ValueTask<Interaction?>> map, CancellationToken cancellationToken)
    {
        var mapped = new MappedPage([], [], 0);
        var rejected = 0;
        if (GraphPages.Items(page).Any(item => !GraphPages.IsRemoved(item)))
        {
            await context.EnsureAsync(cancellationToken);
        }

        foreach (var item in GraphPages.Items(page))
        {
            if (GraphPages.IsRemoved(item))
            {
                if (Json.Text(item, "id", 1024) is { } removed)
                {
                    mapped.Removed.Add(removed);
                }

                continue;
            }

            try
            {
                if (await map(item, cancellationToken) is { } row)
                {
                    mapped.Items.Add(row);
                }
            }
            catch (MalformedItemException e)
            {
                rejected++;
                LogRejected(_skippedItems, context.MailboxId, folder, ItemHash(item), e.Message);
            }
        }

        return mapped with { Rejected = rejected };
    }

    /// <summary>
    /// A change reported with only the properties that changed (Graph's message delta does this for updates): when
    /// none of them is one we read, the stored item stands as it is; otherwise the message is read whole, once.
    /// A message gone in between is left to the delta round that reports its removal. A <c>parentFolderId</c> alone is not
    /// a move: delta is per folder, and Graph reports a move as a removal in the old folder and a new, whole item in the
    /// new one (docs/emulator.md, Delta), so the item in this folder's delta is in this folder; and a folder's id is not a
    /// safe thing to compare, as Exchange hands out more than one form of it (ecederstrand/exchangelib#1273). Removing the
    /// row on a different-looking id could lose mail that never moved, so the stored row is kept.
    /// </summary>
    private async ValueTask<Interaction?> MapPartialAsync(string mailboxId, JsonElement item, Func<JsonElement, Interaction?> map, CancellationToken cancellationToken)
    {
        if (!MessageMapper.ChangesWhatIsRead(item))
        {
            return null;
        }

        var request = client.Users[mailboxId].Messages[item.GetProperty("id").GetString()!].ToGetRequestInformation(c =>
        {
            c.QueryParameters.Select = MessageSelect;
            c.Headers.Add("Prefer", "IdType=\"ImmutableId\"");
        });
        try
        {
            using var document = await GraphPages.FetchAsync(client.RequestAdapter, request, cancellationToken);
            return map(document.RootElement);
        }
        catch (ApiException e) when (e.ResponseStatusCode == 404)
        {
            return null;
        }
    }

    private async Task<(string? TimeZone, string? WorkingHours)> MailboxSettingsAsync(string mailboxId, CancellationToken cancellationToken)
    {
        try
        {
            var settings = await client.Users[mailboxId].MailboxSettings.GetAsync(cancellationToken: cancellationToken);
            var hours = settings?.WorkingHours;
            var json = hours is null ? null : JsonSerializer.Serialize(new
            {
                days = hours.DaysOfWeek?.Select(d => d?.ToString()).ToList(),
                start = hours.StartTime?.ToString(),
                end = hours.EndTime?.ToString(),
                timeZone = hours.TimeZone?.Name,
            });
            return (settings?.TimeZone, json);
        }
        catch (ApiException e) when (e.ResponseStatusCode is 403 or 404)
        {
            LogNoSettings(logger, mailboxId, e.ResponseStatusCode);
            return (null, null);
        }
    }

    private string Prefer() => $"odata.maxpagesize={graphOptions.Value.MaxPageSize}, IdType=\"ImmutableId\"";

    private static string ItemHash(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? DeltaRound.Hash(id.GetString()!)
            : "no-id";

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Graph refuses internetMessageHeaders to this app (Mail.ReadBasic.All): mailing-list headers are no longer asked for, and bulk mail is told by its classification and sender alone")]
    private static partial void LogHeadersRefused(ILogger logger);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: skipped item {Item} in folder {Folder}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string mailboxId, string folder, string item, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: folder {Folder} answered 404 but is still there; it is read again next cycle")]
    private static partial void LogFolderStillThere(ILogger logger, string mailboxId, string folder);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Mailbox {MailboxId}: folder {Folder} no longer exists; its items are dropped and the folder tree is read again")]
    private static partial void LogFolderGone(ILogger logger, string mailboxId, string folder);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: Exchange refuses its mail or calendar ({Code}): outside the app's Exchange scope; nothing is written to its Outlook until a sync succeeds")]
    private static partial void LogOutOfScope(ILogger logger, string mailboxId, string code);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: mailbox settings unavailable ({Status}); working hours default to 09:00-17:00 UTC")]
    private static partial void LogNoSettings(ILogger logger, string mailboxId, int status);
}
