using System.Globalization;
using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;

namespace GraphNetworker.GraphEmulator.Calendar;

/// <summary>
/// Expands a Graph <c>patternedRecurrence</c> into occurrence start times: daily, weekly, absolute/relative
/// monthly and yearly patterns; endDate, noEnd and numbered ranges. Occurrences keep their local wall-clock
/// time in the series' time zone across daylight-saving changes, as Outlook does.
/// </summary>
internal static class RecurrenceExpander
{
    private const int MaxOccurrences = 10_000;

    public static IEnumerable<DateTimeOffset> Occurrences(JsonObject recurrence, DateTimeOffset seriesStart, string? zoneName, DateTimeOffset until)
    {
        var pattern = recurrence["pattern"] as JsonObject ?? throw new FormatException("recurrence.pattern is required.");
        var range = recurrence["range"] as JsonObject ?? throw new FormatException("recurrence.range is required.");
        var zoneText = range.GetString("recurrenceTimeZone") is { Length: > 0 } rtz ? rtz : zoneName;
        if (!GraphTime.TryFindZone(zoneText, out var zone))
        {
            zone = TimeZoneInfo.Utc;
        }

        var localStart = GraphTime.ToLocal(seriesStart, zone);
        var timeOfDay = localStart.TimeOfDay;
        var startDate = ParseDate(range.GetString("startDate")) ?? DateOnly.FromDateTime(localStart);
        var endDate = range.GetString("type") == "endDate" ? ParseDate(range.GetString("endDate")) : null;
        var maxCount = range.GetString("type") == "numbered" && range["numberOfOccurrences"] is JsonValue n && n.TryGetValue<int>(out var count) ? count : int.MaxValue;
        var matcher = PatternMatcher.Create(pattern, startDate);

        var emitted = 0;
        for (var date = startDate; emitted < Math.Min(maxCount, MaxOccurrences); date = date.AddDays(1))
        {
            if (endDate is { } end && date > end)
            {
                yield break;
            }

            var local = date.ToDateTime(TimeOnly.FromTimeSpan(timeOfDay), DateTimeKind.Unspecified);
            var instant = GraphTime.FromLocal(local, zone);
            if (instant > until)
            {
                yield break;
            }

            if (matcher(date))
            {
                emitted++;
                yield return instant;
            }

            if (date.Year > startDate.Year + 100)
            {
                yield break;
            }
        }
    }

    private static DateOnly? ParseDate(string? text) =>
        text is not null && DateOnly.TryParse(text.Length > 10 ? text[..10] : text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>Decides whether a date is an occurrence date of the pattern.</summary>
    private static class PatternMatcher
    {
        public static Func<DateOnly, bool> Create(JsonObject pattern, DateOnly start)
        {
            var type = pattern.GetString("type") ?? "daily";
            var interval = pattern["interval"] is JsonValue iv && iv.TryGetValue<int>(out var i) && i > 0 ? i : 1;
            var days = (pattern["daysOfWeek"] as JsonArray ?? []).Select(d => ParseDay(d?.GetValue<string>())).OfType<DayOfWeek>().ToHashSet();
            var dayOfMonth = pattern["dayOfMonth"] is JsonValue dm && dm.TryGetValue<int>(out var dd) ? dd : start.Day;
            var month = pattern["month"] is JsonValue mv && mv.TryGetValue<int>(out var mm) && mm > 0 ? mm : start.Month;
            var index = pattern.GetString("index") ?? "first";
            var firstDay = ParseDay(pattern.GetString("firstDayOfWeek")) ?? DayOfWeek.Sunday;
            if (days.Count == 0)
            {
                days.Add(start.DayOfWeek);
            }

            return type switch
            {
                "daily" => d => (d.DayNumber - start.DayNumber) % interval == 0,
                "weekly" => d => days.Contains(d.DayOfWeek) && (WeekIndex(d, firstDay) - WeekIndex(start, firstDay)) % interval == 0,
                "absoluteMonthly" => d => d.Day == Math.Min(dayOfMonth, DateTime.DaysInMonth(d.Year, d.Month)) && MonthsBetween(start, d) % interval == 0,
                "relativeMonthly" => d => days.Contains(d.DayOfWeek) && IsIndex(d, index) && MonthsBetween(start, d) % interval == 0,
                "absoluteYearly" => d => d.Month == month && d.Day == Math.Min(dayOfMonth, DateTime.DaysInMonth(d.Year, d.Month)) && (d.Year - start.Year) % interval == 0,
                "relativeYearly" => d => d.Month == month && days.Contains(d.DayOfWeek) && IsIndex(d, index) && (d.Year - start.Year) % interval == 0,
                _ => throw new FormatException($"Unsupported recurrence pattern type '{type}'."),
            };
        }

        private static int WeekIndex(DateOnly d, DayOfWeek firstDay) =>
            (d.DayNumber - (((int)d.DayOfWeek - (int)firstDay + 7) % 7)) / 7;

        private static int MonthsBetween(DateOnly a, DateOnly b) => ((b.Year - a.Year) * 12) + b.Month - a.Month;

        private static bool IsIndex(DateOnly d, string index)
        {
            var nth = ((d.Day - 1) / 7) + 1;
            return index switch
            {
                "first" => nth == 1,
                "second" => nth == 2,
                "third" => nth == 3,
                "fourth" => nth == 4,
                "last" => d.Day + 7 > DateTime.DaysInMonth(d.Year, d.Month),
                _ => false,
            };
        }

        private static DayOfWeek? ParseDay(string? text) =>
            Enum.TryParse<DayOfWeek>(text, ignoreCase: true, out var day) ? day : null;
    }
}
