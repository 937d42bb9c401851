using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Tenants;

/// <summary>
/// Writes the snapshot folder format. Output is deterministic (sorted mailboxes and folders, '\n' line ends),
/// so the same tenant always produces byte-identical files.
/// </summary>
internal static class SnapshotFolderWriter
{
    public static void Write(TenantSnapshot snapshot, string path)
    {
        WriteTenant(snapshot.Tenant, path);
        foreach (var (upn, mailbox) in snapshot.Mailboxes.OrderBy(m => m.Key, StringComparer.OrdinalIgnoreCase))
        {
            WriteMailbox(path, upn, mailbox);
        }
    }

    public static void WriteTenant(JsonObject tenant, string path)
    {
        System.IO.Directory.CreateDirectory(path);
        WriteText(Path.Combine(path, "tenant.json"), tenant.ToJsonString(SnapshotJson.Indented) + "\n");
    }

    /// <summary>
    /// A mailbox key or folder name as one path segment: it comes from tenant data, so a separator, <c>..</c> or a
    /// control character is refused rather than allowed to write outside the snapshot.
    /// </summary>
    public static string PathSegment(string name) =>
        name.Length is 0 or > 255 || name is "." or ".." || name.Any(c => c is '/' or '\\' or ':' || char.IsControl(c)) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0
            ? throw new InvalidDataException($"'{name}' cannot be a snapshot file name (a mailbox key or folder name must be one path segment).")
            : name;

    public static void WriteMailbox(string root, string upn, MailboxSnapshot mailbox)
    {
        var dir = Path.Combine(root, "mailboxes", PathSegment(upn));
        System.IO.Directory.CreateDirectory(dir);
        if (mailbox.Folders is { Count: > 0 })
        {
            WriteText(Path.Combine(dir, "folders.json"), mailbox.Folders.ToJsonString(SnapshotJson.Indented) + "\n");
        }

        var messagesDir = Path.Combine(dir, "messages");
        System.IO.Directory.CreateDirectory(messagesDir);
        foreach (var (folder, items) in mailbox.Messages.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            WriteLines(Path.Combine(messagesDir, PathSegment(folder) + ".jsonl"), items);
        }

        if (mailbox.Events.Count > 0)
        {
            WriteLines(Path.Combine(dir, "events.jsonl"), mailbox.Events);
        }

        if (mailbox.Todo is not null)
        {
            WriteText(Path.Combine(dir, "todo.json"), mailbox.Todo.ToJsonString(SnapshotJson.Indented) + "\n");
        }
    }

    private static void WriteLines(string file, IEnumerable<JsonObject> items)
    {
        using var stream = File.Create(file);
        using var writer = new Utf8JsonWriter(stream, SnapshotJson.CompactWriter);
        foreach (var item in items)
        {
            item.WriteTo(writer);
            writer.Flush();
            writer.Reset();
            stream.WriteByte((byte)'\n');
        }
    }

    private static void WriteText(string file, string text) =>
        File.WriteAllText(file, text.Replace("\r\n", "\n", StringComparison.Ordinal), new UTF8Encoding(false));
}
