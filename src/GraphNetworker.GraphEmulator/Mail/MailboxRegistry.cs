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

    public MailboxRegistry(IMailboxContentSource source) => _source = source;

    public int Count => _mailboxes.Count;

    public IEnumerable<Mailbox> Materialized => _mailboxes.Values.Where(l => l.IsValueCreated).Select(l => l.Value);

    public bool IsMaterialized(string userId) => _mailboxes.TryGetValue(userId, out var l) && l.IsValueCreated;

    public Mailbox GetOrCreate(DirectoryUser user) =>
        _mailboxes.GetOrAdd(user.Id, _ => new Lazy<Mailbox>(() => Build(user.Id, _source.Create(user)))).Value;

    /// <summary>The initial content of a mailbox that has not been materialized (used by streaming export).</summary>
    public MailboxContent CreateContent(DirectoryUser user) => _source.Create(user);

    public static Mailbox Build(string userId, MailboxContent content)
    {
        var folders = new ItemCollection(userId + "/folders", new ListItemSource(content.Folders.Select(f => f.Folder)));
        var events = new ItemCollection(userId + "/events", content.Events);
        var lists = new ItemCollection(userId + "/lists", new ListItemSource(content.TodoLists.Select(l => l.List)));
        var mailbox = new Mailbox(userId, folders, events, lists) { RootFolderId = content.RootFolderId };
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
