using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Calendar;

/// <summary>The checks Graph makes on an event body: dateTimeTimeZone times, known zones, enum values.</summary>
internal static class EventValidation
{
    private static readonly Dictionary<string, (string Type, string[] Values)> Enums = new(StringComparer.Ordinal)
    {
        ["showAs"] = ("microsoft.graph.freeBusyStatus", ["free", "tentative", "busy", "oof", "workingElsewhere", "unknown"]),
        ["sensitivity"] = ("microsoft.graph.sensitivity", ["normal", "personal", "private", "confidential"]),
        ["importance"] = ("microsoft.graph.importance", ["low", "normal", "high"]),
    };

    public static void Validate(JsonObject body, bool requireTimes)
    {
        foreach (var (property, (type, values)) in Enums)
        {
            if (body.GetString(property) is { } value && !values.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                throw new GraphException(400, "RequestBodyRead", $"Cannot convert the literal '{value}' to the expected type '{type}'.");
            }
        }

        if (requireTimes || body.ContainsKey("start") || body.ContainsKey("end"))
        {
            var start = Time(body, "start");
            var end = Time(body, "end");
            if (end < start)
            {
                throw GraphErrors.InvalidRequest("The event's end time must not be before its start time.");
            }
        }

        if (body["recurrence"] is JsonObject recurrence && (recurrence["pattern"] is not JsonObject || recurrence["range"] is not JsonObject))
        {
            throw GraphErrors.InvalidRequest("A recurrence needs both a pattern and a range.");
        }
    }

    public static DateTimeOffset Time(JsonObject body, string name)
    {
        if (body[name] is not JsonObject value || value.GetString("dateTime") is null)
        {
            throw GraphErrors.InvalidRequest($"The '{name}' property must be a dateTimeTimeZone with dateTime and timeZone.");
        }

        var zone = value.GetString("timeZone");
        if (zone is null)
        {
            throw GraphErrors.InvalidRequest($"'{name}.timeZone' is required.");
        }

        if (!GraphTime.TryFindZone(zone, out _))
        {
            throw new GraphException(400, "TimeZoneNotSupportedException", $"A valid TimeZone value must be specified. The following TimeZone value is not supported: '{zone}'.");
        }

        return GraphTime.TryReadDateTimeTimeZone(value, out var instant)
            ? instant
            : throw GraphErrors.InvalidRequest($"'{name}.dateTime' is not a valid date and time.");
    }
}
