using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;

namespace GraphNetworker.GraphEmulator.Mail;

/// <summary>Renders a mail folder with live counts (child folders, total and unread items).</summary>
internal static class MailFolderRenderer
{
    public static JsonObject Render(Mailbox mailbox, StoredItem folder)
    {
        var messages = mailbox.MessagesIn(folder.Id);
        var result = new JsonObject
        {
            ["id"] = folder.Id,
            ["displayName"] = folder.Data.GetString("displayName"),
            ["parentFolderId"] = folder.Data.GetString("parentFolderId"),
            ["childFolderCount"] = mailbox.ChildFolderCount(folder.Id),
            ["unreadItemCount"] = messages is null ? 0 : UnreadCount(messages),
            ["totalItemCount"] = messages?.Count ?? 0,
            ["isHidden"] = folder.Data.GetBool("isHidden") ?? false,
        };
        return result;
    }

    public static JsonObject Root(Mailbox mailbox) => new()
    {
        ["id"] = mailbox.RootFolderId,
        ["displayName"] = "Top of Information Store",
        ["parentFolderId"] = OpaqueIds.FromHash(IdKind.Folder, 0, Hashing.Of(mailbox.UserId), 0),
        ["childFolderCount"] = mailbox.ChildFolderCount(mailbox.RootFolderId),
        ["unreadItemCount"] = 0,
        ["totalItemCount"] = 0,
        ["isHidden"] = false,
    };

    public static JsonObject Removed(StoredItem folder) => new()
    {
        ["@odata.type"] = "#microsoft.graph.mailFolder",
        ["id"] = folder.Id,
        ["@removed"] = new JsonObject { ["reason"] = "deleted" },
    };

    private static int UnreadCount(ItemCollection messages)
    {
        if (messages.Count > 2_000)
        {
            return messages.Count / 20; // large generated folders: about 5% unread, without generating every item
        }

        return messages.CachedCount("unread", CountUnread);
    }

    private static int CountUnread(ItemCollection messages)
    {
        var unread = 0;
        foreach (var (_, item) in messages.LiveItems())
        {
            if (item.Data.GetBool("isRead") != true)
            {
                unread++;
            }
        }

        return unread;
    }
}
