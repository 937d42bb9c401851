using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Tests.Infrastructure;

/// <summary>Events for calendar tests, in Graph's stored shape.</summary>
internal static class CalendarFixtures
{
    public static JsonObject Single(string subject, DateTimeOffset start, int minutes = 30, string zone = "UTC") => new()
    {
        ["subject"] = subject,
        ["start"] = Time(start, zone),
        ["end"] = Time(start.AddMinutes(minutes), zone),
        ["attendees"] = new JsonArray(new JsonObject
        {
            ["type"] = "required",
            ["status"] = new JsonObject { ["response"] = "accepted", ["time"] = "0001-01-01T00:00:00Z" },
            ["emailAddress"] = new JsonObject { ["name"] = "Lee Park", ["address"] = "lee@fabrikam.com" },
        }),
        ["showAs"] = "busy",
        ["type"] = "singleInstance",
    };

    /// <summary>A weekly series on Mondays at the time of <paramref name="firstStart"/> (UTC), no end.</summary>
    public static JsonObject WeeklySeries(string subject, DateTimeOffset firstStart, string? id = null)
    {
        var ev = Single(subject, firstStart);
        if (id is not null)
        {
            ev["id"] = id;
        }

        ev["type"] = "seriesMaster";
        ev["recurrence"] = new JsonObject
        {
            ["pattern"] = new JsonObject { ["type"] = "weekly", ["interval"] = 1, ["daysOfWeek"] = new JsonArray(firstStart.DayOfWeek.ToString().ToLowerInvariant()) },
            ["range"] = new JsonObject { ["type"] = "noEnd", ["startDate"] = firstStart.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
        };
        return ev;
    }

    public static JsonObject Time(DateTimeOffset instant, string zone = "UTC")
    {
        var local = zone == "UTC" ? instant.UtcDateTime : TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime;
        return new JsonObject { ["dateTime"] = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture), ["timeZone"] = zone };
    }

    public static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
