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
/// beneath them). Well-known folders are found by name in one $batch, so localised display names do not matter.
/// </summary>
internal sealed class FolderDiscovery(GraphServiceClient client, IMailboxSyncStore store, MailboxGate gate, TimeProvider time)
{
    private static readonly string[] Skipped = ["deleteditems", "junkemail", "drafts", "outbox", "conversationhistory", "syncissues", "rssfeeds"];
    private static readonly string[] Named = ["inbox", "sentitems", "archive"];
    private static readonly string[] FolderFields = ["id", "displayName", "parentFolderId", "childFolderCount"];

    public async Task<IReadOnlyList<MailFolder>> RefreshAsync(string mailboxId, CancellationToken cancellationToken)
    {
        var wellKnown = await WellKnownIdsAsync(mailboxId, cancellationToken);
        var skipped = Skipped.Select(wellKnown.GetValueOrDefault).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var names = wellKnown.Where(w => Named.Contains(w.Key)).ToDictionary(w => w.Value, w => w.Key, StringComparer.Ordinal);

        var found = new List<MailFolder>();
        var pending = new Queue<GraphMailFolder>(await ListAsync(client.Users[mailboxId].MailFolders.GetAsync(Configure, cancellationToken), cancellationToken));
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

        foreach (var folder in found)
        {
            await store.TrackFolderAsync(mailboxId, folder, FolderKind.Mail, cancellationToken);
        }

        var current = found.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var gone = (await store.CursorsAsync(mailboxId, cancellationToken))
            .Where(c => c.Kind == FolderKind.Mail && !c.IsRemoved && !current.Contains(c.FolderId))
            .Select(c => c.FolderId)
            .ToList();
        await store.RetireFoldersAsync(mailboxId, gone, cancellationToken);
        return found;
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

    /// <summary>The ids of the well-known folders, in one $batch; throttled steps are retried after their Retry-After.</summary>
    private async Task<Dictionary<string, string>> WellKnownIdsAsync(string mailboxId, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var batch = new BatchRequestContentCollection(client);
        var steps = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Skipped.Concat(Named))
        {
            var request = client.Users[mailboxId].MailFolders[name].ToGetRequestInformation(c =>
            {
                c.QueryParameters.Select = ["id"];
                c.Headers.Add("Prefer", "IdType=\"ImmutableId\"");
            });
            steps[await batch.AddBatchRequestStepAsync(request)] = name;
        }

        for (var attempt = 0; attempt < 4 && steps.Count > 0; attempt++)
        {
            var responses = await client.Batch.PostAsync(batch, cancellationToken);
            var statuses = await responses.GetResponsesStatusCodesAsync();
            foreach (var (step, status) in statuses)
            {
                if (status == HttpStatusCode.OK && steps.TryGetValue(step, out var name))
                {
                    var folder = await responses.GetResponseByIdAsync<GraphMailFolder>(step);
                    if (folder?.Id is { } id)
                    {
                        result[name] = id;
                    }
                }
            }

            var throttled = statuses.Where(s => s.Value is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable).ToDictionary(s => s.Key, s => s.Value);
            if (throttled.Count == 0)
            {
                break;
            }

            // Throttled steps inside a batch are not retried by anyone else: wait out their Retry-After, then resend them.
            var wait = TimeSpan.FromSeconds(Math.Pow(2, attempt));
            foreach (var step in throttled.Keys)
            {
                using var response = await responses.GetResponseByIdAsync(step);
                if (response is not null && GraphRetryHandler.RetryAfter(response) is { } retryAfter && retryAfter > wait)
                {
                    wait = retryAfter;
                }
            }

            gate.Throttled(mailboxId.ToLowerInvariant(), wait);
            batch = batch.NewBatchWithFailedRequests(throttled);
            steps = steps.Where(s => throttled.ContainsKey(s.Key)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
            await Task.Delay(wait, time, cancellationToken);
        }

        return result;
    }
}
