using System.Globalization;
using Microsoft.Graph.Models;

namespace GraphNetworker.Graph.Outlook;

/// <summary>Time zones as Outlook names them (Windows or IANA), and dateTimeTimeZone values read back as UTC.</summary>
internal static class Zones
{
    public static (string Name, TimeZoneInfo Info) Of(string? name) =>
        !string.IsNullOrWhiteSpace(name) && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? (name, zone) : ("UTC", TimeZoneInfo.Utc);

    /// <summary>A local wall-clock time in a zone as UTC (a time skipped by a DST change moves an hour on).</summary>
    public static DateTimeOffset LocalToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(unspecified) ? unspecified.AddHours(1) : unspecified, zone), TimeSpan.Zero);
    }

    public static DateTimeOffset? ToUtc(DateTimeTimeZone? value)
    {
        if (value?.DateTime is not { } text || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        var zone = Of(value.TimeZone).Info;
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(unspecified) ? unspecified.AddHours(1) : unspecified, zone), TimeSpan.Zero);
    }
}
