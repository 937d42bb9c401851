using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.Directory;

namespace GraphNetworker.GraphEmulator.Tenants;

/// <summary>What a mailbox starts with, before any change: folders with messages, events, To Do lists.</summary>
internal sealed class MailboxContent
{
    public List<FolderContent> Folders { get; } = [];

    public IItemSource Events { get; set; } = ListItemSource.Empty;

    public List<TodoListContent> TodoLists { get; } = [];

    /// <summary>The id of the message root folder.</summary>
    public required string RootFolderId { get; init; }
}

internal sealed record FolderContent(StoredItem Folder, string? WellKnownName, IItemSource Messages);

internal sealed record TodoListContent(StoredItem List, IItemSource Tasks);

/// <summary>Produces a mailbox's initial content when the mailbox is first used.</summary>
internal interface IMailboxContentSource
{
    MailboxContent Create(DirectoryUser user);
}
