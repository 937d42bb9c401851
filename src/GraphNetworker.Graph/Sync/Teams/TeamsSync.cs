using System.Globalization;
using System.Text.Json;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace GraphNetworker.Graph.Sync.Teams;

/// <summary>
/// Reads one mailbox owner's Teams chats and calls, incrementally, into the same store as mail and meetings (a cursor
/// per source: <c>teams:chats</c>, <c>teams:calls</c>). Both sources are optional: without their permissions Graph
/// answers 403, the source goes off (<see cref="TeamsAccess"/>) and nothing else changes. Only the free list and get
/// calls are used — never <c>getAllMessages</c> or change notifications, which Microsoft metered.
/// <para>
/// Chats: Microsoft documents <c>lastUpdatedDateTime</c> as moving only when a chat is renamed or its members change,
/// so "moved since the last cycle" is read from the last message instead: chats are listed newest last message first
/// (<c>$orderby=lastMessagePreview/createdDateTime desc</c>) and reading stops at the first chat whose last message is
/// not newer than the one the previous round reached. Members are read only for those chats. Calls: call records are kept 30 days and
/// cannot be ordered, so the owner's records are listed each cycle and only those modified since the last round are
/// read in full (with their participants). Every page is committed with the position that follows it.
/// </para>
/// </summary>
public sealed partial class TeamsSync(
    GraphServiceClient client,
    IMailboxSyncStore store,
    TeamsAccess access,
    IOptions<SyncOptions> syncOptions,
    TimeProvider time,
    ILogger<TeamsSync> logger,
    ILoggerFactory loggerFactory)
{
    private readonly ILogger _skippedItems = loggerFactory.CreateLogger(SkippedItemLog.Category);

    public const string ChatsCursorId = "teams:chats";
    public const string CallsCursorId = "teams:calls";

    private const int ChatPageSize = 50;

    internal async Task<List<RoundResult>> SyncAsync(MailboxProfile mailbox, MailboxContext context, IMailboxLease lease, CancellationToken cancellationToken)
    {
        var rounds = new List<RoundResult>();
        var owner = mailbox.PrimaryAddress ?? mailbox.UserPrincipalName;
        if (access.ShouldRead(TeamsSource.Chats) &&
            await GuardAsync(TeamsSource.Chats, mailbox.Id, () => ChatsAsync(mailbox.Id, context, owner, lease, cancellationToken)) is { } chats)
        {
            rounds.Add(chats);
        }

        if (access.ShouldRead(TeamsSource.Calls) &&
            await GuardAsync(TeamsSource.Calls, mailbox.Id, () => CallsAsync(mailbox.Id, context, owner, lease, cancellationToken)) is { } calls)
        {
            rounds.Add(calls);
        }

        return rounds;
    }

    /// <summary>
    /// A source's round: a 403 switches the source off (its optional permission is not granted); a 404 means the user
    /// has no Teams; any other failure leaves the round incomplete for the next cycle (it resumes from what was
    /// committed) without failing the mailbox, whose mail and calendar are already read.
    /// </summary>
    private async Task<RoundResult?> GuardAsync(TeamsSource source, string mailboxId, Func<Task<RoundResult>> round)
    {
        try
        {
            var result = await round();
            access.Granted(source);
            return result;
        }
        catch (ApiException e) when (e.ResponseStatusCode == 403)
        {
            var reason = e is ODataError { Error.Message: { Length: > 0 } message } ? message : "403";
            if (access.Refused(source, reason))
            {
                LogRefused(logger, source, access.IsConfigured(source) ? syncOptions.Value.TeamsAccessRecheck.TotalHours : 0, reason);
            }

            return null;
        }
        catch (ApiException e) when (e.ResponseStatusCode == 404)
        {
            LogNoTeams(logger, mailboxId, source);
            return null;
        }
        catch (Exception e) when (e is ApiException or JsonException or HttpRequestException or TimeoutException)
        {
            LogRoundFailed(logger, mailboxId, source, e is ApiException api ? $"Graph {api.ResponseStatusCode}" : e.GetType().Name);
            return new RoundResult(0, 0, 0, 0, Resynced: false, Completed: false);
        }
    }

    private async Task<RoundResult> ChatsAsync(string mailboxId, MailboxContext context, string owner, IMailboxLease lease, CancellationToken cancellationToken)
    {
        var cursor = await CursorAsync(mailboxId, ChatsCursorId, FolderKind.TeamsChats, "Teams chats", cancellationToken);
        var state = Position.Of(cursor, time.GetUtcNow() - syncOptions.Value.BackfillWindow);
        var link = state.Next;
        var reached = state.Reached;
        int pages = 0, items = 0, rejected = 0;
        while (true)
        {
            var request = link is null
                ? client.Users[mailboxId].Chats.ToGetRequestInformation(c =>
                {
                    c.QueryParameters.Expand = ["lastMessagePreview"];
                    c.QueryParameters.Orderby = ["lastMessagePreview/createdDateTime desc"];
                    c.QueryParameters.Top = ChatPageSize;
                })
                : new Microsoft.Graph.Users.Item.Chats.ChatsRequestBuilder(Rebase(link), client.RequestAdapter).ToGetRequestInformation();
            using var page = await GraphPages.FetchAsync(client.RequestAdapter, request, cancellationToken);
            pages++;
            var mapped = new List<Interaction>();
            var pageRejected = 0;
            var older = false;
            foreach (var chat in GraphPages.Items(page))
            {
                try
                {
                    // Newest last message first: the first chat not newer than the time reached ends the round.
                    if (ChatMapper.LastMessageAt(chat) is not { } at || at <= state.Since)
                    {
                        older = true;
                        break;
                    }

                    reached = Later(reached, at);
                    if (ChatMapper.ChatType(chat) is not ("oneOnOne" or "group") ||
                        await MembersAsync(mailboxId, Json.Text(chat, "id", 400, clean: false)!, cancellationToken) is not { } members)
                    {
                        continue;
                    }

                    await context.EnsureAsync(cancellationToken);
                    if (ChatMapper.Map(chat, members, context, owner) is { } item)
                    {
                        mapped.Add(item);
                    }
                }
                catch (MalformedItemException e)
                {
                    pageRejected++;
                    LogRejected(_skippedItems, mailboxId, TeamsSource.Chats, Fingerprint(chat), e.Message);
                }
            }

            var next = older ? null : GraphPages.Link(page, "@odata.nextLink");
            await CommitAsync(lease, ChatsCursorId, mapped, pageRejected, state with { Reached = reached, Next = next }, next is null, cancellationToken);
            items += mapped.Count;
            rejected += pageRejected;
            await lease.KeepAsync(cancellationToken);
            if (next is null)
            {
                return new RoundResult(pages, items, 0, rejected, Resynced: false, Completed: true);
            }

            link = next;
        }
    }

    /// <summary>A chat's members (the list chats expands at most 25 of them); null when the chat is gone.</summary>
    private async Task<List<JsonElement>?> MembersAsync(string mailboxId, string chatId, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await GraphPages.FetchAsync(client.RequestAdapter, client.Users[mailboxId].Chats[chatId].Members.ToGetRequestInformation(), cancellationToken);
            return [.. GraphPages.Items(document).Select(m => m.Clone())];
        }
        catch (ApiException e) when (e.ResponseStatusCode == 404)
        {
            return null;
        }
    }

    private async Task<RoundResult> CallsAsync(string mailboxId, MailboxContext context, string owner, IMailboxLease lease, CancellationToken cancellationToken)
    {
        var cursor = await CursorAsync(mailboxId, CallsCursorId, FolderKind.TeamsCalls, "Teams calls", cancellationToken);
        var state = Position.Of(cursor, time.GetUtcNow() - syncOptions.Value.BackfillWindow);
        var link = state.Next;
        var reached = state.Reached;
        int pages = 0, items = 0, rejected = 0;
        while (true)
        {
            // Only the participant filter: Microsoft documents it and startDateTime, not the two together.
            var request = link is null
                ? client.Communications.CallRecords.ToGetRequestInformation(c => c.QueryParameters.Filter = $"participants_v2/any(p:p/id eq '{mailboxId}')")
                : new Microsoft.Graph.Communications.CallRecords.CallRecordsRequestBuilder(Rebase(link), client.RequestAdapter).ToGetRequestInformation();
            using var page = await GraphPages.FetchAsync(client.RequestAdapter, request, cancellationToken);
            pages++;
            var mapped = new List<Interaction>();
            var pageRejected = 0;
            foreach (var record in GraphPages.Items(page))
            {
                try
                {
                    var modified = Json.Time(record, "lastModifiedDateTime") ?? Json.Time(record, "endDateTime");
                    if (modified is null || modified <= state.Since)
                    {
                        continue;
                    }

                    reached = Later(reached, modified.Value);
                    if (CallRecordMapper.IsMeeting(record) || await CallAsync(Json.Text(record, "id", 128, clean: false)!, cancellationToken) is not { } detail)
                    {
                        continue;
                    }

                    using (detail)
                    {
                        var morePages = GraphPages.Link(detail, "participants_v2@odata.nextLink") is not null;
                        await context.EnsureAsync(cancellationToken);
                        if (CallRecordMapper.Map(detail.RootElement, context, owner, morePages) is { } item)
                        {
                            mapped.Add(item);
                        }
                    }
                }
                catch (MalformedItemException e)
                {
                    pageRejected++;
                    LogRejected(_skippedItems, mailboxId, TeamsSource.Calls, Fingerprint(record), e.Message);
                }
            }

            var next = GraphPages.Link(page, "@odata.nextLink");
            await CommitAsync(lease, CallsCursorId, mapped, pageRejected, state with { Reached = reached, Next = next }, next is null, cancellationToken);
            items += mapped.Count;
            rejected += pageRejected;
            await lease.KeepAsync(cancellationToken);
            if (next is null)
            {
                return new RoundResult(pages, items, 0, rejected, Resynced: false, Completed: true);
            }

            link = next;
        }
    }

    /// <summary>One call record with its participants (first page); null when it is gone (past the 30 days).</summary>
    private async Task<JsonDocument?> CallAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await GraphPages.FetchAsync(client.RequestAdapter, client.Communications.CallRecords[id].ToGetRequestInformation(c => c.QueryParameters.Expand = ["participants_v2"]), cancellationToken);
        }
        catch (ApiException e) when (e.ResponseStatusCode == 404)
        {
            return null;
        }
    }

    private async Task<SyncCursor> CursorAsync(string mailboxId, string id, FolderKind kind, string name, CancellationToken cancellationToken) =>
        (await store.CursorsAsync(mailboxId, cancellationToken)).FirstOrDefault(c => c.FolderId == id)
        ?? await store.TrackFolderAsync(mailboxId, new MailFolder(id, name, null, null), kind, cancellationToken);

    /// <summary>A page and the position after it, together: a crash resumes from the last committed page.</summary>
    private Task CommitAsync(IMailboxLease lease, string cursorId, List<Interaction> items, int rejected, Position position, bool finished, CancellationToken cancellationToken) =>
        store.CommitPageAsync(
            lease.Fence,
            new DeltaPage(cursorId, items, [], finished ? null : position.InProgress(), finished ? position.Completed() : null, rejected),
            cancellationToken);

    /// <summary>The later of the time reached and this one, never beyond now: a time from the future must not hide what comes before it.</summary>
    private DateTimeOffset? Later(DateTimeOffset? reached, DateTimeOffset at)
    {
        var bounded = at > time.GetUtcNow() ? time.GetUtcNow() : at;
        return reached is null || bounded > reached ? bounded : reached;
    }

    private string Rebase(string link) => DeltaRound.Rebase(link, client.RequestAdapter.BaseUrl ?? link);

    private static string Fingerprint(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? DeltaRound.Hash(id.GetString()!) : "no-id";

    /// <summary>
    /// Where a source's reading stands, kept in the cursor's links: a completed round stores the time it reached
    /// (<c>teams:since=…</c>); a round in progress also the time reached so far and Graph's next link.
    /// </summary>
    private sealed record Position(DateTimeOffset Since, DateTimeOffset? Reached, string? Next)
    {
        private const string Prefix = "teams:";

        public static Position Of(SyncCursor cursor, DateTimeOffset firstSince)
        {
            if (cursor.NextLink is { } progress && Parse(progress) is { } inProgress)
            {
                return inProgress;
            }

            return cursor.DeltaLink is { } done && Parse(done) is { } completed
                ? new Position(completed.Reached ?? completed.Since, null, null)
                : new Position(firstSince, null, null);
        }

        public string InProgress() => $"{Prefix}since={Iso(Since)};reached={(Reached is { } r ? Iso(r) : "-")};next={Next}";

        public string Completed() => $"{Prefix}since={Iso(Reached is { } r && r > Since ? r : Since)}";

        private static Position? Parse(string text)
        {
            if (!text.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return null;
            }

            var parts = text[Prefix.Length..].Split(';', 3);
            DateTimeOffset? since = null, reached = null;
            string? next = null;
            foreach (var part in parts)
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = eq < 0 ? (part, string.Empty) : (part[..eq], part[(eq + 1)..]);
                switch (name)
                {
                    case "since":
                        since = Time(value);
                        break;
                    case "reached":
                        reached = Time(value);
                        break;
                    case "next":
                        next = value.Length == 0 ? null : value;
                        break;
                }
            }

            return since is { } s ? new Position(s, reached, next) : null;
        }

        private static DateTimeOffset? Time(string value) =>
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : null;

        private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("o", CultureInfo.InvariantCulture);
    }

    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Teams {Source} are off: Graph refused them ({Reason}); mail and calendar are read as before, and Graph is asked again in {Hours} h")]
    private static partial void LogRefused(ILogger logger, TeamsSource source, double hours, string reason);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Information, Message = "Mailbox {MailboxId}: no Teams {Source} (Graph answered 404: the user has no Teams)")]
    private static partial void LogNoTeams(ILogger logger, string mailboxId, TeamsSource source);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: reading Teams {Source} stopped ({Reason}); it resumes next cycle, mail and calendar are unaffected")]
    private static partial void LogRoundFailed(ILogger logger, string mailboxId, TeamsSource source, string reason);

    [LoggerMessage(EventId = 2404, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: skipped Teams {Source} item {Item}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string mailboxId, TeamsSource source, string item, string reason);
}
