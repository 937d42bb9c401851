using Microsoft.Extensions.Time.Testing;

namespace GraphNetworker.Tests.Common;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that moves itself forward to the end of every wait it is asked for: a
/// <c>Task.Delay</c> on it (a Retry-After, a retry's backoff, the emulator's latency) ends at once, with the clock at
/// the moment the wait ends. Nothing else moves it: a deadline (a timer owned by a <see cref="CancellationTokenSource"/>,
/// such as a request timeout) and a periodic timer (a lease's renewal) fire only when a wait or the test carries time
/// past them. A wait takes no wall time, a deadline fires only when time is carried past it however slow the machine
/// is, and the test moves time itself with <see cref="FakeTimeProvider.Advance"/>.
/// </summary>
/// <remarks>
/// The clock is shared: a wait longer than a deadline carries time past every deadline then pending, including those of
/// other requests in flight. A server that never answers is therefore not a long wait but no wait at all, and the test
/// moves time past the deadline in small steps (<c>WorkerHarness.RunCycleMovingTimeAsync</c>).
/// </remarks>
public sealed class WaitSkippingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private readonly Lock _moving = new();

    public WaitSkippingClock() : this(DefaultStart)
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var end = GetUtcNow() + (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero);
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (end > GetUtcNow() && period == Timeout.InfiniteTimeSpan && state is not CancellationTokenSource)
        {
            // Not from inside CreateTimer: the caller has not yet kept the timer it is about to be woken by.
            ThreadPool.UnsafeQueueUserWorkItem(_ => MoveTo(end), null);
        }

        return timer;
    }

    /// <summary>Moves the clock to <paramref name="moment"/> unless it is already there or past it.</summary>
    public void MoveTo(DateTimeOffset moment)
    {
        lock (_moving)
        {
            try
            {
                if (GetUtcNow() < moment)
                {
                    SetUtcNow(moment);
                }
            }
            catch (ArgumentOutOfRangeException)
            {
                // The test moved the clock past the moment in between.
            }
        }
    }
}
