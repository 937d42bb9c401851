using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Tenants;

/// <summary>The single-JSON-document form of a snapshot, used by the control API's seed and snapshot calls.</summary>
internal static class SnapshotDocument
{
    public static TenantSnapshot Parse(string json)
    {
        var root = JsonNode.Parse(json, documentOptions: SnapshotJson.Lenient) as JsonObject
            ?? throw new InvalidDataException("A snapshot document must be a JSON object.");
        var snapshot = new TenantSnapshot();
        if (root["tenant"] is JsonObject tenant)
        {
            snapshot.Tenant = (JsonObject)tenant.DeepClone();
        }
        else if (root["users"] is not null || root["groups"] is not null)
        {
            snapshot.Tenant = new JsonObject
            {
                ["users"] = root["users"]?.DeepClone() ?? new JsonArray(),
                ["groups"] = root["groups"]?.DeepClone() ?? new JsonArray(),
            };
        }

        if (root["mailboxes"] is JsonObject mailboxes)
        {
            foreach (var (upn, node) in mailboxes)
            {
                if (node is JsonObject m)
                {
                    snapshot.Mailboxes[upn] = ParseMailbox(m);
                }
            }
        }

        return snapshot;
    }

    public static string Write(TenantSnapshot snapshot, bool indented)
    {
        var mailboxes = new JsonObject();
        foreach (var (upn, m) in snapshot.Mailboxes.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            mailboxes[upn] = ToJson(m);
        }

        var root = new JsonObject { ["tenant"] = snapshot.Tenant.DeepClone(), ["mailboxes"] = mailboxes };
        return root.ToJsonString(indented ? SnapshotJson.Indented : SnapshotJson.Compact);
    }

    internal static JsonObject ToJson(MailboxSnapshot m)
    {
        var messages = new JsonObject();
        foreach (var (folder, items) in m.Messages.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            messages[folder] = new JsonArray(items.Select(i => (JsonNode)i.DeepClone()).ToArray());
        }

        var obj = new JsonObject();
        if (m.Folders is not null)
        {
            obj["folders"] = m.Folders.DeepClone();
        }

        obj["messages"] = messages;
        obj["events"] = new JsonArray(m.Events.Select(e => (JsonNode)e.DeepClone()).ToArray());
        if (m.Todo is not null)
        {
            obj["todo"] = m.Todo.DeepClone();
        }

        return obj;
    }

    private static MailboxSnapshot ParseMailbox(JsonObject m)
    {
        var mailbox = new MailboxSnapshot { Folders = m["folders"]?.DeepClone() as JsonArray, Todo = m["todo"]?.DeepClone() as JsonObject };
        if (m["messages"] is JsonObject messages)
        {
            foreach (var (folder, items) in messages)
            {
                mailbox.Messages[folder] = (items as JsonArray ?? []).OfType<JsonObject>().Select(i => (JsonObject)i.DeepClone()).ToList();
            }
        }

        if (m["events"] is JsonArray events)
        {
            mailbox.Events.AddRange(events.OfType<JsonObject>().Select(e => (JsonObject)e.DeepClone()));
        }

        return mailbox;
    }
}
