namespace GraphNetworker.GraphEmulator.Control;

/// <summary>A bounded request log (a ring: oldest entries are dropped). Capacity 0 turns it off.</summary>
internal sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly Queue<RecordedRequest> _entries = new();
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

        lock (_gate)
        {
            _entries.Enqueue(entry);
            while (_entries.Count > capacity)
            {
                _entries.Dequeue();
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
