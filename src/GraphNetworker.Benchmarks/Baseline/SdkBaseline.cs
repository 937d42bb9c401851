using System.Globalization;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using MailFolder = Microsoft.Graph.Models.MailFolder;
using Participant = GraphNetworker.Core.Model.Participant;
using Microsoft.Kiota.Abstractions.Authentication;

namespace GraphNetworker.Benchmarks.Baseline;

/// <summary>
/// The same backfill written the way a typical Graph SDK user writes it, for comparison in the same run:
/// <c>new GraphServiceClient(auth, baseUrl)</c> (the SDK's default handlers, its RetryHandler included), no
/// <c>Prefer: odata.maxpagesize</c> (Graph's default page of 10), the group's members through a PageIterator, every
/// mail folder found by a simple recursion over <c>MailFolders</c>/<c>ChildFolders</c> (skipping Deleted Items, Junk,
/// Drafts, Outbox and Conversation History by display name, so it reads the same folders as the worker),
/// <c>Messages.Delta.GetAsDeltaGetResponseAsync()</c> with the same $select and a <see cref="PageIterator{TEntity, TCollectionPage}"/>
/// per folder, one folder after another, then the calendar view delta over the same window, and one EF Core
/// <c>SaveChanges</c> per message into the schema such a client writes (<see cref="BaselineDbContext"/>: a row per
/// item with its ids as text and its participants as JSON). Mailboxes run in parallel with the worker's MailboxParallelism.
/// It does not read mailbox settings or look up well-known folders (the worker needs both; they cost it 12 requests per mailbox).
/// </summary>
internal sealed class SdkBaseline(string baseUrl, string databaseFile, int parallelism, TimeProvider time)
{
    private static readonly string[] SkippedNames = ["Deleted Items", "Junk Email", "Drafts", "Outbox", "Conversation History"];
    private static readonly string[] MessageFields =
    [
        "id", "from", "sender", "toRecipients", "ccRecipients", "bccRecipients", "receivedDateTime", "sentDateTime",
        "internetMessageId", "inferenceClassification", "internetMessageHeaders", "isDraft", "webLink",
        "subject", "parentFolderId",
    ];

    private readonly GraphServiceClient _client = new(new BaseBearerTokenAuthenticationProvider(new EmulatorToken()), baseUrl);

