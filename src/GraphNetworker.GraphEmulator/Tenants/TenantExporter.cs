using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.Directory;
using GraphNetworker.GraphEmulator.Mail;

namespace GraphNetworker.GraphEmulator.Tenants;

/// <summary>
/// Writes the live state back in the snapshot format, so a test or a person can see exactly which tasks and
/// events the worker created. Mailboxes never used are exported from their initial content without being
/// kept in memory, so even a lazily generated tenant streams out one mailbox at a time.
/// </summary>
internal static class TenantExporter
{
    public static JsonObject TenantJson(EmulatorState state)
    {
        var users = new JsonArray();
        foreach (var user in state.Directory.Users)
        {
            users.Add(user.Data.DeepClone());
        }

        var groups = new JsonArray();
        foreach (var group in state.Directory.Groups)
        {
            var g = group.Data.CloneObject();
            g["members"] = group.Members.ToJsonArray();
            groups.Add(g);
        }

        var tenant = new JsonObject
        {
            ["tenantId"] = state.Directory.TenantId,
            ["defaultDomain"] = state.Directory.DefaultDomain,
            ["users"] = users,
            ["groups"] = groups,
        };
        if (DirectoryLoader.WriteScope(state.Directory.ApplicationScope) is { } scope)
        {
            tenant["exchangeApplicationScope"] = scope;
        }

        if (state.Teams.Export() is { } teams)
        {
            tenant["teams"] = teams;
        }

        return tenant;
    }

    public static IEnumerable<(string Upn, MailboxSnapshot Mailbox)> Mailboxes(EmulatorState state)
    {
        foreach (var user in state.Directory.Users.Where(u => u.HasMailbox))
        {
            yield return (user.UserPrincipalName, Export(state, user));
        }
    }

    public static TenantSnapshot ToSnapshot(EmulatorState state)
    {
        var snapshot = new TenantSnapshot { Tenant = TenantJson(state) };
        foreach (var (upn, mailbox) in Mailboxes(state))
        {
            snapshot.Mailboxes[upn] = mailbox;
        }

        return snapshot;
    }

    public static void WriteFolder(EmulatorState state, string path)
    {
        SnapshotFolderWriter.WriteTenant(TenantJson(state), path);
        foreach (var (upn, mailbox) in Mailboxes(state))
        {
            SnapshotFolderWriter.WriteMailbox(path, upn, mailbox);
        }
    }

    private static MailboxSnapshot Export(EmulatorState state, DirectoryUser user)
    {
        var mailbox = state.Mailboxes.IsMaterialized(user.Id)
            ? state.Mailboxes.GetOrCreate(user)
            : MailboxRegistry.Build(user.Id, state.Mailboxes.CreateContent(user));
        lock (mailbox.Gate)
        {
            return Export(mailbox);
        }
    }

    private static MailboxSnapshot Export(Mailbox mailbox)
    {
        var snapshot = new MailboxSnapshot();
        var folders = new JsonArray();
        foreach (var (_, folder) in mailbox.Folders.LiveItems())
        {
            // Every folder with its id (well-known ones too), so ids survive an export and a reload as they do in a mailbox.
            var wellKnown = folder.Data.GetString("wellKnownName");
            var parent = folder.Data.GetString("parentFolderId");
            folders.Add(new JsonObject
            {
                ["id"] = folder.Id,
                ["displayName"] = folder.Data.GetString("displayName"),
                ["parentFolderId"] = parent == mailbox.RootFolderId ? WellKnownFolders.Root : parent,
                ["wellKnownName"] = wellKnown,
            });

            var items = mailbox.MessagesIn(folder.Id)?.LiveItems().Select(p => WithId(p.Item)).ToList() ?? [];
            if (items.Count > 0)
            {
                snapshot.Messages[wellKnown ?? folder.Id] = items;
            }
        }

        snapshot.Folders = folders.Count > 0 ? folders : null;
        snapshot.Events.AddRange(mailbox.Events.LiveItems().Select(p => WithId(p.Item)));
        var lists = new JsonArray();
        foreach (var (_, list) in mailbox.TodoLists.LiveItems())
        {
            var l = WithId(list);
            l["tasks"] = new JsonArray((mailbox.TasksIn(list.Id)?.LiveItems() ?? []).Select(t => (JsonNode)WithId(t.Item)).ToArray());
            lists.Add(l);
        }

        snapshot.Todo = new JsonObject { ["lists"] = lists };
        return snapshot;
    }

    private static JsonObject WithId(StoredItem item)
    {
        var result = new JsonObject { ["id"] = item.Id };
        foreach (var (key, value) in item.Data)
        {
            result[key] = value?.DeepClone();
        }

        return result;
    }
}
