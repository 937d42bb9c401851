using System.Collections.Concurrent;

namespace GraphNetworker.GraphEmulator.Control;

/// <summary>Lock-free counters, cheap enough to leave on during benchmarks.</summary>
internal sealed class StatisticsCollector
{
    private readonly ConcurrentDictionary<string, Counter> _endpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MailboxCounters> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private long _total;
    private long _throttled;
    private long _faults;
    private long _invitations;

    public bool Enabled { get; set; } = true;

    public void Request(string? endpoint, string? mailbox)
    {
        Interlocked.Increment(ref _total);
        if (!Enabled)
        {
            return;
        }

        if (endpoint is not null)
        {
            _endpoints.GetOrAdd(endpoint, _ => new Counter()).Increment();
        }

        if (mailbox is not null)
        {
            var m = _mailboxes.GetOrAdd(mailbox, _ => new MailboxCounters());
            m.Requests.Increment();
            if (endpoint is not null)
            {
                m.Endpoints.GetOrAdd(endpoint, _ => new Counter()).Increment();
            }
        }
    }

    public void Concurrency(string mailbox, int inFlight)
    {
        if (!Enabled)
        {
            return;
        }

        var m = _mailboxes.GetOrAdd(mailbox, _ => new MailboxCounters());
        int seen;
        while (inFlight > (seen = Volatile.Read(ref m.MaxConcurrency)))
        {
            if (Interlocked.CompareExchange(ref m.MaxConcurrency, inFlight, seen) == seen)
            {
                break;
            }
        }
    }

    public void Throttled(string mailbox)
    {
        Interlocked.Increment(ref _throttled);
        if (Enabled)
        {
            _mailboxes.GetOrAdd(mailbox, _ => new MailboxCounters()).Throttled.Increment();
        }
    }

    public void Fault() => Interlocked.Increment(ref _faults);

    public void Invitations(int count) => Interlocked.Add(ref _invitations, count);

    public EmulatorStatistics Snapshot() => new(
        Interlocked.Read(ref _total),
        Interlocked.Read(ref _throttled),
        Interlocked.Read(ref _faults),
        Interlocked.Read(ref _invitations),
        _endpoints.ToArray().OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value.Value, StringComparer.Ordinal),
        _mailboxes.ToArray().OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(
            p => p.Key,
            p => new MailboxStatistics(
                p.Value.Requests.Value,
                Volatile.Read(ref p.Value.MaxConcurrency),
                p.Value.Throttled.Value,
                p.Value.Endpoints.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value.Value, StringComparer.Ordinal)),
            StringComparer.OrdinalIgnoreCase));

    public void Reset()
    {
        _endpoints.Clear();
        _mailboxes.Clear();
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _throttled, 0);
        Interlocked.Exchange(ref _faults, 0);
        Interlocked.Exchange(ref _invitations, 0);
    }

    private sealed class Counter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }

    private sealed class MailboxCounters
    {
        public int MaxConcurrency;

        public Counter Requests { get; } = new();

        public Counter Throttled { get; } = new();

        public ConcurrentDictionary<string, Counter> Endpoints { get; } = new(StringComparer.Ordinal);
    }
}
