using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Calendar;

/// <summary>The startDateTime/endDateTime window of a calendar view (required; at most 1825 days).</summary>
internal static class CalendarWindow
{
    public const int MaxDays = 1825;

    public static (DateTimeOffset From, DateTimeOffset To) Read(string? start, string? end)
    {
        if (string.IsNullOrEmpty(start) || string.IsNullOrEmpty(end))
        {
            throw GraphErrors.InvalidRequest("This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.");
        }

        if (!GraphTime.TryParseInstant(start, out var from) || !GraphTime.TryParseInstant(end, out var to))
        {
            throw GraphErrors.InvalidRequest("The StartDateTime or EndDateTime parameter is not a valid date and time.");
        }

        if (to < from)
        {
            throw GraphErrors.InvalidRequest("The EndDateTime must be after the StartDateTime.");
        }

        if ((to - from).TotalDays > MaxDays)
        {
            throw GraphErrors.InvalidRequest("The time span between StartDateTime and EndDateTime is too long. Maximum number of days: 1825.");
        }

        return (from, to);
    }

    /// <summary>A window longer than <see cref="GraphFidelityOptions.CalendarWindowServiceUnavailableAbove"/> answers 503, as reported for wide views.</summary>
    public static void EnsureServiceable(GraphContext context, DateTimeOffset from, DateTimeOffset to)
    {
        if (context.Settings.Fidelity.CalendarWindowServiceUnavailableAbove is { } limit && limit > TimeSpan.Zero && to - from > limit)
        {
            throw new GraphException(503, "ServiceNotAvailable", "The service is temporarily unavailable. Please retry later.");
        }
    }
}
