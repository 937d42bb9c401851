using System.Net;
using GraphNetworker.Core.Ports;
using GraphNetworker.Graph.Access;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using MailFolder = GraphNetworker.Core.Ports.MailFolder;
using GraphMailFolder = Microsoft.Graph.Models.MailFolder;

namespace GraphNetworker.Graph.Sync;

/// <summary>
/// Finds the folders to read: Inbox, Sent Items, Archive and every user-created folder under the message root,
/// recursively; never Deleted Items, Junk, Drafts, Outbox, Conversation History, Sync Issues or RSS feeds (and nothing
/// beneath them). Well-known folders are found by their well-known names in $batch requests, so localised display names
/// do not matter.
/// </summary>
/// <remarks>
/// RSS Feeds has no well-known name in v1.0 (the mailFolder resource's list), and what would identify it
/// is out of reach under Mail.ReadBasic.All: its folder class (<c>PR_CONTAINER_CLASS</c> 0x3613,
/// <c>IPF.Note.OutlookHomepage</c>) is an extended property, which on a mailFolder needs Mail.Read ("Get
/// singleValueLegacyExtendedProperty", permissions table); <c>mailboxFolder.type</c> needs MailboxFolder.Read.All; and
/// <c>wellKnownName</c> is beta only. So it is recognised where Exchange puts it: a child of the message root that is no
/// well-known folder, named exactly as Exchange names it in the mailbox's language (<see cref="IsRssFeeds"/>). A user's own
/// folder called "RSS", or "RSS" anywhere else, is read. Getting it wrong the other way is harmless: feed items are
/// addressed to nobody, so they never count as contact.
/// </remarks>
internal sealed partial class FolderDiscovery(GraphServiceClient client, IMailboxSyncStore store, MailboxGate gate, TimeProvider time)
{
    private static readonly string[] Skipped = ["deleteditems", "junkemail", "drafts", "outbox", "conversationhistory", "syncissues"];
    private static readonly string[] Named = ["inbox", "sentitems", "archive"];
    private static readonly string[] FolderFields = ["id", "displayName", "parentFolderId", "childFolderCount"];

    /// <summary>
    /// Tracks every folder to read and retires those the listing no longer has; returns the folders read and how many it
    /// retired. <paramref name="alongside"/> is one more request of the caller's for the mailbox (its settings), sent
    /// with the first requests.
    /// </summary>
    /// <remarks>
    /// A mailbox takes four requests at a time, and a <c>$batch</c> counts as its steps. The well-known names go in
    /// envelopes of four with the odd one first: that envelope of one, the top-level folder list and
    /// <paramref name="alongside"/> are three requests, out at once; the full envelopes follow when they are back. Three
    /// round trips where one after another took five.
    /// </remarks>
    public async Task<FolderRefresh> RefreshAsync(IMailboxLease lease, Func<CancellationToken, Task>? alongside, CancellationToken cancellationToken)
    {
        var mailboxId = lease.MailboxId;
        var listing = ListAsync(client.Users[mailboxId].MailFolders.GetAsync(Configure, cancellationToken), cancellationToken);
        var other = alongside?.Invoke(cancellationToken) ?? Task.CompletedTask;
        var both = Task.WhenAll(listing, other);
        Dictionary<string, string> wellKnown;
        try
        {
            wellKnown = await WellKnownIdsAsync(mailboxId, both, cancellationToken);
        }
        catch
        {
            // The mailbox fails with the discovery's reason; the requests alongside end first, their faults observed.
            await WhenBackAsync(both);
            throw;
        }

        var skipped = Skipped.Select(wellKnown.GetValueOrDefault).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var names = wellKnown.Where(w => Named.Contains(w.Key)).ToDictionary(w => w.Value, w => w.Key, StringComparer.Ordinal);

        var found = new List<MailFolder>();
        var topLevel = await listing;
        await other;
        var pending = new Queue<GraphMailFolder>(topLevel.Where(f => f.Id is null || names.ContainsKey(f.Id) || !IsRssFeeds(f.DisplayName)));
        while (pending.TryDequeue(out var folder))
        {
            if (folder.Id is not { } id || skipped.Contains(id))
            {
                continue;
            }

            found.Add(new MailFolder(id, folder.DisplayName, folder.ParentFolderId, names.GetValueOrDefault(id)));
            if (folder.ChildFolderCount > 0)
            {
                foreach (var child in await ListAsync(client.Users[mailboxId].MailFolders[id].ChildFolders.GetAsync(Configure, cancellationToken), cancellationToken))
                {
                    pending.Enqueue(child);
                }
            }
        }

        await store.TrackFoldersAsync(mailboxId, found, FolderKind.Mail, cancellationToken);

        var current = found.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var gone = (await store.CursorsAsync(mailboxId, cancellationToken))
            .Where(c => c.Kind == FolderKind.Mail && !c.IsRemoved && !current.Contains(c.FolderId))
            .Select(c => c.FolderId)
            .ToList();
        await store.RetireFoldersAsync(lease.Fence, gone, cancellationToken);
        return new FolderRefresh(found, gone.Count);
    }

