using GraphNetworker.Graph.Sync;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Worker.Pipeline;

/// <summary>
/// The hosted loop: a cycle at start and then every <see cref="WorkerOptions.CycleInterval"/> on a
/// <see cref="PeriodicTimer"/> over the injected <see cref="TimeProvider"/>. A failing cycle is logged and the next one
/// runs on time; shutdown cancels the cycle in flight (every page already committed stays committed).
/// </summary>
internal sealed partial class CycleService(
    CyclePipeline pipeline, CycleHealth health, IOptions<WorkerOptions> options, TimeProvider time, ILogger<CycleService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CycleInterval, time);
        do
        {
            try
            {
                await pipeline.RunOnceAsync(stoppingToken);
                health.Completed();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                health.Failed(e);
                LogCycleFailed(logger, FailureReason.Short(e));
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "Cycle failed before reaching the mailboxes ({Reason}); the next cycle runs on schedule")]
    private static partial void LogCycleFailed(ILogger logger, string reason);
}

/// <summary>Readiness from the cycle's point of view: healthy once a cycle has completed recently enough.</summary>
public sealed class CycleHealth(IOptions<WorkerOptions> options, TimeProvider time) : IHealthCheck
{
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private DateTimeOffset? _completed;
    private string? _lastError;

    public void Completed()
    {
        _completed = time.GetUtcNow();
        _lastError = null;
    }

    public void Failed(Exception e) => _lastError = FailureReason.Of(e);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var allowed = options.Value.CycleInterval * 3;
        var result = _completed is { } done && now - done <= allowed
            ? HealthCheckResult.Healthy($"Last cycle completed {(now - done).TotalMinutes:0} min ago.")
            : _completed is null && now - _started <= allowed
                ? HealthCheckResult.Healthy("The first cycle is running.")
                : HealthCheckResult.Unhealthy($"No cycle completed in {allowed.TotalMinutes:0} min.{(_lastError is null ? string.Empty : " Last error: " + _lastError)}");
        return Task.FromResult(result);
    }
}

/// <summary>
/// The configured mailboxes (<c>GraphNetworker:Scope:Mailboxes</c>) the last cycle could not resolve, each by its
/// position and Graph's answer: degraded while any is left out (the others are synced), healthy when all resolve.
/// </summary>
public sealed class ScopeHealth : IHealthCheck
{
    private volatile IReadOnlyList<UnresolvedMailbox> _unresolved = [];

    /// <summary>The entries left out by the last reading of the scope.</summary>
    public IReadOnlyList<UnresolvedMailbox> Unresolved => _unresolved;

    public void Read(ScopeReading reading) => _unresolved = reading.Unresolved;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var unresolved = _unresolved;
        return Task.FromResult(unresolved.Count == 0
            ? HealthCheckResult.Healthy("Every configured mailbox resolved.")
            : HealthCheckResult.Degraded(Describe(unresolved)));
    }

    /// <summary>"Configured mailbox #2: Graph 403 ErrorAccessDenied; …": positions and reasons, never the names configured.</summary>
    public static string Describe(IEnumerable<UnresolvedMailbox> unresolved) =>
        "Left out of scope: " + string.Join("; ", unresolved.Select(u => $"configured mailbox #{u.Configured}: {u.Reason}"));
}
