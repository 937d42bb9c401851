using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Tenants;

/// <summary>
/// A tenant in the snapshot format (docs/emulator.md, "Tenant snapshots"): <c>tenant.json</c> plus, per
/// mailbox, folders, messages per folder, events and To Do lists, all in Graph's own JSON shapes.
/// Load it from a folder, build it in code, or read the single-document JSON form used by
/// <c>POST /_emulator/seed</c>.
/// </summary>
public sealed class TenantSnapshot
{
    /// <summary>The content of <c>tenant.json</c>: <c>tenantId</c>, <c>defaultDomain</c>, <c>users</c>, <c>groups</c>.</summary>
    public JsonObject Tenant { get; set; } = new() { ["users"] = new JsonArray(), ["groups"] = new JsonArray() };

    /// <summary>Mailbox contents keyed by userPrincipalName (case-insensitive).</summary>
    public Dictionary<string, MailboxSnapshot> Mailboxes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static TenantSnapshot LoadFolder(string path) => SnapshotFolderReader.Read(path);

    /// <summary>Writes the folder form; existing files of the same names are replaced.</summary>
    public void SaveFolder(string path) => SnapshotFolderWriter.Write(this, path);

    /// <summary>Reads the single-document form: <c>{"tenant":{…},"mailboxes":{"upn":{"folders":[…],"messages":{"inbox":[…]},"events":[…],"todo":{…}}}}</c>.</summary>
    public static TenantSnapshot FromJson(string json) => SnapshotDocument.Parse(json);

    /// <summary>Writes the single-document form.</summary>
    public string ToJson(bool indented = true) => SnapshotDocument.Write(this, indented);

    /// <summary>Adds a user to <c>tenant.json</c> and returns it, so tests can build tenants fluently.</summary>
    public JsonObject AddUser(JsonObject user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (Tenant["users"] is not JsonArray users)
        {
            users = [];
            Tenant["users"] = users;
        }

        users.Add(user);
        return user;
    }

    /// <summary>The mailbox of <paramref name="userPrincipalName"/>, created when missing.</summary>
    public MailboxSnapshot Mailbox(string userPrincipalName)
    {
        if (!Mailboxes.TryGetValue(userPrincipalName, out var mailbox))
        {
            mailbox = new MailboxSnapshot();
            Mailboxes[userPrincipalName] = mailbox;
        }

        return mailbox;
    }
}

/// <summary>One mailbox of a <see cref="TenantSnapshot"/>.</summary>
public sealed class MailboxSnapshot
{
    /// <summary>The content of <c>folders.json</c>: extra folders (<c>id, displayName, parentFolderId, wellKnownName</c>).</summary>
    public JsonArray? Folders { get; set; }

    /// <summary>Messages by folder: a well-known name (<c>inbox</c>, <c>sentitems</c>…), a folder id, or a new folder's name.</summary>
    public Dictionary<string, List<JsonObject>> Messages { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Events: single instances, series masters (with <c>recurrence</c>), exceptions.</summary>
    public List<JsonObject> Events { get; } = [];

    /// <summary>The content of <c>todo.json</c>: <c>{"lists":[{…,"tasks":[…]}]}</c>; null for the default "Tasks" list only.</summary>
    public JsonObject? Todo { get; set; }

    public List<JsonObject> Folder(string name)
    {
        if (!Messages.TryGetValue(name, out var list))
        {
            list = [];
            Messages[name] = list;
        }

        return list;
    }
}
