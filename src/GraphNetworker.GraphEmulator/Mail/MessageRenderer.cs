using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Mail;

/// <summary>
/// Renders a stored message as Graph does: defaults for missing properties, the folder it is in, the id
/// per the caller's id preference, and the permission-shaped projection (no body, preview, attachments or
/// extended properties under Mail.ReadBasic.All). <c>internetMessageHeaders</c> only when selected.
/// With <c>$select</c> only the selected properties are built (delta pages of 1,000 stay cheap).
/// </summary>
internal static class MessageRenderer
{
    private static readonly string[] BasicExcluded =
        ["body", "bodyPreview", "uniqueBody", "attachments", "singleValueExtendedProperties", "multiValueExtendedProperties", "extensions"];

    private static readonly string[] NeverByDefault =
        ["internetMessageHeaders", "uniqueBody", "attachments", "singleValueExtendedProperties", "multiValueExtendedProperties", "extensions", "wellKnownName"];

    /// <summary>Graph's default message properties, in Graph's order, with their value when a stored item lacks them.</summary>
    private static readonly (string Name, Func<JsonNode?> Default)[] Defaults =
    [
        ("createdDateTime", () => null), ("lastModifiedDateTime", () => null), ("changeKey", () => null),
        ("categories", () => new JsonArray()), ("receivedDateTime", () => null), ("sentDateTime", () => null),
        ("hasAttachments", () => false), ("internetMessageId", () => null), ("subject", () => null),
        ("bodyPreview", () => string.Empty), ("importance", () => "normal"), ("parentFolderId", () => null),
        ("conversationId", () => null), ("conversationIndex", () => null), ("isDeliveryReceiptRequested", () => false),
        ("isReadReceiptRequested", () => false), ("isRead", () => false), ("isDraft", () => false), ("webLink", () => null),
        ("inferenceClassification", () => "focused"), ("body", () => new JsonObject { ["contentType"] = "text", ["content"] = string.Empty }),
        ("sender", () => null), ("from", () => null), ("toRecipients", () => new JsonArray()), ("ccRecipients", () => new JsonArray()),
        ("bccRecipients", () => new JsonArray()), ("replyTo", () => new JsonArray()), ("flag", () => new JsonObject { ["flagStatus"] = "notFlagged" }),
    ];

    public static JsonObject Render(GraphContext context, StoredItem item, string folderId, IReadOnlyList<string>? select, bool forDelta)
    {
        var id = item.IdFor(context.ImmutableIds);
        var result = new JsonObject();
        if (forDelta)
        {
            result["@odata.type"] = "#microsoft.graph.message";
        }

        result["@odata.etag"] = ItemStamps.ETag(item.Data);
        result["id"] = id;
        var names = select is null || select.Contains("*")
            ? Defaults.Select(d => d.Name).Concat(item.Data.Select(p => p.Key).Where(k => !NeverByDefault.Contains(k)))
            : select;
        var canReadBodies = context.Grant.CanReadMailBodies;
        foreach (var name in names)
        {
            if (name.Equals("id", StringComparison.OrdinalIgnoreCase) ||
                (!canReadBodies && (BasicExcluded.Contains(name, StringComparer.OrdinalIgnoreCase) ||
                    (name.Equals("internetMessageHeaders", StringComparison.OrdinalIgnoreCase) && !context.Settings.InternetMessageHeadersUnderReadBasic))))
            {
                continue;
            }

            var (actual, value) = Value(item, name, folderId, id);
            if (!result.ContainsKey(actual))
            {
                result[actual] = value;
            }
        }

        return result;
    }

    public static JsonObject Removed(GraphContext context, StoredItem item) => new()
    {
        ["@odata.type"] = "#microsoft.graph.message",
        ["id"] = item.IdFor(context.ImmutableIds),
        ["@removed"] = new JsonObject { ["reason"] = "deleted" },
    };

    private static (string Name, JsonNode? Value) Value(StoredItem item, string name, string folderId, string id)
    {
        if (name.Equals("parentFolderId", StringComparison.OrdinalIgnoreCase))
        {
            return ("parentFolderId", folderId);
        }

        if (item.Data.TryGetPropertyIgnoreCase(name, out var actual, out var stored))
        {
            return (actual, stored?.DeepClone());
        }

        if (name.Equals("webLink", StringComparison.OrdinalIgnoreCase))
        {
            return ("webLink", "https://outlook.office365.com/owa/?ItemID=" + Uri.EscapeDataString(id) + "&exvsurl=1&viewmodel=ReadMessageItem");
        }

        foreach (var (defaultName, factory) in Defaults)
        {
            if (defaultName.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return (defaultName, factory());
            }
        }

        return (name, null);
    }
}