    /// <summary>Backfills every member of the group and returns the number of items stored.</summary>
    public async Task<int> RunAsync(string groupId, TimeSpan backfill, TimeSpan lookahead, CancellationToken cancellationToken)
    {
        await using (var db = BaselineDbContext.Open(databaseFile))
        {
            await db.Database.EnsureCreatedAsync(cancellationToken);
        }

        var users = new List<User>();
        var members = await _client.Groups[groupId].TransitiveMembers.GraphUser.GetAsync(c =>
        {
            c.QueryParameters.Count = true;
            c.Headers.Add("ConsistencyLevel", "eventual");
        }, cancellationToken);
        await PageIterator<User, UserCollectionResponse>.CreatePageIterator(_client, members!, u => { users.Add(u); return true; }).IterateAsync(cancellationToken);

        var now = time.GetUtcNow();
        var items = 0;
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (user, ct) =>
        {
            var stored = await SyncMailboxAsync(user, now - backfill, now + lookahead, ct);
            Interlocked.Add(ref items, stored);
        });
        return items;
    }

    private async Task<int> SyncMailboxAsync(User user, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = BaselineDbContext.Open(databaseFile);

        var folders = new List<MailFolder>();
        await CollectFoldersAsync(user.Id!, null, folders, cancellationToken);
        var stored = 0;
        foreach (var folder in folders)
        {
            var sent = folder.DisplayName == "Sent Items";
            var first = await _client.Users[user.Id].MailFolders[folder.Id].Messages.Delta.GetAsDeltaGetResponseAsync(
                c => c.QueryParameters.Select = MessageFields, cancellationToken);
            var pages = PageIterator<Message, Microsoft.Graph.Users.Item.MailFolders.Item.Messages.Delta.DeltaGetResponse>.CreatePageIterator(
                _client, first!, async message =>
                {
                    Add(db, user.Id!, folder.Id!, Map(message, sent));
                    await db.SaveChangesAsync(cancellationToken);
                    stored++;
                    return true;
                });
            await pages.IterateAsync(cancellationToken);
            await SaveDeltaLinkAsync(db, user.Id!, folder.Id!, FolderKind.Mail, pages.Deltalink, cancellationToken);
        }

        // Busy calendars answer 503 for views much over a year: the baseline reads the last 360 days of it.
        from = to - from > TimeSpan.FromDays(360) ? to - TimeSpan.FromDays(360) : from;
        var calendar = await _client.Users[user.Id].CalendarView.Delta.GetAsDeltaGetResponseAsync(c =>
        {
            c.QueryParameters.StartDateTime = from.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            c.QueryParameters.EndDateTime = to.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }, cancellationToken);
        var events = PageIterator<Event, Microsoft.Graph.Users.Item.CalendarView.Delta.DeltaGetResponse>.CreatePageIterator(
            _client, calendar!, async item =>
            {
                Add(db, user.Id!, SyncCursor.CalendarFolderId, Map(item));
                await db.SaveChangesAsync(cancellationToken);
                stored++;
                return true;
            });
        await events.IterateAsync(cancellationToken);
        await SaveDeltaLinkAsync(db, user.Id!, SyncCursor.CalendarFolderId, FolderKind.Calendar, events.Deltalink, cancellationToken);
        return stored;
    }

    /// <summary>Every folder under the root, recursively, except the ones a contact never lives in (by display name).</summary>
    private async Task CollectFoldersAsync(string userId, string? parentId, List<MailFolder> found, CancellationToken cancellationToken)
    {
        var page = parentId is null
            ? await _client.Users[userId].MailFolders.GetAsync(cancellationToken: cancellationToken)
            : await _client.Users[userId].MailFolders[parentId].ChildFolders.GetAsync(cancellationToken: cancellationToken);
        var level = new List<MailFolder>();
        await PageIterator<MailFolder, MailFolderCollectionResponse>.CreatePageIterator(_client, page!, f => { level.Add(f); return true; }).IterateAsync(cancellationToken);
        foreach (var folder in level.Where(f => !SkippedNames.Contains(f.DisplayName)))
        {
            found.Add(folder);
            if (folder.ChildFolderCount > 0)
            {
                await CollectFoldersAsync(userId, folder.Id, found, cancellationToken);
            }
        }
    }

    private async Task SaveDeltaLinkAsync(BaselineDbContext db, string mailboxId, string folderId, FolderKind kind, string? link, CancellationToken cancellationToken)
    {
        db.Cursors.Add(new BaselineCursor { MailboxId = mailboxId, FolderId = folderId, Kind = (int)kind, DeltaLink = link, CompletedAt = time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
    }

    private void Add(BaselineDbContext db, string mailboxId, string folderId, Interaction item) => db.Items.Add(new BaselineItem
    {
        MailboxId = mailboxId,
        FolderId = folderId,
        GraphId = item.ItemId,
        Kind = (int)item.Kind,
        OccurredAt = item.OccurredAt.UtcDateTime,
        ParticipantCount = item.ParticipantCount,
        Participants = System.Text.Json.JsonSerializer.Serialize(item.Participants.Select(p => p.Address)),
        InternetMessageId = item.InternetMessageId,
        UpdatedAt = time.GetUtcNow().UtcDateTime,
    });

    private Interaction Map(Message message, bool sent)
    {
        var people = new[] { message.From }.Concat(message.ToRecipients ?? []).Concat(message.CcRecipients ?? [])
            .Select(r => r?.EmailAddress?.Address).OfType<string>().ToList();
        return new Interaction
        {
            ItemId = message.Id!,
            Kind = sent ? InteractionKind.EmailSent : InteractionKind.EmailReceived,
            OccurredAt = message.ReceivedDateTime ?? message.SentDateTime ?? time.GetUtcNow(),
            ParticipantCount = people.Count,
            Participants = [.. people.Select(a => new Participant(a, null, ParticipantRole.To))],
            InternetMessageId = message.InternetMessageId,
        };
    }

    private Interaction Map(Event item)
    {
        var people = (item.Attendees ?? []).Select(a => a.EmailAddress?.Address).OfType<string>().ToList();
        return new Interaction
        {
            ItemId = item.Id!,
            Kind = InteractionKind.Meeting,
            OccurredAt = DateTimeOffset.TryParse(item.Start?.DateTime, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start)
                ? start : time.GetUtcNow(),
            ParticipantCount = people.Count + 1,
            Participants = [.. people.Select(a => new Participant(a, null, ParticipantRole.Attendee))],
            IsCancelled = item.IsCancelled == true,
        };
    }

    /// <summary>The emulator's fixed token, sent to loopback only (as docs/emulator.md shows).</summary>
    private sealed class EmulatorToken : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new(["127.0.0.1", "localhost"]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(GraphNetworker.GraphEmulator.GraphEmulatorOptions.DeveloperToken);
    }
}
