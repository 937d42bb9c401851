using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;

namespace GraphNetworker.GraphEmulator.Calendar;

/// <summary>
/// Turns stored events into calendar-view instances for a window: single instances and exceptions as they
/// are, series masters expanded into occurrences (minus exceptions and deleted occurrences). Masters
/// themselves never appear in a view, as in Graph.
/// </summary>
internal static class CalendarExpansion
{
    public static bool TryTimes(StoredItem item, out DateTimeOffset start, out DateTimeOffset end)
    {
        end = default;
        return GraphTime.TryReadDateTimeTimeZone(item.Data["start"], out start) &
            GraphTime.TryReadDateTimeTimeZone(item.Data["end"], out end);
    }

    public static string TypeOf(StoredItem item)
    {
        var type = item.Data.GetString("type");
        if (type is not null)
        {
            return type;
        }

        return item.Data["recurrence"] is JsonObject ? "seriesMaster" : "singleInstance";
    }

    /// <summary>The instances of one stored event overlapping [from, to), in start order.</summary>
    public static List<EventInstance> Instances(ItemCollection events, StoredItem item, DateTimeOffset from, DateTimeOffset to)
    {
        var result = new List<EventInstance>();
        if (!TryTimes(item, out var start, out var end))
        {
            return result;
        }

        var type = TypeOf(item);
        if (type != "seriesMaster")
        {
            if (start < to && end > from)
            {
                var original = GraphTime.TryParseInstant(item.Data.GetString("originalStart"), out var os) ? os : (DateTimeOffset?)null;
                result.Add(new EventInstance(item.Id, item, start, end, type, item.Data.GetString("seriesMasterId"), original));
            }

            return result;
        }

        if (item.Data["recurrence"] is not JsonObject recurrence)
        {
            return result;
        }

        var duration = end - start;
        var skipped = SkippedStarts(events, item);
        var zone = (item.Data["start"] as JsonObject)?.GetString("timeZone");
        foreach (var occurrence in RecurrenceExpander.Occurrences(recurrence, start, zone, to))
        {
            if (occurrence + duration <= from || skipped.Contains(occurrence))
            {
                continue;
            }

            result.Add(new EventInstance(EventInstance.OccurrenceId(item.Id, occurrence), item, occurrence, occurrence + duration, "occurrence", item.Id, occurrence));
        }

        return result;
    }

    /// <summary>All instances in a window across the calendar, in start order.</summary>
    public static List<EventInstance> View(ItemCollection events, DateTimeOffset from, DateTimeOffset to) =>
        events.LiveItems()
            .SelectMany(p => Instances(events, p.Item, from, to))
            .OrderBy(i => i.Start)
            .ThenBy(i => i.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>Occurrence starts replaced by exceptions or deleted (<c>cancelledOccurrences</c>) for a master.</summary>
    private static HashSet<DateTimeOffset> SkippedStarts(ItemCollection events, StoredItem master)
    {
        var skipped = new HashSet<DateTimeOffset>();
        foreach (var cancelled in (master.Data["cancelledOccurrences"] as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>())
        {
            if (EventInstance.TryParseOccurrenceId(cancelled, out _, out var when) || GraphTime.TryParseInstant(cancelled, out when))
            {
                skipped.Add(when);
            }
        }

        foreach (var (_, item) in events.LiveItems())
        {
            if (item.Data.GetString("seriesMasterId") == master.Id && GraphTime.TryParseInstant(item.Data.GetString("originalStart"), out var original))
            {
                skipped.Add(original);
            }
        }

        return skipped;
    }
}
