using System.Text.Json;
using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Tenants;

/// <summary>Reads a tenant snapshot folder (tenant.json, mailboxes/&lt;upn&gt;/…).</summary>
internal static class SnapshotFolderReader
{
    public static TenantSnapshot Read(string path)
    {
        var tenantFile = Path.Combine(path, "tenant.json");
        if (!File.Exists(tenantFile))
        {
            throw new InvalidDataException($"'{path}' is not a tenant snapshot: tenant.json is missing.");
        }

        var snapshot = new TenantSnapshot { Tenant = ParseObject(File.ReadAllText(tenantFile), tenantFile) };
        var mailboxesDir = Path.Combine(path, "mailboxes");
        if (!System.IO.Directory.Exists(mailboxesDir))
        {
            return snapshot;
        }

        foreach (var dir in System.IO.Directory.GetDirectories(mailboxesDir).Order(StringComparer.Ordinal))
        {
            snapshot.Mailboxes[Path.GetFileName(dir)] = ReadMailbox(dir);
        }

        return snapshot;
    }

    private static MailboxSnapshot ReadMailbox(string dir)
    {
        var mailbox = new MailboxSnapshot();
        var foldersFile = Path.Combine(dir, "folders.json");
        if (File.Exists(foldersFile))
        {
            mailbox.Folders = JsonNode.Parse(File.ReadAllText(foldersFile), documentOptions: SnapshotJson.Lenient) as JsonArray
                ?? throw new InvalidDataException($"{foldersFile}: a JSON array is expected.");
        }

        var messagesDir = Path.Combine(dir, "messages");
        if (System.IO.Directory.Exists(messagesDir))
        {
            foreach (var file in System.IO.Directory.GetFiles(messagesDir, "*.jsonl").Order(StringComparer.Ordinal))
            {
                mailbox.Messages[Path.GetFileNameWithoutExtension(file)] = ReadLines(file);
            }
        }

        var eventsFile = Path.Combine(dir, "events.jsonl");
        if (File.Exists(eventsFile))
        {
            mailbox.Events.AddRange(ReadLines(eventsFile));
        }

        var todoFile = Path.Combine(dir, "todo.json");
        if (File.Exists(todoFile))
        {
            mailbox.Todo = ParseObject(File.ReadAllText(todoFile), todoFile);
        }

        return mailbox;
    }

    internal static List<JsonObject> ReadLines(string file)
    {
        var items = new List<JsonObject>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            items.Add(ParseObject(line, $"{file}:{lineNumber}"));
        }

        return items;
    }

    private static JsonObject ParseObject(string text, string where)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: SnapshotJson.Lenient) as JsonObject
                ?? throw new InvalidDataException($"{where}: a JSON object is expected.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{where}: {ex.Message}", ex);
        }
    }
}
