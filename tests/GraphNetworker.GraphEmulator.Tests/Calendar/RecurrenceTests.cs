using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Calendar;

namespace GraphNetworker.GraphEmulator.Tests.Calendar;

public sealed class RecurrenceTests
{
    private static JsonObject Recurrence(string pattern, string range) =>
        new() { ["pattern"] = JsonNode.Parse(pattern), ["range"] = JsonNode.Parse(range) };

    [Fact]
    public void Weekly_AcrossDaylightSaving_KeepsLocalWallClockTime()
    {
        var start = new DateTimeOffset(2026, 3, 2, 18, 0, 0, TimeSpan.Zero); // 10:00 PST
        var r = Recurrence("""{"type":"weekly","interval":1,"daysOfWeek":["monday"]}""", """{"type":"numbered","startDate":"2026-03-02","numberOfOccurrences":3}""");

        var times = RecurrenceExpander.Occurrences(r, start, "Pacific Standard Time", DateTimeOffset.MaxValue).ToList();

        Assert.Equal([18, 17, 17], times.Select(t => t.UtcDateTime.Hour));
    }

    [Fact]
    public void RelativeMonthly_SecondTuesday_EveryMonth()
    {
        var start = new DateTimeOffset(2026, 1, 13, 9, 0, 0, TimeSpan.Zero);
        var r = Recurrence("""{"type":"relativeMonthly","interval":1,"daysOfWeek":["tuesday"],"index":"second"}""", """{"type":"endDate","startDate":"2026-01-13","endDate":"2026-04-30"}""");

        var days = RecurrenceExpander.Occurrences(r, start, "UTC", DateTimeOffset.MaxValue).Select(t => t.Day).ToList();

        Assert.Equal([13, 10, 10, 14], days);
    }

    [Fact]
    public void Daily_IntervalTwo_EndDateInclusive()
    {
        var start = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
        var r = Recurrence("""{"type":"daily","interval":2}""", """{"type":"endDate","startDate":"2026-01-01","endDate":"2026-01-05"}""");

        var days = RecurrenceExpander.Occurrences(r, start, "UTC", DateTimeOffset.MaxValue).Select(t => t.Day).ToList();

        Assert.Equal([1, 3, 5], days);
    }

    [Fact]
    public void AbsoluteYearly_NoEnd_StopsAtTheWindowEnd()
    {
        var start = new DateTimeOffset(2020, 2, 29, 12, 0, 0, TimeSpan.Zero);
        var r = Recurrence("""{"type":"absoluteYearly","interval":1,"dayOfMonth":29,"month":2}""", """{"type":"noEnd","startDate":"2020-02-29"}""");

        var times = RecurrenceExpander.Occurrences(r, start, "UTC", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)).ToList();

        Assert.Equal(["2020-02-29", "2021-02-28", "2022-02-28", "2023-02-28", "2024-02-29"], times.Select(t => t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void WeeklyEveryOtherWeek_TwoDays()
    {
        var start = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var r = Recurrence("""{"type":"weekly","interval":2,"daysOfWeek":["monday","thursday"],"firstDayOfWeek":"sunday"}""", """{"type":"numbered","startDate":"2026-03-02","numberOfOccurrences":4}""");

        var days = RecurrenceExpander.Occurrences(r, start, "UTC", DateTimeOffset.MaxValue).Select(t => t.Day).ToList();

        Assert.Equal([2, 5, 16, 19], days);
    }
}
