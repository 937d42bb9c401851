using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.Directory;
using GraphNetworker.GraphEmulator.Mail;

namespace GraphNetworker.GraphEmulator.Tenants;

/// <summary>
/// Mailbox content from a <see cref="TenantSnapshot"/>. Items without ids get deterministic opaque ids;
/// missing bookkeeping (created/modified/changeKey) takes defaults; everything else is served as given.
/// </summary>
internal sealed class SnapshotContentSource : IMailboxContentSource
{
    private readonly Dictionary<string, MailboxSnapshot> _mailboxes;
    private readonly ulong _seed;
    private readonly DateTimeOffset _loadedAt;

    public SnapshotContentSource(TenantSnapshot snapshot, ulong seed, DateTimeOffset loadedAt)
    {
        _mailboxes = new Dictionary<string, MailboxSnapshot>(snapshot.Mailboxes, StringComparer.OrdinalIgnoreCase);
        _seed = seed;
        _loadedAt = loadedAt;
    }

    public MailboxContent Create(DirectoryUser user)
    {
        _mailboxes.TryGetValue(user.UserPrincipalName, out var snapshot);
        return Build(user.Id, snapshot ?? new MailboxSnapshot(), _seed, _loadedAt);
    }

    public static MailboxContent Build(string userId, MailboxSnapshot snapshot, ulong seed, DateTimeOffset loadedAt)
    {
        var userKey = Hashing.Of(userId);
        var content = new MailboxContent { RootFolderId = FolderId(seed, userKey, WellKnownFolders.Root) };
        var folders = new Dictionary<string, (StoredItem Folder, string? WellKnown, List<StoredItem> Items)>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();

        void AddFolder(string id, string displayName, string parentId, string? wellKnown, JsonObject? extra)
        {
            var data = extra is null ? new JsonObject() : ItemStamps.StripAnnotations(extra.CloneObject());
            data["displayName"] = displayName;
            data["parentFolderId"] = parentId;
            data.Remove("wellKnownName");
            if (wellKnown is not null)
            {
                data["wellKnownName"] = wellKnown;
            }

            folders[id] = (new StoredItem(id, id, data), wellKnown, []);
            order.Add(id);
            if (wellKnown is not null)
            {
                folders[wellKnown] = folders[id];
            }
        }

        var custom = snapshot.Folders?.OfType<JsonObject>().ToList() ?? [];
        foreach (var (name, displayName) in WellKnownFolders.Standard)
        {
            var overridden = custom.FirstOrDefault(f => string.Equals(f.GetString("wellKnownName"), name, StringComparison.OrdinalIgnoreCase));
            AddFolder(overridden?.GetString("id") ?? FolderId(seed, userKey, name), overridden?.GetString("displayName") ?? displayName, content.RootFolderId, name, overridden);
        }

        foreach (var f in custom.Where(f => f.GetString("wellKnownName") is null || !WellKnownFolders.IsWellKnown(f.GetString("wellKnownName")!)))
        {
            var id = f.GetString("id") ?? FolderId(seed, userKey, f.GetString("displayName") ?? "folder");
            var parent = f.GetString("parentFolderId") ?? WellKnownFolders.Root;
            var parentId = parent.Equals(WellKnownFolders.Root, StringComparison.OrdinalIgnoreCase) ? content.RootFolderId
                : folders.TryGetValue(parent, out var p) ? p.Folder.Id : parent;
            AddFolder(id, f.GetString("displayName") ?? id, parentId, null, f);
        }

        foreach (var (folderName, messages) in snapshot.Messages.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (!folders.ContainsKey(folderName))
            {
                AddFolder(FolderId(seed, userKey, "custom:" + folderName), folderName, content.RootFolderId, null, null);
                folders[folderName] = folders[order[^1]];
            }

            var target = folders[folderName];
            var folderKey = Hashing.Mix(userKey, Hashing.Of(target.Folder.Id));
            for (var i = 0; i < messages.Count; i++)
            {
                target.Items.Add(ToItem(messages[i], OpaqueIds.FromHash(IdKind.Message, seed, folderKey, (ulong)i), loadedAt, "receivedDateTime"));
            }
        }

        foreach (var id in order)
        {
            var (folder, wellKnown, items) = folders[id];
            content.Folders.Add(new FolderContent(folder, wellKnown, new ListItemSource(items)));
        }

        content.Events = new ListItemSource(snapshot.Events.Select((e, i) =>
            ToItem(e, OpaqueIds.FromHash(IdKind.Event, seed, userKey, (ulong)i), loadedAt, "createdDateTime")));
        AddTodo(content, snapshot.Todo, seed, userKey, loadedAt);
        return content;
    }

    private static void AddTodo(MailboxContent content, JsonObject? todo, ulong seed, ulong userKey, DateTimeOffset loadedAt)
    {
        var lists = (todo?["lists"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (!lists.Any(l => l.GetString("wellknownListName") == "defaultList"))
        {
            lists.Insert(0, new JsonObject { ["displayName"] = "Tasks", ["wellknownListName"] = "defaultList" });
        }

        for (var i = 0; i < lists.Count; i++)
        {
            var data = ItemStamps.StripAnnotations(lists[i].CloneObject());
            var tasks = data["tasks"] as JsonArray ?? [];
            data.Remove("tasks");
            var listId = lists[i].GetString("id") ?? OpaqueIds.FromHash(IdKind.TodoList, seed, userKey, (ulong)i);
            data.SetDefault("displayName", "Tasks");
            data.SetDefault("isOwner", true);
            data.SetDefault("isShared", false);
            data.SetDefault("wellknownListName", "none");
            ItemStamps.EnsureStamps(data, listId, loadedAt);
            var listKey = Hashing.Mix(userKey, Hashing.Of(listId));
            var taskItems = tasks.OfType<JsonObject>().Select((t, j) =>
                Todo.TaskShape.Normalize(ToItem(t, OpaqueIds.FromHash(IdKind.TodoTask, seed, listKey, (ulong)j), loadedAt, "createdDateTime"), seed));
            content.TodoLists.Add(new TodoListContent(new StoredItem(listId, listId, data), new ListItemSource(taskItems)));
        }
    }

    internal static StoredItem ToItem(JsonObject source, string assignedId, DateTimeOffset loadedAt, string createdFrom)
    {
        var id = source.GetString("id") ?? assignedId;
        var data = ItemStamps.StripAnnotations(source.CloneObject());
        var fallback = GraphTime.TryParseInstant(data.GetString(createdFrom), out var when) ? when : loadedAt;
        ItemStamps.EnsureStamps(data, id, fallback);
        return new StoredItem(id, id, JsonMaterializer.Materialize(data));
    }

    internal static string FolderId(ulong seed, ulong userKey, string name) =>
        OpaqueIds.FromHash(IdKind.Folder, seed, userKey, Hashing.Of(name.ToLowerInvariant()));
}
