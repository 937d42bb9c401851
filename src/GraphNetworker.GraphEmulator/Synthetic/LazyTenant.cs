using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.Directory;
using GraphNetworker.GraphEmulator.Mail;
using GraphNetworker.GraphEmulator.Tenants;

namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>
/// A benchmark-sized tenant (e.g. 10,000 mailboxes × 10,000 messages): the directory is built at once, but
/// every mailbox's messages and events are generated item by item when read, so memory follows the mailboxes
/// in use. 70% of the messages are in Inbox, 30% in Sent Items.
/// </summary>
internal static class LazyTenant
{
    public static LoadedTenant Create(SyntheticTenantSpec spec, DateTimeOffset now, ulong seed)
    {
        var population = new LazyPopulation(spec, seed);
        var tenantSeed = spec.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var directory = new TenantDirectory { TenantId = DirectoryLoader.StableGuid(tenantSeed + "/tenant"), DefaultDomain = spec.Domain };
        var created = now.AddDays(-30.4 * (spec.Months + 6));
        var ids = new List<string>(spec.Users);
        for (var i = 0; i < spec.Users; i++)
        {
            var user = population.User(i);
            directory.Upsert(user.Id, SyntheticDirectory.User(user, created), hasMailbox: true);
            ids.Add(user.Id);
        }

        var groupId = DirectoryLoader.StableGuid(tenantSeed + "/group/users");
        var nestedId = DirectoryLoader.StableGuid(tenantSeed + "/group/pilot");
        var split = spec.Users - Math.Max(1, spec.Users / 2);
        directory.UpsertGroup(groupId, Group(groupId, SyntheticDirectory.GroupName), ids.Take(split).Append(nestedId).ToList());
        directory.UpsertGroup(nestedId, Group(nestedId, SyntheticDirectory.NestedGroupName), ids.Skip(split).ToList());

        var manifest = new SyntheticManifest
        {
            Spec = spec.ToString(),
            Domain = spec.Domain,
            GeneratedAt = now,
            GroupId = groupId,
            NestedGroupId = nestedId,
            MailboxUsers = Enumerable.Range(0, Math.Min(20, spec.Users)).Select(i => population.User(i).ToPublic(true)).ToList(),
            Colleagues = [],
            Externals = Enumerable.Range(0, Math.Min(20, spec.Externals)).Select(j => population.External(j)).Select(p => new SyntheticPerson(null, p.Name, p.Address, null, p.Address.Split('@')[1])).ToList(),
            Executives = [],
            NewsletterSenders = [population.Newsletter.Address],
            NoReplySenders = [population.NoReply.Address],
            X500Senders = [],
            Mailboxes = [],
        };
        return new LoadedTenant(directory, new LazyContentSource(population, seed, now), seed, manifest);
    }

    private static JsonObject Group(string id, string name) => new()
    {
        ["id"] = id,
        ["displayName"] = name,
        ["mail"] = null,
        ["mailEnabled"] = false,
        ["securityEnabled"] = true,
        ["groupTypes"] = new JsonArray(),
    };

    /// <summary>Mailbox content made of lazy item sources.</summary>
    private sealed class LazyContentSource(LazyPopulation population, ulong seed, DateTimeOffset now) : IMailboxContentSource
    {
        public MailboxContent Create(DirectoryUser user)
        {
            var userKey = Hashing.Of(user.Id);
            var content = new MailboxContent { RootFolderId = SnapshotContentSource.FolderId(seed, userKey, WellKnownFolders.Root) };
            var total = population.Spec.MessagesPerMailbox;
            var inbox = (int)(total * 0.7);
            foreach (var (name, displayName) in WellKnownFolders.Standard)
            {
                var id = SnapshotContentSource.FolderId(seed, userKey, name);
                var folder = new StoredItem(id, id, new JsonObject { ["displayName"] = displayName, ["parentFolderId"] = content.RootFolderId, ["wellKnownName"] = name });
                IItemSource messages = name switch
                {
                    "inbox" => new LazyMessageSource(population, seed, user.Index, 0, inbox, now),
                    "sentitems" => new LazyMessageSource(population, seed, user.Index, 1, total - inbox, now),
                    _ => ListItemSource.Empty,
                };
                content.Folders.Add(new FolderContent(folder, name, messages));
            }

            content.Events = new LazyEventSource(population, seed, user.Index, population.Spec.EventsPerMailbox, now);
            var listId = OpaqueIds.FromHash(IdKind.TodoList, seed, userKey, 0);
            var list = new JsonObject { ["displayName"] = "Tasks", ["wellknownListName"] = "defaultList", ["isOwner"] = true, ["isShared"] = false };
            ItemStamps.EnsureStamps(list, listId, now);
            content.TodoLists.Add(new TodoListContent(new StoredItem(listId, listId, list), ListItemSource.Empty));
            return content;
        }
    }
}
