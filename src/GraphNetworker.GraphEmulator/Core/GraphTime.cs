using System.Globalization;
using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Core;

/// <summary>Graph's date formats and dateTimeTimeZone conversions (Windows or IANA zone names).</summary>
internal static class GraphTime
{
    private const string LocalFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff";

    /// <summary>Message and directory timestamps: <c>2016-12-09T20:30:00Z</c>.</summary>
    public static string Utc(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Created/modified timestamps keep fractional seconds, as Graph's do.</summary>
    public static string UtcPrecise(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The innerError date: no zone designator, seconds only.</summary>
    public static string ErrorDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public static bool TryParseInstant(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    public static bool TryFindZone(string? name, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        var trimmed = name.Trim().Trim('"');
        if (trimmed.Equals("UTC", StringComparison.OrdinalIgnoreCase) ||
            trimmed.Equals("tzone://Microsoft/Utc", StringComparison.OrdinalIgnoreCase) ||
            trimmed.Equals("Coordinated Universal Time", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(trimmed);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>Reads a Graph <c>dateTimeTimeZone</c> (<c>{dateTime, timeZone}</c>) as an instant.</summary>
    public static bool TryReadDateTimeTimeZone(JsonNode? node, out DateTimeOffset instant)
    {
        instant = default;
        if (node is not JsonObject obj || obj["dateTime"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return false;
        }

        var text = obj["dateTime"]!.GetValue<string>();
        var zoneName = obj["timeZone"] is JsonValue z && z.TryGetValue<string>(out var zn) ? zn : "UTC";
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        if (parsed.Kind == DateTimeKind.Utc || text.EndsWith('Z') || HasOffset(text))
        {
            instant = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            return true;
        }

        if (!TryFindZone(zoneName, out var zone))
        {
            return false;
        }

        instant = FromLocal(DateTime.SpecifyKind(parsed, DateTimeKind.Unspecified), zone);
        return true;
    }

    public static DateTimeOffset FromLocal(DateTime local, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        var offset = zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>Writes an instant as <c>{dateTime, timeZone}</c> in the given zone (UTC when none).</summary>
    public static JsonObject ToDateTimeTimeZone(DateTimeOffset instant, string? zoneName)
    {
        if (zoneName is not null && TryFindZone(zoneName, out var zone) && zone != TimeZoneInfo.Utc)
        {
            var local = TimeZoneInfo.ConvertTime(instant, zone);
            return new JsonObject
            {
                ["dateTime"] = local.DateTime.ToString(LocalFormat, CultureInfo.InvariantCulture),
                ["timeZone"] = zoneName.Trim().Trim('"'),
            };
        }

        return new JsonObject
        {
            ["dateTime"] = instant.UtcDateTime.ToString(LocalFormat, CultureInfo.InvariantCulture),
            ["timeZone"] = "UTC",
        };
    }

    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.Ordinal);
        if (t < 0)
        {
            return false;
        }

        var tail = text[(t + 1)..];
        return tail.Contains('+', StringComparison.Ordinal) || tail.Contains('-', StringComparison.Ordinal);
    }
}
