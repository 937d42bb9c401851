using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.OData;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Mail;

/// <summary>
/// Renders a stored message as Graph does: defaults for missing properties, the folder it is in, the id
/// per the caller's id preference, and the permission-shaped projection (no body, preview, attachments or
/// extended properties under Mail.ReadBasic.All). <c>internetMessageHeaders</c> only when selected.
/// </summary>
internal static class MessageRenderer
{
    private static readonly string[] BasicExcluded =
        ["body", "bodyPreview", "uniqueBody", "attachments", "singleValueExtendedProperties", "multiValueExtendedProperties", "extensions"];

    private static readonly string[] NeverByDefault =
        ["internetMessageHeaders", "uniqueBody", "attachments", "singleValueExtendedProperties", "multiValueExtendedProperties", "extensions", "wellKnownName"];

    public static JsonObject Render(GraphContext context, StoredItem item, string folderId, IReadOnlyList<string>? select, bool forDelta)
    {
        var id = item.IdFor(context.ImmutableIds);
        var data = item.Data;
        var full = new JsonObject();
        if (forDelta)
        {
            full["@odata.type"] = "#microsoft.graph.message";
        }

        full["@odata.etag"] = ItemStamps.ETag(data);
        full["id"] = id;
        full["createdDateTime"] = data["createdDateTime"]?.DeepClone();
        full["lastModifiedDateTime"] = data["lastModifiedDateTime"]?.DeepClone();
        full["changeKey"] = data["changeKey"]?.DeepClone();
        full["categories"] = new JsonArray();
        full["receivedDateTime"] = null;
        full["sentDateTime"] = null;
        full["hasAttachments"] = false;
        full["internetMessageId"] = null;
        full["subject"] = null;
        full["bodyPreview"] = string.Empty;
        full["importance"] = "normal";
        full["parentFolderId"] = folderId;
        full["conversationId"] = null;
        full["conversationIndex"] = null;
        full["isDeliveryReceiptRequested"] = false;
        full["isReadReceiptRequested"] = false;
        full["isRead"] = false;
        full["isDraft"] = false;
        full["webLink"] = "https://outlook.office365.com/owa/?ItemID=" + Uri.EscapeDataString(id) + "&exvsurl=1&viewmodel=ReadMessageItem";
        full["inferenceClassification"] = "focused";
        full["body"] = new JsonObject { ["contentType"] = "text", ["content"] = string.Empty };
        full["sender"] = null;
        full["from"] = null;
        full["toRecipients"] = new JsonArray();
        full["ccRecipients"] = new JsonArray();
        full["bccRecipients"] = new JsonArray();
        full["replyTo"] = new JsonArray();
        full["flag"] = new JsonObject { ["flagStatus"] = "notFlagged" };

        var selected = new HashSet<string>(select ?? [], StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in data)
        {
            if (key is "parentFolderId" || (NeverByDefault.Contains(key) && !selected.Contains(key)))
            {
                continue;
            }

            full[key] = value?.DeepClone();
        }

        if (!context.Grant.CanReadMailBodies)
        {
            foreach (var name in BasicExcluded)
            {
                full.Remove(name);
            }

            if (!context.Settings.InternetMessageHeadersUnderReadBasic)
            {
                full.Remove("internetMessageHeaders");
            }
        }

        if (select is null)
        {
            return full;
        }

        var allowed = context.Grant.CanReadMailBodies ? select : select.Where(s => !BasicExcluded.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
        return Projection.Select(full, allowed, "id");
    }

    public static JsonObject Removed(GraphContext context, StoredItem item) => new()
    {
        ["@odata.type"] = "#microsoft.graph.message",
        ["id"] = item.IdFor(context.ImmutableIds),
        ["@removed"] = new JsonObject { ["reason"] = "deleted" },
    };
}
