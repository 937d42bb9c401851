using System.Runtime.InteropServices;
using System.Text.Json;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;

namespace GraphNetworker.Graph.Sync;

/// <summary>One page mapped: the items to keep, the ids removed, and how many items were refused.</summary>
internal sealed record MappedPage(List<Interaction> Items, List<string> Removed, int Rejected);

/// <summary>How a folder's round ended.</summary>
internal sealed record RoundResult(int Pages, int Items, int Removed, int Rejected, bool Resynced, bool Completed);

/// <summary>
/// Runs one delta round for one folder: resumes from the stored next link (a crash mid-round), else the delta link
/// (an incremental round), else starts a full round. Every page is committed together with the link that follows it.
/// An expired token (410, syncStateNotFound, resyncRequired) starts a full round that duplicates nothing. A next link
/// seen twice, a page that repeats one already sent, or too many pages, ends the round and schedules a full one (Graph's recurring-series paging loop).
/// </summary>
internal sealed partial class DeltaRound(GraphServiceClient client, IMailboxSyncStore store, SyncOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>
    /// A stored link on the configured base URL: Graph's links never change host, but an emulator restarted on another
    /// port (the demo) or a moved endpoint would otherwise leave every stored link dead. The token is kept as it was.
    /// </summary>
    internal static string Rebase(string link, string baseUrl)
    {
        const string marker = "/v1.0/";
        var at = link.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return link;
        }

        // The link's own base URL ends where "/v1.0" does; already the configured one (every link but after a move), the
        // link itself is followed, not a copy of it.
        var root = baseUrl.AsSpan().TrimEnd('/');
        var own = link.AsSpan(0, at + marker.Length - 1);
        return own.SequenceEqual(root) ? link : string.Concat(root, link.AsSpan(own.Length));
    }

    public async Task<RoundResult> RunAsync(
        SyncCursor cursor,
        Func<RequestInformation> initial,
        Func<string, RequestInformation> follow,
        Func<JsonDocument, CancellationToken, Task<MappedPage>> map,
        IMailboxLease lease,
        CancellationToken cancellationToken,
        int? maxPages = null,
        RoundStart? start = null)
    {
        var pageCap = maxPages ?? options.MaxPagesPerRound;
        var link = cursor.NextLink ?? cursor.DeltaLink;

        // A full round (asked for, or a folder with no link and none in progress) starts with its first page's commit,
        // not a write of its own: until that page lands the stored cursor is as it was, and the next cycle starts again.
        start ??= link is null && !cursor.FullRound ? new RoundStart(IsResync: false, cursor.WindowStart, cursor.WindowEnd) : null;
        if (start is not null)
        {
            link = null;
            cursor = cursor with
            {
                FullRound = true, NextLink = null, DeltaLink = null, WindowStart = start.WindowStart ?? cursor.WindowStart, WindowEnd = start.WindowEnd ?? cursor.WindowEnd,
            };
        }

        var resynced = false;
        var unreadable = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pagesSeen = new HashSet<string>(StringComparer.Ordinal);
        var emptyPages = 0;
        int pages = 0, items = 0, removed = 0, rejected = 0;
        while (true)
        {
            JsonDocument page;
            try
            {
                page = await GraphPages.FetchAsync(client.RequestAdapter, link is null ? initial() : follow(Rebase(link, client.RequestAdapter.BaseUrl ?? link)), cancellationToken);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or TimeoutException && ++unreadable <= MaxUnreadablePages)
            {
                // A page cut off in transit, or one whose body stalled: ask for it again (a GET changes nothing). The count
                // is per page; past the limit the mailbox fails this cycle and the next one resumes from the last committed link.
                LogUnreadablePage(logger, cursor.MailboxId, Hash(cursor.FolderId), unreadable);
                continue;
            }
            catch (Exception e) when (GraphPages.IsResync(e) && !resynced)
            {
                LogResync(logger, cursor.MailboxId, Hash(cursor.FolderId));
                resynced = true;
                cursor = await store.StartFullRoundAsync(lease.Fence, cursor.FolderId, isResync: true, cursor.WindowStart, cursor.WindowEnd, cancellationToken);
                start = null;
                link = null;
                continue;
            }

            using (page)
            {
                unreadable = 0;
                pages++;
                var mapped = await map(page, cancellationToken);
                var next = GraphPages.Link(page, "@odata.nextLink");
                var delta = next is null ? GraphPages.Link(page, "@odata.deltaLink") : null;
                var fingerprint = Fingerprint(page);
                emptyPages = fingerprint.Length == 0 ? emptyPages + 1 : 0;
                var repeated = fingerprint.Length == 0 ? emptyPages > MaxEmptyPagesInARow : !pagesSeen.Add(fingerprint);
                var looping = next is not null && (!seen.Add(next) || repeated || pages >= pageCap);
                if (NothingChanged(cursor, pages, mapped, delta))
                {
                    // A quiet folder: the delta link it started from still stands for the same state.
                    return new RoundResult(pages, 0, 0, 0, resynced, Completed: true);
                }

                await store.CommitPageAsync(
                    lease.Fence,
                    new DeltaPage(cursor.FolderId, mapped.Items, mapped.Removed, looping ? null : next, delta, mapped.Rejected) { Start = start },
                    cancellationToken);
                start = null;
                items += mapped.Items.Count;
                removed += mapped.Removed.Count;
                rejected += mapped.Rejected;
                await lease.KeepAsync(cancellationToken);

                if (looping)
                {
                    LogLoopGuard(logger, cursor.MailboxId, Hash(cursor.FolderId), pages);
                    return new RoundResult(pages, items, removed, rejected, resynced, Completed: false);
                }

                if (delta is not null || next is null)
                {
                    return new RoundResult(pages, items, removed, rejected, resynced, Completed: delta is not null);
                }

                link = next;
            }
        }
    }

    /// <summary>
    /// An incremental round that found nothing: one page with no item, no removal and no refusal, from a delta link stored
    /// recently. Graph hands out a new delta link each time, but the old one names the same state of the folder, so it
    /// is kept and nothing is written: a quiet cycle costs the store nothing per folder. A link older than
    /// <see cref="QuietLinkKeptFor"/> is replaced all the same, so a folder quiet for weeks never rests on an old token.
    /// </summary>
    private bool NothingChanged(SyncCursor cursor, int pages, MappedPage mapped, string? delta) =>
        pages == 1 && delta is not null && mapped.Items.Count == 0 && mapped.Removed.Count == 0 && mapped.Rejected == 0
        && cursor is { DeltaLink: not null, NextLink: null, FullRound: false, LastCompletedAt: { } completed }
        && time.GetUtcNow() - completed < QuietLinkKeptFor;

    /// <summary>How long a quiet folder keeps the delta link it last stored before taking Graph's newer one.</summary>
    internal static readonly TimeSpan QuietLinkKeptFor = TimeSpan.FromHours(12);

    /// <summary>
    /// What a page holds, by item id and change key: a round whose next link changes while the same page comes back
    /// (calendarView delta over some recurring series, microsoftgraph/msgraph-sdk-dotnet#3082) is a loop too. An empty
    /// page has no fingerprint (empty): a long run of them is.
    /// </summary>
    private static string Fingerprint(JsonDocument page)
    {
        // The ids and change keys as Graph wrote them (their JSON bytes), hashed as they are read: no string per item.
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var any = false;
        foreach (var item in GraphPages.Items(page))
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                any = true;
                hash.AppendData(item.TryGetProperty("id"u8, out var id) ? JsonMarshal.GetRawUtf8Value(id) : "?"u8);
                hash.AppendData("|"u8);
                hash.AppendData(item.TryGetProperty("changeKey"u8, out var key) ? JsonMarshal.GetRawUtf8Value(key) : ""u8);
                hash.AppendData(";"u8);
            }
        }

        return any ? Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 5)) : string.Empty;
    }

    /// <summary>A short, stable fingerprint for logs: folder and item ids are not written in the clear.</summary>
    internal static string Hash(string value) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)))[..10].ToLowerInvariant();

    private const int MaxUnreadablePages = 3;

    /// <summary>Empty pages that still point on: a few happen, a run of them is the same loop with nothing in it.</summary>
    private const int MaxEmptyPagesInARow = 10;

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: a page of folder {Folder} could not be read (cut off or stalled; attempt {Attempt}); asking again")]
    private static partial void LogUnreadablePage(ILogger logger, string mailboxId, string folder, int attempt);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: delta token for folder {Folder} expired; starting a full round")]
    private static partial void LogResync(ILogger logger, string mailboxId, string folder);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: folder {Folder} round stopped after {Pages} pages (repeated next link or page limit); a full round follows next cycle")]
    private static partial void LogLoopGuard(ILogger logger, string mailboxId, string folder, int pages);
}
