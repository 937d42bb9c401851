using System.Diagnostics;
using GraphNetworker.Core.Identity;
using GraphNetworker.Graph;
using GraphNetworker.Graph.Access;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Graph.Sync;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Repositories;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Worker.Pipeline;

/// <summary>What one cycle did, for the command line and the logs.</summary>
public sealed record CycleReport(int Mailboxes, int Synced, int Skipped, int Failed, int Items, int Rejected, int TasksWritten, int HoldsWritten, TimeSpan Duration);

/// <summary>
/// The data flow, in order: discover the mailboxes in scope, refresh the directory when due, and for each mailbox
/// (isolated: one failure never stops the others; leased: never two workers on one mailbox) sync mail and calendar,
/// read back what the user did with earlier suggestions, score, plan, and write the new suggestions into Outlook.
/// </summary>
public sealed partial class CyclePipeline(
    ScopeSync scope,
    DirectorySync directory,
    MailboxSync sync,
    MailboxEvaluator evaluator,
    OutlookWriter outlook,
    SuggestionStore suggestions,
    MailboxLeases leases,
    MailboxHealth health,
    MailboxGate gate,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> workerOptions,
    IOptions<SyncOptions> syncOptions,
    TimeProvider time,
    ILogger<CyclePipeline> logger)
{
    /// <summary>Raised after each mailbox, for progress displays.</summary>
    public event Action<Mailbox, MailboxOutcome>? MailboxDone;

    public async Task<CycleReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var mailboxes = await scope.RefreshAsync(cancellationToken);
        if (await directory.IsDueAsync(cancellationToken))
        {
            await directory.RefreshAsync(cancellationToken);
        }

        using var directoryIndex = new CycleDirectory(evaluator.LoadDirectoryAsync);

        var outcomes = new System.Collections.Concurrent.ConcurrentBag<MailboxOutcome>();
        await Parallel.ForEachAsync(
            mailboxes,
            new ParallelOptions { MaxDegreeOfParallelism = syncOptions.Value.MailboxParallelism, CancellationToken = cancellationToken },
            async (mailbox, ct) =>
            {
                var outcome = await RunMailboxAsync(mailbox, directoryIndex, ct);
                outcomes.Add(outcome);
                MailboxDone?.Invoke(mailbox, outcome);
            });

        var duration = Stopwatch.GetElapsedTime(started);
        metrics.CycleCompleted(duration);
        var report = new CycleReport(
            mailboxes.Count, outcomes.Count(o => o.Status == MailboxStatus.Synced), outcomes.Count(o => o.Status == MailboxStatus.Skipped),
            outcomes.Count(o => o.Status == MailboxStatus.Failed), outcomes.Sum(o => o.Items), outcomes.Sum(o => o.Rejected),
            outcomes.Sum(o => o.Tasks), outcomes.Sum(o => o.Holds), duration);
        LogCycle(logger, report.Mailboxes, report.Synced, report.Failed, report.Skipped, report.Items, report.TasksWritten, report.HoldsWritten, duration.TotalSeconds);
        return report;
    }

    /// <summary>One mailbox, start to finish, under its lease. Errors are recorded in its sync health, never thrown.</summary>
    public async Task<MailboxOutcome> RunMailboxAsync(Mailbox mailbox, CycleDirectory directoryIndex, CancellationToken cancellationToken)
    {
        var options = workerOptions.Value;
        await using var lease = await MailboxLease.TryTakeAsync(leases, mailbox.Id, options.EffectiveWorkerId, options.LeaseDuration, time, cancellationToken);
        if (lease is null)
        {
            LogLeased(logger, mailbox.Id);
            return MailboxOutcome.Skip;
        }

        gate.TakeStats(mailbox.Id.ToLowerInvariant());
        await health.StartedAsync(mailbox.Id, cancellationToken);
        try
        {
            var synced = await sync.SyncAsync(mailbox, lease, cancellationToken);
            mailbox = await health.FindAsync(mailbox.Id, cancellationToken) ?? mailbox;
            var session = options.WriteToOutlook ? outlook.Begin(mailbox) : null;
            if (session is not null)
            {
                await session.ReadBackAsync(cancellationToken);
            }

            await lease.KeepAsync(cancellationToken);
            var assessment = await evaluator.EvaluateAsync(mailbox, await directoryIndex.GetAsync(cancellationToken), cancellationToken);
            var written = new OutlookResult(0, 0, 0, 0);
            if (session is not null)
            {
                await suggestions.AddPlannedAsync(mailbox.Id, assessment.NewSuggestions, cancellationToken);
                await lease.KeepAsync(cancellationToken);
                written = await session.WritePendingAsync(cancellationToken);
            }

            var stats = gate.TakeStats(mailbox.Id.ToLowerInvariant());
            await health.SucceededAsync(mailbox.Id, new CycleCounters(stats.Requests, stats.Throttled, stats.Faults), cancellationToken);
            metrics.MailboxSynced(synced.Items, synced.Rejected, stats.Throttled);
            metrics.SuggestionsWritten(written.Tasks, "task");
            metrics.SuggestionsWritten(written.Holds, "hold");
            return new MailboxOutcome(MailboxStatus.Synced, synced.Items, synced.Rejected, written.Tasks, written.Holds, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (LeaseLostException)
        {
            LogLeaseLost(logger, mailbox.Id);
            return MailboxOutcome.Skip;
        }
        catch (Exception e)
        {
            var stats = gate.TakeStats(mailbox.Id.ToLowerInvariant());
            var reason = Describe(e);
            LogMailboxFailed(logger, mailbox.Id, reason);
            await health.FailedAsync(mailbox.Id, reason, new CycleCounters(stats.Requests, stats.Throttled, stats.Faults),
                syncOptions.Value.FailureBackoff, syncOptions.Value.MaxFailureBackoff, CancellationToken.None);
            metrics.MailboxFailed(stats.Throttled);
            return new MailboxOutcome(MailboxStatus.Failed, 0, 0, 0, 0, reason);
        }
    }

    /// <summary>A short reason for IT: the kind of failure and Graph's status and code, never item content.</summary>
    internal static string Describe(Exception e) => e switch
    {
        Microsoft.Graph.Models.ODataErrors.ODataError odata => $"Graph {odata.ResponseStatusCode} {odata.Error?.Code}: {odata.Error?.Message}",
        Microsoft.Kiota.Abstractions.ApiException api => $"Graph {api.ResponseStatusCode}",
        AggregateException { InnerExceptions.Count: > 0 } many => Describe(many.InnerExceptions[0]),
        OutlookWriteException write => write.Message,
        HttpRequestException http => $"Network: {http.HttpRequestError}",
        _ => e.GetType().Name,
    };

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Cycle done: {Mailboxes} mailboxes, {Synced} synced, {Failed} failed, {Skipped} leased elsewhere; {Items} items; {Tasks} tasks and {Holds} holds written in {Seconds:0.0} s")]
    private static partial void LogCycle(ILogger logger, int mailboxes, int synced, int failed, int skipped, int items, int tasks, int holds, double seconds);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Mailbox {MailboxId} is being synced by another worker")]
    private static partial void LogLeased(ILogger logger, string mailboxId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Mailbox {MailboxId} failed this cycle and will be retried later: {Reason}")]
    private static partial void LogMailboxFailed(ILogger logger, string mailboxId, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: lease lost to another worker; stopped without writing")]
    private static partial void LogLeaseLost(ILogger logger, string mailboxId);
}

/// <summary>
/// The directory for one cycle: read and indexed on first use, once, and shared by every mailbox (a cycle where every
/// mailbox is leased elsewhere reads nothing). A failed read is not kept: the next mailbox tries again, so a database
/// blip fails one mailbox, not the cycle.
/// </summary>
public sealed class CycleDirectory(Func<CancellationToken, Task<DirectoryIndex>> load) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DirectoryIndex? _index;

    public async Task<DirectoryIndex> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _index) is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _index ??= await load(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}

public enum MailboxStatus
{
    Synced,
    Skipped,
    Failed,
}

/// <summary>How one mailbox's cycle ended.</summary>
public sealed record MailboxOutcome(MailboxStatus Status, int Items, int Rejected, int Tasks, int Holds, string? Error)
{
    public static readonly MailboxOutcome Skip = new(MailboxStatus.Skipped, 0, 0, 0, 0, null);
}
