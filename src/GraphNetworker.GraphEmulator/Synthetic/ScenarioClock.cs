using GraphNetworker.GraphEmulator.Core;

namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>Working-hours times in a person's time zone, at a cadence with jitter, all from a seeded Random.</summary>
internal sealed class ScenarioClock
{
    private readonly Random _random;
    private readonly TimeZoneInfo _zone;
    private readonly string _zoneName;

    public ScenarioClock(Random random, string timeZone, DateTimeOffset now, int months)
    {
        _random = random;
        _zoneName = timeZone;
        _zone = GraphTime.TryFindZone(timeZone, out var z) ? z : TimeZoneInfo.Utc;
        Now = now;
        Start = now.AddDays(-30.4 * months);
    }

    public DateTimeOffset Now { get; }

    public DateTimeOffset Start { get; }

    public TimeSpan History => Now - Start;

    public Random Random => _random;

    /// <summary>A weekday working-hours moment near <paramref name="around"/> (moved to Mon-Fri 9:00-17:00 local).</summary>
    public DateTimeOffset WorkTime(DateTimeOffset around, int earliestHour = 9, int latestHour = 17)
    {
        var local = GraphTime.ToLocal(around, _zone).Date;
        while (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            local = local.AddDays(1);
        }

        var minutes = (earliestHour * 60) + _random.Next(Math.Max(1, (latestHour - earliestHour) * 60));
        return GraphTime.FromLocal(local.AddMinutes(minutes), _zone);
    }

    /// <summary>A local wall-clock time (on the day of <paramref name="day"/>) as an instant.</summary>
    public DateTimeOffset At(DateTimeOffset day, int hour, int minute = 0)
    {
        var local = GraphTime.ToLocal(day, _zone).Date;
        while (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            local = local.AddDays(1);
        }

        return GraphTime.FromLocal(local.AddHours(hour).AddMinutes(minute), _zone);
    }

    /// <summary>Moments from <paramref name="from"/> to <paramref name="to"/> every <paramref name="period"/> ± a quarter, in working hours.</summary>
    public IEnumerable<DateTimeOffset> Cadence(DateTimeOffset from, DateTimeOffset to, TimeSpan period)
    {
        var jitter = period.TotalMinutes / 4;
        for (var t = from; t < to; t += period)
        {
            var moment = WorkTime(t.AddMinutes((_random.NextDouble() * 2 - 1) * jitter));
            if (moment < to && moment > Start)
            {
                yield return moment;
            }
        }
    }

    public string ZoneName => _zoneName;

    /// <summary>An event time as Graph stores it: local wall-clock time in the person's zone.</summary>
    public System.Text.Json.Nodes.JsonObject EventTime(DateTimeOffset instant) => GraphTime.ToDateTimeTimeZone(instant, _zoneName);
}