    private static void Configure(Microsoft.Kiota.Abstractions.RequestConfiguration<Microsoft.Graph.Users.Item.MailFolders.MailFoldersRequestBuilder.MailFoldersRequestBuilderGetQueryParameters> config)
    {
        config.QueryParameters.Select = FolderFields;
        config.QueryParameters.Top = 250;
        config.Headers.Add("Prefer", "IdType=\"ImmutableId\"");
    }

    private static void Configure(Microsoft.Kiota.Abstractions.RequestConfiguration<Microsoft.Graph.Users.Item.MailFolders.Item.ChildFolders.ChildFoldersRequestBuilder.ChildFoldersRequestBuilderGetQueryParameters> config)
    {
        config.QueryParameters.Select = FolderFields;
        config.QueryParameters.Top = 250;
        config.Headers.Add("Prefer", "IdType=\"ImmutableId\"");
    }

    private async Task<List<GraphMailFolder>> ListAsync(Task<MailFolderCollectionResponse?> first, CancellationToken cancellationToken) =>
        await GraphPages.AllAsync(
            await first,
            next => new Microsoft.Graph.Users.Item.MailFolders.MailFoldersRequestBuilder(next, client.RequestAdapter).GetAsync(
                c => c.Headers.Add("Prefer", "IdType=\"ImmutableId\""), cancellationToken),
            p => p.Value);

    /// <summary>
    /// The ids of the well-known folders, asked for by name in $batch requests of at most four steps: Outlook runs at
    /// most four requests at once per mailbox, and steps beyond that come back 429. Every answer is matched to the
    /// name it was asked for (a retried step gets a new step id). A name Graph does not know or a folder the mailbox
    /// does not have (404, or 400 for a name) is settled as absent; a throttled or failed one is asked again after its
    /// Retry-After. If a folder that must be skipped, or Sent Items, is still unknown at the end, discovery fails: reading
    /// on would take Deleted Items or Junk for mail, or the owner's sent mail for mail received (Sent Items is told by its
    /// well-known name alone; the sender is the owner only where the owner's address is known). Inbox and Archive
    /// unknown are read as ordinary folders, which they are to the mapper.
    /// </summary>
    private async Task<Dictionary<string, string>> WellKnownIdsAsync(string mailboxId, Task alongside, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var unsettled = new List<string>([.. Skipped, .. Named]);
        if (OddFirst(unsettled.Count)[0] + RequestsAlongside > MaxStepsPerBatch)
        {
            // No room beside the first envelope: what went out alongside comes back first.
            await WhenBackAsync(alongside);
        }

        for (var attempt = 0; attempt < MaxAttempts && unsettled.Count > 0; attempt++)
        {
            var retry = new List<string>();
            var wait = TimeSpan.Zero;
            var at = 0;
            foreach (var size in OddFirst(unsettled.Count))
            {
                var chunk = unsettled.GetRange(at, size);
                at += size;
                var batch = new BatchRequestContentCollection(client);
                var asked = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var name in chunk)
                {
                    asked[await batch.AddBatchRequestStepAsync(client.Users[mailboxId].MailFolders[name].ToGetRequestInformation(c =>
                    {
                        c.QueryParameters.Select = ["id"];
                        c.Headers.Add("Prefer", "IdType=\"ImmutableId\"");
                    }))] = name;
                }

                var responses = await client.Batch.PostAsync(batch, cancellationToken);

                // The requests sent beside the first envelope are back before a full one goes out.
                await WhenBackAsync(alongside);
                foreach (var (step, status) in await responses.GetResponsesStatusCodesAsync())
                {
                    if (!asked.TryGetValue(step, out var name))
                    {
                        continue;
                    }

                    if (status == HttpStatusCode.OK)
                    {
                        if ((await responses.GetResponseByIdAsync<GraphMailFolder>(step))?.Id is { } id)
                        {
                            found[name] = id;
                        }
                    }
                    else if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    {
                        // Waiting does not grant access: the mailbox fails now, as any refused request fails it.
                        throw new Microsoft.Graph.Models.ODataErrors.ODataError
                        {
                            ResponseStatusCode = (int)status,
                            Error = new Microsoft.Graph.Models.ODataErrors.MainError { Code = "ErrorAccessDenied", Message = "Graph refused to list the mailbox's folders." },
                        };
                    }
                    else if (status is not (HttpStatusCode.NotFound or HttpStatusCode.BadRequest))
                    {
                        retry.Add(name);
                        using var response = await responses.GetResponseByIdAsync(step);
                        var retryAfter = response is null ? null : GraphResilience.RetryAfter(response);
                        wait = TimeSpan.FromTicks(Math.Max(wait.Ticks, (retryAfter ?? TimeSpan.FromSeconds(Math.Pow(2, attempt))).Ticks));
                    }
                }
            }

            unsettled = retry;
            if (unsettled.Count > 0)
            {
                gate.Throttled(mailboxId, wait);
                await Task.Delay(wait, time, cancellationToken);
            }
        }

