using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Calendar;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Mail;
using GraphNetworker.GraphEmulator.Tenants;
using GraphNetworker.GraphEmulator.Todo;

namespace GraphNetworker.GraphEmulator;

/// <summary>Seeding, snapshots and the state summary.</summary>
public sealed partial class EmulatorControl
{
    /// <summary>
    /// Adds a snapshot's users, groups and mailbox items to the tenant (users and groups with the same id are
    /// replaced; items are added, so they appear in the next delta round). With <paramref name="reset"/> the
    /// tenant is replaced instead and every outstanding delta token becomes invalid.
    /// </summary>
    public void Seed(TenantSnapshot snapshot, bool reset = false)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (reset)
        {
            _state.Replace(TenantLoader.FromSnapshot(snapshot, _state.Now));
            return;
        }

        foreach (var user in (snapshot.Tenant["users"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var upn = user.GetString("userPrincipalName") ?? string.Empty;
            var existing = _state.Directory.Find(user.GetString("id") ?? upn);
            DirectoryLoader.AddUser(_state.Directory, user, snapshot.Mailboxes.ContainsKey(upn) || existing?.HasMailbox == true);
        }

        foreach (var group in (snapshot.Tenant["groups"] as JsonArray ?? []).OfType<JsonObject>())
        {
            DirectoryLoader.AddGroup(_state.Directory, group);
        }

        foreach (var chat in (snapshot.Tenant["teams"]?["chats"] as JsonArray ?? []).OfType<JsonObject>())
        {
            AddChat(chat);
        }

        foreach (var record in (snapshot.Tenant["teams"]?["callRecords"] as JsonArray ?? []).OfType<JsonObject>())
        {
            AddCallRecord(record);
        }

        foreach (var (upn, content) in snapshot.Mailboxes)
        {
            var owner = UserOf(upn);
            owner.HasMailbox = true;
            SeedMailbox(_state.Mailboxes.GetOrCreate(owner), content);
        }
    }

    /// <summary>Seeds from the single-document JSON form (see <see cref="TenantSnapshot.FromJson"/>).</summary>
    public void Seed(string snapshotJson, bool reset = false) => Seed(TenantSnapshot.FromJson(snapshotJson), reset);

    /// <summary>The whole tenant as a snapshot (for big lazy tenants prefer <see cref="ExportSnapshot(string)"/>).</summary>
    public TenantSnapshot ExportSnapshot() => TenantExporter.ToSnapshot(_state);

    /// <summary>Writes the tenant to a snapshot folder, one mailbox at a time.</summary>
    public void ExportSnapshot(string folder)
    {
        TenantExporter.WriteFolder(_state, folder);
        Log.SnapshotWritten(_state.Logger, folder);
    }

    /// <summary>A summary: tenant, clock, counts, and per materialized mailbox its folders and item counts.</summary>
    public JsonObject GetState()
    {
        var users = _state.Directory.Users;
        var mailboxes = new JsonArray();
        foreach (var mailbox in _state.Mailboxes.Materialized.Take(1000))
        {
            lock (mailbox.Gate)
            {
                var folders = new JsonObject();
                foreach (var (_, folder) in mailbox.Folders.LiveItems())
                {
                    folders[folder.Data.GetString("wellKnownName") ?? folder.Data.GetString("displayName") ?? folder.Id] = mailbox.MessagesIn(folder.Id)?.Count ?? 0;
                }

                mailboxes.Add(new JsonObject
                {
                    ["userId"] = mailbox.UserId,
                    ["userPrincipalName"] = _state.Directory.Find(mailbox.UserId)?.UserPrincipalName,
                    ["folders"] = folders,
                    ["events"] = mailbox.Events.Count,
                    ["todoLists"] = mailbox.TodoLists.Count,
                });
            }
        }

        return new JsonObject
        {
            ["tenantId"] = _state.Directory.TenantId,
            ["defaultDomain"] = _state.Directory.DefaultDomain,
            ["stateId"] = _state.StateId,
            ["now"] = GraphTime.UtcPrecise(_state.Now),
            ["version"] = _state.CurrentVersion,
            ["users"] = users.Count,
            ["mailboxUsers"] = users.Count(u => u.HasMailbox),
            ["groups"] = _state.Directory.Groups.Count,
            ["materializedMailboxes"] = _state.Mailboxes.Count,
            ["mailboxes"] = mailboxes,
        };
    }

    private void SeedMailbox(Mailbox mailbox, MailboxSnapshot content)
    {
        foreach (var folder in (content.Folders ?? []).OfType<JsonObject>())
        {
            var name = folder.GetString("displayName") ?? folder.GetString("id") ?? "Folder";
            if (mailbox.ResolveFolderId(folder.GetString("id") ?? name) is null && !HasFolderNamed(mailbox, name))
            {
                MailStore.AddFolder(_state, mailbox, name, folder.GetString("parentFolderId"));
            }
        }

        foreach (var (folder, messages) in content.Messages)
        {
            var target = mailbox.ResolveFolderId(folder) ?? FolderNamed(mailbox, folder) ?? MailStore.AddFolder(_state, mailbox, folder, null);
            foreach (var message in messages)
            {
                MailStore.AddMessage(_state, mailbox, target, message);
            }
        }

        foreach (var ev in content.Events)
        {
            EventStore.AddStored(_state, mailbox, ev);
        }

        foreach (var list in (content.Todo?["lists"] as JsonArray ?? []).OfType<JsonObject>())
        {
            TodoStore.SeedList(_state, mailbox, list);
        }
    }

    private static bool HasFolderNamed(Mailbox mailbox, string name) => FolderNamed(mailbox, name) is not null;

    private static string? FolderNamed(Mailbox mailbox, string name)
    {
        lock (mailbox.Gate)
        {
            return mailbox.Folders.LiveItems().Select(p => p.Item)
                .FirstOrDefault(f => string.Equals(f.Data.GetString("displayName"), name, StringComparison.OrdinalIgnoreCase))?.Id;
        }
    }
}
