using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Mail;

/// <summary>
/// Renders a stored message as Graph does: defaults for missing properties, the folder it is in, the id
/// per the caller's id preference, and the permission-shaped projection (no body, preview, attachments or
/// extended properties under Mail.ReadBasic.All). <c>internetMessageHeaders</c> only when selected, never on
/// the copy in Sent Items, and under Mail.ReadBasic.All as <see cref="GraphFidelityOptions.InternetMessageHeadersUnderReadBasic"/>
/// says. With <c>$select</c> only the selected properties are built (delta pages of 1,000 stay cheap).
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

    private const string Headers = "internetMessageHeaders";

    /// <summary>
    /// Refuses the request when it selects <c>internetMessageHeaders</c> under Mail.ReadBasic(.All) and the
    /// refusing mode is on; call before rendering, so an empty page is refused as a full one is.
    /// </summary>
    public static void EnsureSelectable(GraphContext context, IReadOnlyList<string>? select)
    {
        if (select is not null && !context.Grant.CanReadMailBodies &&
            context.Settings.Fidelity.InternetMessageHeadersUnderReadBasic == ReadBasicInternetMessageHeaders.Refused403 &&
            select.Contains(Headers, StringComparer.OrdinalIgnoreCase))
        {
            throw GraphErrors.AccessDenied();
        }
    }

    public static JsonObject Render(GraphContext context, StoredItem item, string folderId, IReadOnlyList<string>? select, bool forDelta)
    {
        var id = item.IdFor(context.ImmutableIds);
        var fidelity = context.Settings.Fidelity;
        var withoutHeaders =
            (!context.Grant.CanReadMailBodies && fidelity.InternetMessageHeadersUnderReadBasic != ReadBasicInternetMessageHeaders.Returned) ||
            (!fidelity.SentItemsHaveInternetMessageHeaders && context.Mailbox?.WellKnownNameOf(folderId) == "sentitems");
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
                (!canReadBodies && BasicExcluded.Contains(name, StringComparer.OrdinalIgnoreCase)) ||
                (withoutHeaders && name.Equals(Headers, StringComparison.OrdinalIgnoreCase)))
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

    /// <summary>Bookkeeping that changes with every update; a partial delta item does not carry it.</summary>
    private static readonly string[] NotReportedAsChanged = ["changeKey", "lastModifiedDateTime"];

    /// <summary>
    /// An updated message as a delta change round reports it: <c>@odata.type</c>, <c>id</c>,
    /// <c>parentFolderId</c> and only the changed properties (within <c>$select</c>); null when none of the
    /// changed properties is selected, as a read-state change is not reported unless <c>isRead</c> is selected.
    /// </summary>
    public static JsonObject? RenderPartial(GraphContext context, StoredItem item, string folderId, IReadOnlyList<string>? select, IReadOnlyCollection<string> changed)
    {
        var reported = changed
            .Where(n => !NotReportedAsChanged.Contains(n, StringComparer.OrdinalIgnoreCase))
            .Where(n => select is null
                ? !NeverByDefault.Contains(n, StringComparer.OrdinalIgnoreCase)
                : select.Contains("*") || select.Contains(n, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (reported.Count == 0)
        {
            return null;
        }

        var full = Render(context, item, folderId, reported, forDelta: true);
        var result = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.message",
            ["id"] = full["id"]?.DeepClone(),
            ["parentFolderId"] = folderId,
        };
        foreach (var (name, value) in full)
        {
            if (!name.StartsWith('@') && !result.ContainsKey(name))
            {
                result[name] = value?.DeepClone();
            }
        }

        return result;
    }

    public static JsonObject Removed(GraphContext context, StoredItem item) => new()
    {
        ["@odata.type"] = "#microsoft.graph.message",
        ["id"] = item.IdFor(context.ImmutableIds),
        ["@removed"] = new JsonObject { ["reason"] = context.Settings.Fidelity.MessageRemovedReason == RemovedReason.Changed ? "changed" : "deleted" },
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