        var unknown = unsettled.Where(n => Skipped.Contains(n) || n == "sentitems").ToList();
        return unknown.Count == 0
            ? found
            : throw new FolderDiscoveryException($"the mailbox's {string.Join(", ", unknown)} folder could not be identified (Graph kept refusing); no folder is read until it is");
    }

    private const int MaxStepsPerBatch = 4;

    /// <summary>The folder list and the caller's one request, sent beside the first envelope.</summary>
    private const int RequestsAlongside = 2;

    /// <summary>Envelope sizes for <paramref name="steps"/> steps: the remainder first, then fours (9: 1, 4, 4).</summary>
    private static List<int> OddFirst(int steps)
    {
        var sizes = new List<int>();
        if (steps % MaxStepsPerBatch != 0)
        {
            sizes.Add(steps % MaxStepsPerBatch);
        }

        for (var i = 0; i < steps / MaxStepsPerBatch; i++)
        {
            sizes.Add(MaxStepsPerBatch);
        }

        return sizes;
    }

    /// <summary>Waits for the requests sent alongside to finish, whether they succeeded or not (their own callers see how).</summary>
    private static async Task WhenBackAsync(Task alongside)
    {
        try
        {
            await alongside;
        }
        catch (Exception) when (alongside.IsCompleted)
        {
            // Observed where the task is awaited for its result; here only its end matters.
        }
    }

    /// <summary>
    /// The names Exchange and Outlook give the RSS feeds folder (English, then the other Office languages as Outlook
    /// shows them), compared without case and with hyphens and spaces alike. A name missing here is read, harmlessly.
    /// </summary>
    private static readonly HashSet<string> RssFeedsNames = new(
        [
            "rss feeds", "rss subscriptions", "rss abonnements", "flux rss", "abonnements rss", "fuentes rss", "suscripciones rss",
            "feed rss", "feeds rss", "assinaturas rss", "rss flöden", "rss prenumerationer", "rss feeder", "rss abonnementer",
            "rss syötteet", "kanały rss", "subskrypcje rss", "rss каналы", "rss フィード", "rss 源", "rss 订阅", "rss 摘要", "rss 피드",
        ],
        StringComparer.Ordinal);

    /// <summary>Whether a top-level folder that is no well-known folder is Exchange's RSS Feeds folder, by its exact name.</summary>
    internal static bool IsRssFeeds(string? displayName) =>
        displayName is not null && RssFeedsNames.Contains(string.Join(' ', displayName.Replace('-', ' ').ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    private const int MaxAttempts = 5;
}

/// <summary>The folders that must be skipped could not be identified: the mailbox fails this cycle rather than read them as mail.</summary>
public sealed class FolderDiscoveryException(string message) : Exception(message);

/// <summary>What a folder refresh found: the folders to read, and how many it retired (no longer in the listing).</summary>
public sealed record FolderRefresh(IReadOnlyList<MailFolder> Folders, int Retired);
