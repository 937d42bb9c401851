using Microsoft.Extensions.Time.Testing;

namespace GraphNetworker.Graph.Tests.Infrastructure;

/// <summary>
/// A test clock for flows that run at once, each one chain of steps that either works or waits on this clock (a
/// <c>Task.Delay</c>: a pace's turn, a Retry-After). Time moves only while every unfinished flow waits, and then just to
/// the earliest wait's end: every request leaves at the very moment it waited for, as on a real clock over an instant
/// network, however slow the machine. (<see cref="GraphNetworker.Tests.Common.WaitSkippingClock"/> instead jumps to the end of each
/// wait as it begins, carrying the other flows' requests past their moments and bunching them.)
/// </summary>
/// <remarks>Deadlines (a timer owned by a <see cref="CancellationTokenSource"/>, such as a request timeout) are not waits.</remarks>
public sealed class LockstepClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly List<PendingWait> _waits = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (period != Timeout.InfiniteTimeSpan || state is CancellationTokenSource || dueTime <= TimeSpan.Zero || dueTime == Timeout.InfiniteTimeSpan)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        var wait = new PendingWait(GetUtcNow() + dueTime);
        var timer = base.CreateTimer(s =>
        {
            Ended(wait);
            callback(s);
        }, state, dueTime, period);
        lock (_gate)
        {
            _waits.Add(wait);
            Signal();
        }

        return new EndingTimer(timer, () => Ended(wait));
    }

    /// <summary>Runs the flows to their end, moving time whenever all of them wait.</summary>
    public async Task RunAsync(IReadOnlyList<Task> flows, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            DateTimeOffset? next = null;
            var running = flows.Where(f => !f.IsCompleted).ToList();
            lock (_gate)
            {
                changed = _changed.Task;
                if (running.Count > 0 && _waits.Count >= running.Count)
                {
                    next = _waits.Min(w => w.Due);
                }
            }

            if (running.Count == 0)
            {
                break;
            }

            if (next is { } due)
            {
                if (due > GetUtcNow())
                {
                    SetUtcNow(due);
                }

                continue;
            }

            await Task.WhenAny(running.Append(changed)).WaitAsync(cancellationToken);
        }

        await Task.WhenAll(flows);
    }

    private void Ended(PendingWait wait)
    {
        lock (_gate)
        {
            if (_waits.Remove(wait))
            {
                Signal();
            }
        }
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    /// <summary>One wait (compared by reference: two waits may end at the same moment).</summary>
    private sealed class PendingWait(DateTimeOffset due)
    {
        public DateTimeOffset Due { get; } = due;
    }

    private sealed class EndingTimer(ITimer inner, Action ended) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            ended();
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            ended();
            return inner.DisposeAsync();
        }
    }
}
