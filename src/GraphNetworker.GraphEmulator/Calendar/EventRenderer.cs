using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.OData;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Calendar;

/// <summary>
/// Renders events and view instances as Graph does: the full default property set, times converted to UTC
/// or the <c>Prefer: outlook.timezone</c> zone, <c>transactionId</c> only when set, extended properties only
/// when expanded, and thin occurrences when that test mode is on.
/// </summary>
internal static class EventRenderer
{
    private static readonly string[] Hidden = ["singleValueExtendedProperties", "multiValueExtendedProperties", "extensions", "cancelledOccurrences"];

    public static JsonObject Render(GraphContext context, EventInstance instance, bool forDelta, bool allowThin = true)
    {
        if (allowThin && instance.Type == "occurrence" && context.Settings.Delta.ThinOccurrences)
        {
            return Thin(context, instance);
        }

        var zone = context.TimeZone;
        var source = instance.Source;
        var data = source.Data;
        var full = new JsonObject();
        if (forDelta)
        {
            full["@odata.type"] = "#microsoft.graph.event";
        }

        full["@odata.etag"] = ItemStamps.ETag(data);
        full["id"] = instance.Type == "occurrence" ? instance.Id : source.IdFor(context.ImmutableIds);
        Defaults(full, data, context, instance);
        foreach (var (key, value) in data)
        {
            if (!Hidden.Contains(key) && key is not "type" and not "start" and not "end")
            {
                full[key] = value?.DeepClone();
            }
        }

        full["type"] = instance.Type;
        full["start"] = GraphTime.ToDateTimeTimeZone(instance.Start, zone);
        full["end"] = GraphTime.ToDateTimeTimeZone(instance.End, zone);
        if (instance.Type is "occurrence" or "exception")
        {
            full["seriesMasterId"] = instance.SeriesMasterId;
            full["recurrence"] = null;
            if (instance.OriginalStart is { } os)
            {
                full["originalStart"] = GraphTime.Utc(os);
            }
        }

        if (instance.Type == "occurrence")
        {
            full["iCalUId"] = (data.GetString("iCalUId") ?? full["iCalUId"]!.GetValue<string>()) + Hashing.Of(instance.Id).ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (data.GetString("transactionId") is null)
        {
            full.Remove("transactionId");
        }

        AddExpansions(full, data, context.Query.Expand);
        return Projection.Select(full, context.Query.SelectList(), "id");
    }

    /// <summary>Renders a stored event (master, single, exception) as itself, e.g. for GET /events/{id}.</summary>
    public static JsonObject RenderStored(GraphContext context, StoredItem item)
    {
        CalendarExpansion.TryTimes(item, out var start, out var end);
        var type = CalendarExpansion.TypeOf(item);
        var original = GraphTime.TryParseInstant(item.Data.GetString("originalStart"), out var os) ? os : (DateTimeOffset?)null;
        var instance = new EventInstance(item.Id, item, start, end, type, item.Data.GetString("seriesMasterId"), original);
        var rendered = Render(context, instance, forDelta: false, allowThin: false);
        return rendered;
    }

    public static JsonObject Removed(string id) => new()
    {
        ["@odata.type"] = "#microsoft.graph.event",
        ["id"] = id,
        ["@removed"] = new JsonObject { ["reason"] = "deleted" },
    };

    private static JsonObject Thin(GraphContext context, EventInstance instance) => new()
    {
        ["@odata.type"] = "#microsoft.graph.event",
        ["@odata.etag"] = ItemStamps.ETag(instance.Source.Data),
        ["seriesMasterId"] = instance.SeriesMasterId,
        ["type"] = "occurrence",
        ["id"] = instance.Id,
        ["start"] = GraphTime.ToDateTimeTimeZone(instance.Start, context.TimeZone),
        ["end"] = GraphTime.ToDateTimeTimeZone(instance.End, context.TimeZone),
    };

    private static void Defaults(JsonObject full, JsonObject data, GraphContext context, EventInstance instance)
    {
        var owner = context.User;
        full["createdDateTime"] = null;
        full["lastModifiedDateTime"] = null;
        full["changeKey"] = null;
        full["categories"] = new JsonArray();
        full["transactionId"] = null;
        full["originalStartTimeZone"] = (data["start"] as JsonObject)?.GetString("timeZone") ?? "UTC";
        full["originalEndTimeZone"] = (data["end"] as JsonObject)?.GetString("timeZone") ?? "UTC";
        full["iCalUId"] = "040000008200E00074C5B7101A82E008" + Hashing.Of(instance.Source.Id).ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
        full["reminderMinutesBeforeStart"] = 15;
        full["isReminderOn"] = true;
        full["hasAttachments"] = false;
        full["subject"] = string.Empty;
        full["bodyPreview"] = string.Empty;
        full["importance"] = "normal";
        full["sensitivity"] = "normal";
        full["isAllDay"] = false;
        full["isCancelled"] = false;
        full["isOrganizer"] = true;
        full["responseRequested"] = true;
        full["seriesMasterId"] = null;
        full["showAs"] = "busy";
        full["type"] = instance.Type;
        full["webLink"] = "https://outlook.office365.com/owa/?itemid=" + Uri.EscapeDataString(instance.Id) + "&exvsurl=1&path=/calendar/item";
        full["onlineMeetingUrl"] = null;
        full["isOnlineMeeting"] = false;
        full["onlineMeetingProvider"] = "unknown";
        full["allowNewTimeProposals"] = true;
        full["isDraft"] = false;
        full["hideAttendees"] = false;
        full["responseStatus"] = new JsonObject { ["response"] = "none", ["time"] = "0001-01-01T00:00:00Z" };
        full["body"] = new JsonObject { ["contentType"] = "html", ["content"] = string.Empty };
        full["start"] = null;
        full["end"] = null;
        full["location"] = new JsonObject
        {
            ["displayName"] = string.Empty,
            ["locationType"] = "default",
            ["uniqueIdType"] = "unknown",
            ["address"] = new JsonObject(),
            ["coordinates"] = new JsonObject(),
        };
        full["locations"] = new JsonArray();
        full["recurrence"] = null;
        full["attendees"] = new JsonArray();
        full["organizer"] = owner is null ? null : new JsonObject
        {
            ["emailAddress"] = new JsonObject { ["name"] = owner.DisplayName, ["address"] = owner.Mail ?? owner.UserPrincipalName },
        };
        full["onlineMeeting"] = null;
    }

    private static void AddExpansions(JsonObject full, JsonObject data, string? expand)
    {
        foreach (var option in ExpandOption.Parse(expand))
        {
            if (option.Property.Equals("singleValueExtendedProperties", StringComparison.OrdinalIgnoreCase) ||
                option.Property.Equals("multiValueExtendedProperties", StringComparison.OrdinalIgnoreCase) ||
                option.Property.Equals("extensions", StringComparison.OrdinalIgnoreCase))
            {
                var name = data.TryGetPropertyIgnoreCase(option.Property, out var actual, out var values) ? actual : option.Property;
                full[name] = Filtered(values as JsonArray, option.Filter);
            }
        }
    }

    private static JsonArray Filtered(JsonArray? values, string? filter)
    {
        var result = new JsonArray();
        if (values is null)
        {
            return result;
        }

        FilterNode? node = null;
        if (filter is not null)
        {
            try
            {
                node = FilterParser.Parse(filter);
            }
            catch (FormatException ex)
            {
                throw GraphErrors.BadRequest("Invalid $expand filter: " + ex.Message);
            }
        }

        foreach (var value in values)
        {
            if (node is null || FilterEvaluator.Outlook.Matches(node, value))
            {
                result.Add(value?.DeepClone());
            }
        }

        return result;
    }
}
