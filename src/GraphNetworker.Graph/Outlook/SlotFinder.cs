namespace GraphNetworker.Graph.Outlook;

/// <summary>A span of the user's time that is not free (busy, tentative, out of office, elsewhere).</summary>
public sealed record BusySpan(DateTimeOffset Start, DateTimeOffset End);

/// <summary>The user's working week, in their own time zone.</summary>
public sealed record WorkingHours(IReadOnlySet<DayOfWeek> Days, TimeSpan Start, TimeSpan End, TimeZoneInfo Zone)
{
    public static WorkingHours Default(TimeZoneInfo zone) => new(
        new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday },
        TimeSpan.FromHours(9), TimeSpan.FromHours(17), zone);
}

/// <summary>
/// Finds a slot for a coffee hold: within the user's working hours and time zone, on one of the next N working days
/// from tomorrow, at least the edge buffer away from the start and end of the day, on a half hour, over nothing busy,
/// tentative or out-of-office. On each day, a slot with a free quarter hour either side beats one squeezed between
/// meetings, and mid-morning and mid-afternoon beat other times of day.
/// </summary>
public static class SlotFinder
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Breather = TimeSpan.FromMinutes(15);

    public static (DateTimeOffset Start, DateTimeOffset End)? Find(
        DateTimeOffset now, WorkingHours hours, IReadOnlyList<BusySpan> busy, TimeSpan duration, int workingDays, TimeSpan edgeBuffer)
    {
        var local = TimeZoneInfo.ConvertTime(now, hours.Zone);
        var day = local.Date.AddDays(1);
        for (var checkedDays = 0; checkedDays < workingDays; day = day.AddDays(1))
        {
            if (!hours.Days.Contains(day.DayOfWeek))
            {
                continue;
            }

            checkedDays++;
            var first = day + hours.Start + edgeBuffer;
            var last = day + hours.End - edgeBuffer - duration;
            (DateTimeOffset Start, DateTimeOffset End)? squeezed = null;
            foreach (var start in Candidates(first, last))
            {
                var startUtc = ToUtc(start, hours.Zone);
                var endUtc = startUtc + duration;
                if (startUtc <= now || busy.Any(b => b.Start < endUtc && b.End > startUtc))
                {
                    continue;
                }

                if (!busy.Any(b => b.Start < endUtc + Breather && b.End > startUtc - Breather))
                {
                    return (startUtc, endUtc);
                }

                squeezed ??= (startUtc, endUtc);
            }

            if (squeezed is not null)
            {
                return squeezed;
            }
        }

        return null;
    }

    /// <summary>Half-hour starts in the day's window, nearest to 10:30 and 15:00 first.</summary>
    private static IEnumerable<DateTime> Candidates(DateTime first, DateTime last)
    {
        var aligned = new DateTime(first.Ticks + ((Step.Ticks - (first.TimeOfDay.Ticks % Step.Ticks)) % Step.Ticks), DateTimeKind.Unspecified);
        var starts = new List<DateTime>();
        for (var t = aligned; t <= last; t += Step)
        {
            starts.Add(t);
        }

        var morning = first.Date.AddHours(10.5);
        var afternoon = first.Date.AddHours(15);
        return starts.OrderBy(t => Math.Min(Math.Abs((t - morning).TotalMinutes), Math.Abs((t - afternoon).TotalMinutes))).ThenBy(t => t);
    }

    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }
}
