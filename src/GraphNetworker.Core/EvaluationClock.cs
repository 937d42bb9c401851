using GraphNetworker.Core.Model;

namespace GraphNetworker.Core;

/// <summary>
/// When a mailbox must be scored again. Strength decays continuously, but nothing the engine concludes needs finer
/// than a day: a mailbox is evaluated as of the start of its evaluation day or, when its inputs changed since (new
/// mail, the user's answer in Outlook, the directory), as of that change. So an evaluation's result depends on its
/// inputs and that instant only, never on the hour the worker happens to run, and a mailbox whose inputs did not change
/// needs scoring again only when its next day begins: a quiet cycle skips it and changes nothing by skipping.
/// Days begin at a different minute for each mailbox (a stable hash of its id), so a tenant's re-scoring spreads over
/// the whole day instead of falling on one cycle after midnight.
/// </summary>
public static class EvaluationClock
{
    public static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>The instant a mailbox is evaluated as of, now: the start of its current day, or its inputs' last change if later.</summary>
    public static DateTimeOffset AsOf(string mailboxId, DateTimeOffset now, DateTimeOffset? inputsChangedAt)
    {
        var dayStart = DayStart(mailboxId, now);
        return inputsChangedAt is { } changed && changed > dayStart && changed <= now ? changed : dayStart;
    }

    /// <summary>When an evaluation as of <paramref name="asOf"/> stops holding without new input: the mailbox's next day.</summary>
    public static DateTimeOffset ValidUntil(string mailboxId, DateTimeOffset asOf) => DayStart(mailboxId, asOf) + Day;

    /// <summary>The start of the mailbox's day that contains <paramref name="instant"/>.</summary>
    public static DateTimeOffset DayStart(string mailboxId, DateTimeOffset instant)
    {
        var offset = Offset(mailboxId).Ticks;
        var ticks = instant.UtcTicks - offset;
        var start = ticks - (((ticks % Day.Ticks) + Day.Ticks) % Day.Ticks) + offset;
        return new DateTimeOffset(start, TimeSpan.Zero);
    }

    /// <summary>Where in the UTC day the mailbox's day begins (whole minutes, from a stable hash of its id).</summary>
    public static TimeSpan Offset(string mailboxId) => TimeSpan.FromMinutes((int)((ulong)StableHash.Of(mailboxId) % (24 * 60)));
}
