using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;

namespace GraphNetworker.GraphEmulator.Mail;

/// <summary>Changes to mail (new mail arriving, updates, deletions, moves), each visible in the next delta round.</summary>
internal static class MailStore
{
    public static string AddMessage(EmulatorState state, Mailbox mailbox, string folder, JsonObject message)
    {
        lock (mailbox.Gate)
        {
            var folderId = mailbox.ResolveFolderId(folder) ?? throw new ArgumentException($"Unknown folder '{folder}'.", nameof(folder));
            var id = message.GetString("id") ?? state.Ids.Next(IdKind.Message);
            if (mailbox.FindMessage(id) is not null)
            {
                throw new ArgumentException($"A message with id '{id}' already exists.", nameof(message));
            }

            var data = ItemStamps.StripAnnotations(message.CloneObject());
            var version = state.NextVersion();
            ItemStamps.EnsureStamps(data, id, state.Now);
            data["changeKey"] = ItemStamps.ChangeKey(id, version);
            mailbox.MessagesIn(folderId)!.Add(new StoredItem(id, id, JsonMaterializer.Materialize(data)), version);
            return id;
        }
    }

    public static void UpdateMessage(EmulatorState state, Mailbox mailbox, string id, JsonObject patch)
    {
        lock (mailbox.Gate)
        {
            var found = mailbox.FindMessage(id) ?? throw new KeyNotFoundException($"Message '{id}' not found.");
            var data = found.Item.Data.CloneObject();
            foreach (var (key, value) in ItemStamps.StripAnnotations(patch.CloneObject()))
            {
                data[key] = value?.DeepClone();
            }

            var version = state.NextVersion();
            ItemStamps.Touch(data, found.Item.Id, version, state.Now);
            found.Collection.Replace(found.Position, found.Item.With(JsonMaterializer.Materialize(data)), version);
        }
    }

    public static void DeleteMessage(EmulatorState state, Mailbox mailbox, string id)
    {
        lock (mailbox.Gate)
        {
            var found = mailbox.FindMessage(id) ?? throw new KeyNotFoundException($"Message '{id}' not found.");
            found.Collection.Remove(found.Position, state.NextVersion());
        }
    }

    /// <summary>Moves a message: a tombstone in the source folder, a new item in the target. The REST id changes;
    /// the immutable id stays.</summary>
    public static string MoveMessage(EmulatorState state, Mailbox mailbox, string id, string destination)
    {
        lock (mailbox.Gate)
        {
            var found = mailbox.FindMessage(id) ?? throw new KeyNotFoundException($"Message '{id}' not found.");
            var target = mailbox.ResolveFolderId(destination) ?? throw new ArgumentException($"Unknown folder '{destination}'.", nameof(destination));
            if (target == found.FolderId)
            {
                return found.Item.Id;
            }

            found.Collection.Remove(found.Position, state.NextVersion());
            var newId = state.Ids.Next(IdKind.Message);
            var data = found.Item.Data.CloneObject();
            var version = state.NextVersion();
            ItemStamps.Touch(data, newId, version, state.Now);
            mailbox.MessagesIn(target)!.Add(new StoredItem(newId, found.Item.ImmutableId, JsonMaterializer.Materialize(data)), version);
            return newId;
        }
    }

    /// <summary>Deletes a folder and its subtree for good (folders and their messages); well-known folders are refused.</summary>
    public static void DeleteFolder(EmulatorState state, Mailbox mailbox, string folder)
    {
        lock (mailbox.Gate)
        {
            var folderId = mailbox.ResolveFolderId(folder) ?? throw new KeyNotFoundException($"Unknown folder '{folder}'.");
            if (mailbox.WellKnownNameOf(folderId) is { } wellKnown)
            {
                throw new ArgumentException($"'{wellKnown}' is a well-known folder and cannot be deleted.", nameof(folder));
            }

            foreach (var child in mailbox.ChildFolders(folderId).Select(c => c.Id).ToList())
            {
                DeleteFolder(state, mailbox, child);
            }

            if (mailbox.Folders.TryFind(folderId, out _, out var position))
            {
                mailbox.Folders.Remove(position, state.NextVersion());
            }

            mailbox.RemoveFolderMessages(folderId);
        }
    }

    public static string AddFolder(EmulatorState state, Mailbox mailbox, string displayName, string? parent)
    {
        lock (mailbox.Gate)
        {
            var parentId = parent is null || parent.Equals(WellKnownFolders.Root, StringComparison.OrdinalIgnoreCase)
                ? mailbox.RootFolderId
                : mailbox.ResolveFolderId(parent) ?? throw new ArgumentException($"Unknown folder '{parent}'.", nameof(parent));
            var id = state.Ids.Next(IdKind.Folder);
            var data = new JsonObject { ["displayName"] = displayName, ["parentFolderId"] = parentId };
            var version = state.NextVersion();
            mailbox.Folders.Add(new StoredItem(id, id, data), version);
            mailbox.AddFolderMessages(id, new ItemCollection(mailbox.UserId + "/m/" + id, ListItemSource.Empty), null);
            return id;
        }
    }
}
