using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;

namespace GraphNetworker.GraphEmulator.Mail;

/// <summary>
/// One user's mailbox: folders with their messages, the primary calendar, To Do lists and event
/// transactionIds. All access goes through <see cref="Gate"/>.
/// </summary>
internal sealed class Mailbox
{
    private readonly Dictionary<string, ItemCollection> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _wellKnown = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ItemCollection> _tasks = new(StringComparer.Ordinal);

    public Mailbox(string userId, ItemCollection folders, ItemCollection events, ItemCollection todoLists)
    {
        UserId = userId;
        Folders = folders;
        Events = events;
        TodoLists = todoLists;
    }

    public Lock Gate { get; } = new();

    public string UserId { get; }

    /// <summary>Folders as items: displayName, parentFolderId, wellKnownName (folder ids never change).</summary>
    public ItemCollection Folders { get; }

    public ItemCollection Events { get; }

    public ItemCollection TodoLists { get; }

    /// <summary>transactionId → (event id, canonical payload) for idempotent event creation.</summary>
    public Dictionary<string, (string EventId, string Payload)> TransactionIds { get; } = new(StringComparer.Ordinal);

    /// <summary>The id of the message root folder (the parent of top-level folders).</summary>
    public string RootFolderId { get; set; } = string.Empty;

    public IEnumerable<ItemCollection> MessageCollections => _messages.Values;

    public void AddFolderMessages(string folderId, ItemCollection messages, string? wellKnownName)
    {
        _messages[folderId] = messages;
        if (wellKnownName is not null)
        {
            _wellKnown[wellKnownName] = folderId;
        }
    }

    public void AddTaskList(string listId, ItemCollection tasks) => _tasks[listId] = tasks;

    /// <summary>Forgets a deleted folder's messages (its id then resolves to nothing).</summary>
    public void RemoveFolderMessages(string folderId) => _messages.Remove(folderId);

    /// <summary>Resolves a folder id or a well-known name to the folder's id.</summary>
    public string? ResolveFolderId(string idOrName)
    {
        if (_wellKnown.TryGetValue(idOrName, out var id))
        {
            return id;
        }

        return Folders.TryFind(idOrName, out var folder, out _) ? folder.Id : null;
    }

    public StoredItem? Folder(string folderId) => Folders.TryFind(folderId, out var f, out _) ? f : null;

    public ItemCollection? MessagesIn(string folderId) => _messages.TryGetValue(folderId, out var c) ? c : null;

    public ItemCollection? TasksIn(string listId) => _tasks.TryGetValue(listId, out var c) ? c : null;

    public string? WellKnownNameOf(string folderId) =>
        _wellKnown.FirstOrDefault(p => p.Value == folderId).Key;

    /// <summary>Finds a message by REST or immutable id in any folder.</summary>
    public (string FolderId, ItemCollection Collection, StoredItem Item, int Position)? FindMessage(string id)
    {
        foreach (var (folderId, collection) in _messages)
        {
            if (collection.TryFind(id, out var item, out var position))
            {
                return (folderId, collection, item, position);
            }
        }

        return null;
    }

    /// <summary>Top-level and nested folders under <paramref name="parentId"/>.</summary>
    public IEnumerable<StoredItem> ChildFolders(string parentId) =>
        Folders.LiveItems().Select(p => p.Item).Where(f => f.Data.GetString("parentFolderId") == parentId);

    public int ChildFolderCount(string folderId) => ChildFolders(folderId).Count();

    public JsonObject? DefaultTaskList() =>
        TodoLists.LiveItems().Select(p => p.Item.Data).FirstOrDefault(d => d.GetString("wellknownListName") == "defaultList");
}
