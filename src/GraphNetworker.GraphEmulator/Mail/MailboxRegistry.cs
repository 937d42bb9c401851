using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using System.Collections.Concurrent;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.Directory;
using GraphNetworker.GraphEmulator.Tenants;

namespace GraphNetworker.GraphEmulator.Mail;

/// <summary>
/// Creates each mailbox on first use from its content source and keeps it: memory grows with the
/// mailboxes that are read or changed, not with the tenant's size.
/// </summary>
internal sealed class MailboxRegistry
{
    private readonly ConcurrentDictionary<string, Lazy<Mailbox>> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly IMailboxContentSource _source;
    private readonly Func<bool> _rssFeedsFolder;
    private readonly ulong _seed;

    /// <param name="source">Where each mailbox's initial content comes from.</param>
    /// <param name="rssFeedsFolder">Whether mailboxes get Exchange's "RSS Feeds" folder (read when a mailbox is built).</param>
    /// <param name="seed">The tenant seed, for the ids of folders added here.</param>
    public MailboxRegistry(IMailboxContentSource source, Func<bool> rssFeedsFolder, ulong seed)
    {
        _source = source;
        _rssFeedsFolder = rssFeedsFolder;
        _seed = seed;
    }

    /// <summary>The display name Exchange gives the RSS feeds folder; v1.0 has no well-known name for it.</summary>
    public const string RssFeedsDisplayName = "RSS Feeds";

    public int Count => _mailboxes.Count;

    public IEnumerable<Mailbox> Materialized => _mailboxes.Values.Where(l => l.IsValueCreated).Select(l => l.Value);

    public bool IsMaterialized(string userId) => _mailboxes.TryGetValue(userId, out var l) && l.IsValueCreated;

    public Mailbox GetOrCreate(DirectoryUser user) =>
        _mailboxes.GetOrAdd(user.Id, _ => new Lazy<Mailbox>(() => Build(user.Id, CreateContent(user)))).Value;

    /// <summary>The initial content of a mailbox (used directly by streaming export of mailboxes not materialized).</summary>
    public MailboxContent CreateContent(DirectoryUser user)
    {
        var content = _source.Create(user);
        if (_rssFeedsFolder() && !content.Folders.Any(f => f.WellKnownName is null &&
            f.Folder.Data.GetString("parentFolderId") == content.RootFolderId &&
            string.Equals(f.Folder.Data.GetString("displayName"), RssFeedsDisplayName, StringComparison.OrdinalIgnoreCase)))
        {
            // Exchange creates it in every mailbox as an ordinary child of the root.
            var id = SnapshotContentSource.FolderId(_seed, Hashing.Of(user.Id), "rss feeds");
            var data = new JsonObject { ["displayName"] = RssFeedsDisplayName, ["parentFolderId"] = content.RootFolderId };
            content.Folders.Add(new FolderContent(new StoredItem(id, id, data), null, ListItemSource.Empty));
        }

        return content;
    }

    public static Mailbox Build(string userId, MailboxContent content)
    {
        var folders = new ItemCollection(userId + "/folders", new ListItemSource(content.Folders.Select(f => f.Folder)));
        var events = new ItemCollection(userId + "/events", content.Events);
        var lists = new ItemCollection(userId + "/lists", new ListItemSource(content.TodoLists.Select(l => l.List)));
        var mailbox = new Mailbox(userId, folders, events, lists) { RootFolderId = content.RootFolderId };
        mailbox.AddFolderMessages(content.RootFolderId, new ItemCollection(userId + "/m/" + content.RootFolderId, ListItemSource.Empty), WellKnownFolders.Root);
        foreach (var folder in content.Folders)
        {
            mailbox.AddFolderMessages(folder.Folder.Id, new ItemCollection(userId + "/m/" + folder.Folder.Id, folder.Messages), folder.WellKnownName);
        }

        foreach (var list in content.TodoLists)
        {
            mailbox.AddTaskList(list.List.Id, new ItemCollection(userId + "/t/" + list.List.Id, list.Tasks));
        }

        return mailbox;
    }
}
