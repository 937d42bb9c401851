using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Graph.Access;

/// <summary>Teams reads let through and throttled against one tenant-wide limit since this process started.</summary>
public sealed record TeamsPaceTotals(long Requests, long Throttled);

/// <summary>
/// Paces the worker's Teams reads across the whole process. Teams' limits are per app per tenant, not per mailbox
/// (<see cref="MailboxGate"/> keeps each mailbox inside Outlook's), so however many mailboxes are synced at once the
/// reads counted against one limit (<see cref="TeamsLimit"/>, classified by <see cref="TeamsRoutes"/>) leave at
/// <see cref="GraphOptions.TeamsRequestsPerSecond"/>, evenly spaced: in any second at most that rate and one more, which
/// stays under the limit with room for the network's jitter. When Graph answers 429 on a Teams read, every read against
/// that limit waits out Retry-After (early retries are counted against the app).
/// </summary>
/// <remarks>The pace is per process: replicas of the worker each keep their own, which is why the option is a replica's share.</remarks>
public sealed partial class TeamsPace
{
    private readonly Lane[] _lanes;
    private readonly TimeProvider _time;
    private readonly ILogger<TeamsPace> _logger;

    public TeamsPace(IOptions<GraphOptions> options, TimeProvider time, ILogger<TeamsPace> logger)
    {
        _time = time;
        _logger = logger;
        _lanes = [.. Enum.GetValues<TeamsLimit>().Select(_ => new Lane(options.Value.TeamsRequestsPerSecond))];
    }

    /// <summary>Waits until a read against <paramref name="limit"/> may be sent: its turn in the pace, and no pause after a 429.</summary>
    public async Task WaitTurnAsync(TeamsLimit limit, CancellationToken cancellationToken)
    {
        var lane = _lanes[(int)limit];
        while (true)
        {
            var wait = lane.TryTake(_time.GetUtcNow().UtcTicks);
            if (wait <= 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromTicks(wait), _time, cancellationToken);
        }
    }

    /// <summary>Graph throttled a read against <paramref name="limit"/>: hold every read against it until <paramref name="retryAfter"/> has passed.</summary>
    public void Throttled(TeamsLimit limit, TimeSpan retryAfter)
    {
        var now = _time.GetUtcNow().UtcTicks;
        if (_lanes[(int)limit].PauseUntil(now, now + retryAfter.Ticks))
        {
            LogPaused(_logger, limit, retryAfter.TotalSeconds);
        }
    }

    /// <summary>The limit's running totals since this process started.</summary>
    public TeamsPaceTotals Totals(TeamsLimit limit) => _lanes[(int)limit].Totals();

    [LoggerMessage(2501, LogLevel.Information, "Teams reads against the {Limit} limit paused for {Seconds} s: Graph answered 429 (a limit per app per tenant, so every mailbox's reads wait)")]
    private static partial void LogPaused(ILogger logger, TeamsLimit limit, double seconds);

    /// <summary>
    /// One limit's pace in ticks of UTC time (the generic cell rate algorithm): <c>_next</c> is the moment the following
    /// read is due; a read may go <c>_earliness</c> before it (the burst less one), and never before <c>_pausedUntil</c>.
    /// Nothing is reserved: a read that wakes late (a busy machine, a pause of the runtime) is spaced from the moment it
    /// actually goes, so reads that all woke late do not leave together.
    /// </summary>
    private sealed class Lane
    {
        private readonly Lock _gate = new();
        private readonly long _interval;
        private readonly long _earliness;
        private long _next;
        private long _pausedUntil;
        private long _requests;
        private long _throttled;

        public Lane(double requestsPerSecond)
        {
            _interval = Math.Max(1, (long)Math.Round(TimeSpan.TicksPerSecond / requestsPerSecond));
            _earliness = (BurstOf(requestsPerSecond) - 1) * _interval;
        }

        /// <summary>
        /// Reads let through at once: one up to 50 a second (evenly spaced, any second holds at most the rate and one);
        /// above that (test set-ups whose clock stands still) a 25th of a second's share.
        /// </summary>
        public static long BurstOf(double requestsPerSecond) => Math.Max(1, (long)Math.Floor(requestsPerSecond / 25));

        /// <summary>Takes the read's turn if it has come (returns zero), or returns how many ticks until it may have.</summary>
        public long TryTake(long now)
        {
            lock (_gate)
            {
                var at = Math.Max(_next - _earliness, _pausedUntil);
                if (now < at)
                {
                    return at - now;
                }

                _next = Math.Max(_next, now) + _interval;
                _requests++;
                return 0;
            }
        }

        /// <summary>Counts a 429 and extends the pause; true when no pause was already holding the lane (worth a log line).</summary>
        public bool PauseUntil(long now, long until)
        {
            lock (_gate)
            {
                _throttled++;
                var wasPaused = _pausedUntil > now;
                _pausedUntil = Math.Max(_pausedUntil, until);
                return !wasPaused;
            }
        }

        public TeamsPaceTotals Totals()
        {
            lock (_gate)
            {
                return new TeamsPaceTotals(_requests, _throttled);
            }
        }
    }
}
