using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Graph.Access;

/// <summary>Teams reads let through and throttled against one tenant-wide limit since this process started.</summary>
public sealed record TeamsPaceTotals(long Requests, long Throttled);

/// <summary>
/// Paces the worker's Teams reads across the whole process. Teams' limits are per app per tenant, not per mailbox
/// (<see cref="MailboxGate"/> keeps each mailbox inside Outlook's), so however many mailboxes are synced at once the
/// reads counted against one limit (<see cref="TeamsLimit"/>, classified by <see cref="TeamsRoutes"/>) leave at
/// <see cref="GraphOptions.TeamsRequestsPerSecond"/>, evenly spaced, in bursts of at most a tenth of a second's share
/// (at least one): in any second at most that rate plus the burst, which stays under the limit. When Graph answers 429
/// on a Teams read, every read against that limit waits out Retry-After (early retries are counted against the app).
/// </summary>
/// <remarks>
/// Each caller reserves the next free moment and waits for it, so reads are let through first come, first served. The
/// pace is per process: replicas of the worker each keep their own, which is why the option is a replica's share.
/// </remarks>
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
            var wait = lane.Reserve(_time.GetUtcNow().UtcTicks);
            if (wait <= 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromTicks(wait), _time, cancellationToken);

            // A 429 while this read waited paused the lane past its moment: it takes a new one after the pause.
            if (lane.Admit(_time.GetUtcNow().UtcTicks))
            {
                return;
            }
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
    /// read is due; a read may go <c>_earliness</c> early (the burst less one) and never before <c>_pausedUntil</c>.
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
            var burst = Math.Max(1, (long)Math.Ceiling(requestsPerSecond / 10));
            _earliness = (burst - 1) * _interval;
        }

        /// <summary>Reserves the next free moment; returns how many ticks to wait for it (none or less: go now).</summary>
        public long Reserve(long now)
        {
            lock (_gate)
            {
                var at = Math.Max(Math.Max(now, _next - _earliness), _pausedUntil);
                _next = Math.Max(_next, at) + _interval;
                if (at <= now)
                {
                    _requests++;
                }

                return at - now;
            }
        }

        /// <summary>A reserved moment has come: true unless a pause began meanwhile.</summary>
        public bool Admit(long now)
        {
            lock (_gate)
            {
                if (now < _pausedUntil)
                {
                    return false;
                }

                _requests++;
                return true;
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
