namespace GraphNetworker.GraphEmulator.Control;

/// <summary>A bounded request log (a ring: oldest entries are dropped). Capacity 0 turns it off.</summary>
internal sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly Queue<RecordedRequest> _entries = new();
    private readonly List<(Func<RecordedRequest, bool> Match, TaskCompletionSource<RecordedRequest> Found)> _waiters = [];
    private long _sequence;

    public int Capacity { get; set; }

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(RecordedRequest entry)
    {
        var capacity = Capacity;
        if (capacity <= 0)
        {
            return;
        }

        List<TaskCompletionSource<RecordedRequest>> found = [];
        lock (_gate)
        {
            _entries.Enqueue(entry);
            while (_entries.Count > capacity)
            {
                _entries.Dequeue();
            }

            foreach (var waiter in _waiters.Where(w => w.Match(entry)).ToList())
            {
                _waiters.Remove(waiter);
                found.Add(waiter.Found);
            }
        }

        foreach (var waiter in found)
        {
            waiter.TrySetResult(entry);
        }
    }

    /// <summary>The first logged request that matches, already logged or still to come.</summary>
    public async Task<RecordedRequest> WhenAsync(Func<RecordedRequest, bool> match, CancellationToken cancellationToken)
    {
        var found = new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_entries.OrderBy(e => e.Sequence).FirstOrDefault(match) is { } logged)
            {
                return logged;
            }

            _waiters.Add((match, found));
        }

        try
        {
            return await found.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Found == found);
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return _entries.OrderBy(e => e.Sequence).ToArray();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}
