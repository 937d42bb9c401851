using System.Collections.Concurrent;

namespace GraphNetworker.GraphEmulator.Throttling;

/// <summary>
/// Outlook's per-mailbox limits, which Graph applies per application and mailbox: at most N concurrent requests
/// (four in Graph), at most M requests in a sliding
/// window, and a Retry-After penalty: a request made before the Retry-After of a rate 429 has elapsed is
/// throttled again (and counted, as Graph keeps counting while a client is throttled). The window is kept
/// as 60 buckets, so memory per mailbox is constant however many requests a benchmark makes.
/// </summary>
internal sealed class MailboxThrottler
{
    private const int Buckets = 60;
    private readonly ConcurrentDictionary<string, MailboxLimiter> _limiters = new(StringComparer.OrdinalIgnoreCase);

    public ThrottleDecision TryAcquire(string mailbox, DateTimeOffset now, EmulatorThrottlingOptions options)
    {
        var limiter = _limiters.GetOrAdd(mailbox, _ => new MailboxLimiter());
        lock (limiter)
        {
            if (!options.Enabled)
            {
                return new ThrottleDecision(true, null, ++limiter.InFlight, false);
            }

            var count = limiter.CountAndAdd(now, options.Window);
            if (now < limiter.BlockedUntil)
            {
                return new ThrottleDecision(false, limiter.BlockedUntil - now, limiter.InFlight, true);
            }

            if (count > options.RequestsPerWindow)
            {
                var retryAfter = limiter.TimeUntilCapacity(now, options.Window, options.RequestsPerWindow);
                limiter.BlockedUntil = now + retryAfter;
                return new ThrottleDecision(false, retryAfter, limiter.InFlight, true);
            }

            if (limiter.InFlight >= options.ConcurrentPerMailbox)
            {
                return new ThrottleDecision(false, options.ConcurrencyRetryAfter, limiter.InFlight, true);
            }

            return new ThrottleDecision(true, null, ++limiter.InFlight, false);
        }
    }

    public void Release(string mailbox)
    {
        if (_limiters.TryGetValue(mailbox, out var limiter))
        {
            lock (limiter)
            {
                limiter.InFlight--;
            }
        }
    }

    public void Reset() => _limiters.Clear();

    private sealed class MailboxLimiter
    {
        private readonly long[] _index = new long[Buckets];
        private readonly int[] _count = new int[Buckets];

        public int InFlight { get; set; }

        public DateTimeOffset BlockedUntil { get; set; }

        /// <summary>Records a request and returns the number in the window, this one included.</summary>
        public int CountAndAdd(DateTimeOffset now, TimeSpan window)
        {
            var size = BucketTicks(window);
            var current = now.UtcTicks / size;
            var slot = (int)(current % Buckets);
            if (_index[slot] != current)
            {
                _index[slot] = current;
                _count[slot] = 0;
            }

            _count[slot]++;
            var total = 0;
            for (var i = 0; i < Buckets; i++)
            {
                if (current - _index[i] < Buckets)
                {
                    total += _count[i];
                }
            }

            return total;
        }

        /// <summary>How long until enough buckets leave the window to admit one more request.</summary>
        public TimeSpan TimeUntilCapacity(DateTimeOffset now, TimeSpan window, int limit)
        {
            var size = BucketTicks(window);
            var current = now.UtcTicks / size;
            var live = Enumerable.Range(0, Buckets)
                .Where(i => current - _index[i] < Buckets && _count[i] > 0)
                .Select(i => (_index[i], _count[i]))
                .OrderBy(b => b.Item1)
                .ToList();
            var total = live.Sum(b => b.Item2);
            foreach (var (index, count) in live)
            {
                total -= count;
                if (total < limit)
                {
                    var expires = new DateTimeOffset((index + Buckets) * size, TimeSpan.Zero);
                    return expires > now ? expires - now : TimeSpan.FromSeconds(1);
                }
            }

            return TimeSpan.FromSeconds(1);
        }

        private static long BucketTicks(TimeSpan window) => Math.Max(1, window.Ticks / Buckets);
    }
}

/// <summary>The limiter's answer: admitted, or throttled with a Retry-After.</summary>
internal sealed record ThrottleDecision(bool Admitted, TimeSpan? RetryAfter, int InFlight, bool Throttled);
