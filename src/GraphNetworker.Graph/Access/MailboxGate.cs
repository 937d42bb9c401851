using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Graph.Access;

/// <summary>Requests, throttling and faults seen for one mailbox: running totals, or the difference between two of them.</summary>
public sealed record MailboxRequestStats(long Requests, long Throttled, long Faults)
{
    public static readonly MailboxRequestStats Zero = new(0, 0, 0);

    /// <summary>What happened between an earlier reading and this one.</summary>
    public MailboxRequestStats Since(MailboxRequestStats earlier) => new(Requests - earlier.Requests, Throttled - earlier.Throttled, Faults - earlier.Faults);
}

/// <summary>
/// Keeps each mailbox inside Outlook's limits so the worker never provokes throttling it could avoid: at most
/// <see cref="GraphOptions.MaxConcurrentRequestsPerMailbox"/> requests in flight and a token bucket of
/// <see cref="GraphOptions.RequestsPerWindow"/> per <see cref="GraphOptions.BudgetWindow"/>. When Graph answers 429
/// with Retry-After, every request to that mailbox waits it out (early retries are counted against us).
/// </summary>
public sealed class MailboxGate(IOptions<GraphOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IDisposable> EnterAsync(string mailbox, int cost, CancellationToken cancellationToken)
    {
        var lane = LaneOf(mailbox);
        await lane.Concurrency.WaitAsync(cancellationToken);
        try
        {
            await lane.TakeAsync(cost, cancellationToken);
            return new Release(lane.Concurrency);
        }
        catch
        {
            lane.Concurrency.Release();
            throw;
        }
    }

    /// <summary>Graph throttled this mailbox: hold all its requests until <paramref name="retryAfter"/> has passed.</summary>
    public void Throttled(string mailbox, TimeSpan retryAfter)
    {
        var lane = LaneOf(mailbox);
        lane.PauseUntil(time.GetUtcNow() + retryAfter);
        Interlocked.Increment(ref lane.Throttled);
    }

    /// <summary>
    /// A request for this mailbox that Outlook's limits do not cover (a Teams read, paced for the whole tenant by
    /// <see cref="TeamsPace"/>): counted in the mailbox's totals, never held.
    /// </summary>
    public void CountUngated(string mailbox) => Interlocked.Increment(ref LaneOf(mailbox).Requests);

    /// <summary>
    /// Graph throttled one of this mailbox's requests under a limit of the whole tenant (Teams', paced by
    /// <see cref="TeamsPace"/>): counted in the mailbox's totals, but its own requests are not held.
    /// </summary>
    public void ThrottledByTenantLimit(string mailbox) => Interlocked.Increment(ref LaneOf(mailbox).Throttled);

    public void Faulted(string mailbox) => Interlocked.Increment(ref LaneOf(mailbox).Faults);

    private Lane LaneOf(string mailbox) => _lanes.GetOrAdd(mailbox, _ => new Lane(options.Value, time));

    /// <summary>The mailbox's running totals since this process started (read two and take the difference for one cycle).</summary>
    public MailboxRequestStats Totals(string mailbox) =>
        _lanes.TryGetValue(mailbox, out var lane)
            ? new MailboxRequestStats(Interlocked.Read(ref lane.Requests), Interlocked.Read(ref lane.Throttled), Interlocked.Read(ref lane.Faults))
            : MailboxRequestStats.Zero;

    private sealed class Lane(GraphOptions options, TimeProvider time)
    {
        private readonly Lock _gate = new();
        private readonly double _perTick = options.RequestsPerWindow / (double)options.BudgetWindow.Ticks;
        private double _tokens = options.RequestsPerWindow;
        private DateTimeOffset _refilledAt = time.GetUtcNow();
        private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

        public readonly SemaphoreSlim Concurrency = new(options.MaxConcurrentRequestsPerMailbox);
        public long Requests;
        public long Throttled;
        public long Faults;

        public void PauseUntil(DateTimeOffset until)
        {
            lock (_gate)
            {
                if (until > _pausedUntil)
                {
                    _pausedUntil = until;
                }
            }
        }

        public async Task TakeAsync(int cost, CancellationToken cancellationToken)
        {
            while (true)
            {
                TimeSpan wait;
                lock (_gate)
                {
                    var now = time.GetUtcNow();
                    _tokens = Math.Min(options.RequestsPerWindow, _tokens + ((now - _refilledAt).Ticks * _perTick));
                    _refilledAt = now;
                    if (now >= _pausedUntil && _tokens >= Math.Min(cost, options.RequestsPerWindow))
                    {
                        _tokens -= cost;
                        Interlocked.Add(ref Requests, cost);
                        return;
                    }

                    var forTokens = TimeSpan.FromTicks((long)Math.Ceiling((Math.Min(cost, options.RequestsPerWindow) - _tokens) / _perTick));
                    var forPause = _pausedUntil - now;
                    wait = forPause > forTokens ? forPause : forTokens;
                }

                await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, time, cancellationToken);
            }
        }
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
