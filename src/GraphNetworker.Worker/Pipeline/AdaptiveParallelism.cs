namespace GraphNetworker.Worker.Pipeline;

/// <summary>
/// How many mailboxes a cycle works on at once, found as it goes. It starts at the configured parallelism, lets one
/// more run at once after each mailbox that finished without a 429, up to the maximum, and halves after one that was
/// throttled (additive increase, multiplicative decrease, as TCP finds a link's capacity). A quiet cycle over
/// thousands of mailboxes is bound by Graph's latency, not by work, so it widens quickly; a backfill that meets
/// throttling narrows at once. Graph's per-mailbox limits are kept by the gate whatever the width.
/// </summary>
public sealed class AdaptiveParallelism(int start, int max)
{
    private readonly object _lock = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private int _limit = Math.Clamp(start, 1, max);
    private int _running;

    /// <summary>How many may run at once now.</summary>
    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return _limit;
            }
        }
    }

    /// <summary>The widest it has been this cycle.</summary>
    public int Widest { get; private set; }

    /// <summary>Waits for a place.</summary>
    public async Task EnterAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_running < _limit)
            {
                _running++;
                Widest = Math.Max(Widest, _running);
                return;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter);
        }

        await using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
        {
            await waiter.Task;
        }
    }

    /// <summary>Gives the place back, widening after an unthrottled mailbox and halving after a throttled one.</summary>
    public void Exit(bool throttled)
    {
        lock (_lock)
        {
            _running--;
            _limit = throttled ? Math.Max(1, _limit / 2) : Math.Min(max, _limit + 1);
            while (_running < _limit && _waiting.TryDequeue(out var next))
            {
                // A waiter whose cycle was cancelled takes no place.
                if (next.TrySetResult())
                {
                    _running++;
                    Widest = Math.Max(Widest, _running);
                }
            }
        }
    }
}
