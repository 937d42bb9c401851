using System.Diagnostics;
using GraphNetworker.Core;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Graph;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Graph.Sync;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Worker.Hosting;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Worker.Pipeline;

/// <summary>What one cycle did, for the command line and the logs.</summary>
public sealed record CycleReport(int Mailboxes, int Synced, int Skipped, int Failed, int Items, int Rejected, int TasksWritten, int HoldsWritten, TimeSpan Duration)
{
    /// <summary>Mailboxes scored again this cycle (the others' last assessment still held).</summary>
    public int Scored { get; init; }
}

/// <summary>
/// The data flow, in order: discover the mailboxes in scope, refresh the directory when due, index it once for the
/// cycle, and for each mailbox (isolated: one failure never stops the others; leased: never two workers on one
/// mailbox) sync mail and calendar, read back what the user did with earlier suggestions, score and plan, write the
/// new suggestions into Outlook, and record how it went.
/// </summary>
public sealed partial class CyclePipeline(
    ScopeReader scopeReader,
    ScopeHealth scopeHealth,
    MailboxRepository mailboxes,
    MailboxPurge purge,
    DirectoryReader directoryReader,
    DirectoryStore directory,
    MailboxSync sync,
    MailboxEvaluator evaluator,
    OutlookWriter outlook,
    MailboxLeases leases,
    MailboxRecorder recorder,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> workerOptions,
    IOptions<SyncOptions> syncOptions,
    IOptions<ScopeOptions> scopeOptions,
    IOptions<EngineOptions> engineOptions,
    TimeProvider time,
    ILogger<CyclePipeline> logger)
{
    /// <summary>Raised after each mailbox, for progress displays.</summary>
    public event Action<Mailbox, MailboxOutcome>? MailboxDone;

    public async Task<CycleReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var span = WorkerTelemetry.Source.StartActivity("graphnetworker.cycle");
        var inScope = await DiscoverAsync(cancellationToken);
        await RefreshDirectoryWhenDueAsync(cancellationToken);
        // Senders nobody in the tenant answers, as the stored assessments stood when the cycle began: read before any
        // mailbox is scored, so what one mailbox sees never depends on which others this cycle finished first.
        var threshold = engineOptions.Value.UnansweredSenderMailboxes;
        IReadOnlyList<UnansweredSender> unanswered = threshold > 0 && inScope.Count > 0 ? await directory.UnansweredSendersAsync(threshold, cancellationToken) : [];
        using var directoryIndex = new CycleDirectory(ct => directory.LoadAsync(
            [.. scopeOptions.Value.OrganizationDomains], scopeOptions.Value.OrganizationName, ct, unanswered));

        var outcomes = new System.Collections.Concurrent.ConcurrentBag<MailboxOutcome>();
        var width = new AdaptiveParallelism(syncOptions.Value.MailboxParallelism, syncOptions.Value.MaxMailboxParallelism);
        await Parallel.ForEachAsync(
            inScope,
            new ParallelOptions { MaxDegreeOfParallelism = syncOptions.Value.MaxMailboxParallelism, CancellationToken = cancellationToken },
            async (mailbox, ct) =>
            {
                await width.EnterAsync(ct);
                var throttled = false;
                try
                {
                    var outcome = await RunMailboxAsync(mailbox, directoryIndex, ct);
                    throttled = outcome.Throttled > 0;
                    outcomes.Add(outcome);
                    MailboxDone?.Invoke(mailbox, outcome);
                }
                finally
                {
                    width.Exit(throttled);
                }
            });

        var duration = Stopwatch.GetElapsedTime(started);
        metrics.CycleCompleted(duration);
        var report = new CycleReport(
            inScope.Count, outcomes.Count(o => o.Status == MailboxStatus.Synced), outcomes.Count(o => o.Status == MailboxStatus.Skipped),
            outcomes.Count(o => o.Status == MailboxStatus.Failed), outcomes.Sum(o => o.Items), outcomes.Sum(o => o.Rejected),
            outcomes.Sum(o => o.Tasks), outcomes.Sum(o => o.Holds), duration)
        {
            Scored = outcomes.Count(o => o.Scored),
        };
        LogCycle(logger, report.Mailboxes, report.Synced, report.Failed, report.Skipped, report.Items, report.Scored, report.TasksWritten, report.HoldsWritten, duration.TotalSeconds);
        span?.SetTag("graphnetworker.mailboxes", report.Mailboxes).SetTag("graphnetworker.mailboxes.failed", report.Failed)
            .SetTag("graphnetworker.mailboxes.widest", width.Widest)
            .SetTag("graphnetworker.items", report.Items).SetTag("graphnetworker.suggestions.written", report.TasksWritten + report.HoldsWritten);
        return report;
    }

    /// <summary>
    /// One mailbox, start to finish, under its lease: sync → read back → score and plan → write → record. Every
    /// failure, the store's included, is recorded in the mailbox's sync health and never thrown to the other mailboxes.
    /// </summary>
    public async Task<MailboxOutcome> RunMailboxAsync(Mailbox mailbox, CycleDirectory directoryIndex, CancellationToken cancellationToken)
    {
        var options = workerOptions.Value;
        using var span = WorkerTelemetry.Source.StartActivity("graphnetworker.mailbox")?.SetTag("graphnetworker.mailbox", WorkerTelemetry.MailboxHash(mailbox.Id));
        MailboxLease? lease = null;
        MailboxRun? run = null;
        try
        {
            // Only if nobody finished a sync of it since it was listed: a worker that listed it before another worker
            // synced and released it does not sync it again this cycle.
            lease = await MailboxLease.TryTakeAsync(
                leases, mailbox.Id, options.EffectiveWorkerId, options.LeaseDuration, time, new SeenAtListing(mailbox.LastSyncFinishedAt, recorder.SyncStartsNow()), cancellationToken);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The mailbox is not ours (another worker may hold it), so nothing is recorded on it: the next cycle tries again.
            LogTakeFailed(logger, mailbox.Id, FailureReason.Short(e));
            span?.SetTag("graphnetworker.outcome", "failed").SetStatus(ActivityStatusCode.Error, FailureReason.Short(e));
            metrics.MailboxFailed(0);
            return new MailboxOutcome(MailboxStatus.Failed, 0, 0, 0, 0, FailureReason.Of(e));
        }

        try
        {
            if (lease is null)
            {
                LogLeased(logger, mailbox.Id);
                return MailboxOutcome.Skip;
            }

            // The work stops when the lease is lost (its timer could not renew it): every write is fenced besides.
            using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
            var ct = work.Token;
            run = recorder.Start(mailbox.Id);
            MailboxSyncResult result;
            using (Step("sync"))
            {
                // Teams is read when the mailbox may be scored (and now and then besides): Graph allows Teams reads only at
                // a tenant-wide rate, and only a scoring needs them fresh.
                result = await sync.SyncAsync(MailboxRepository.ProfileOf(mailbox), lease, evaluator.MayBeDue(mailbox), ct);
            }

            if (result.ShouldWait)
            {
                // A folder and its items were dropped: score and write only once the next cycle has seen the tree again.
                LogWaitingAfterRetire(logger, mailbox.Id, result.RetiredFolders);
                var waiting = run;
                return await lease.EndWithAsync(fence => recorder.SucceededAsync(waiting, result, OutlookResult.None, fence, ct));
            }

            // Sync may have refreshed the settings (time zone) the Outlook writer needs.
            var synced = await mailboxes.FindAsync(mailbox.Id, ct) ?? mailbox;
            var session = options.WriteToOutlook ? outlook.Begin(MailboxRepository.ProfileOf(synced), lease) : null;
            if (session is not null)
            {
                using var readBack = Step("read_back");
                if (await session.ReadBackAsync(result.CalendarCurrentAt, ct) > 0)
                {
                    // What the user did in Outlook is an input too: read the mailbox as the read-back left it.
                    synced = await mailboxes.FindAsync(mailbox.Id, ct) ?? synced;
                }
            }

            await lease.KeepAsync(ct);
            var directory = await directoryIndex.GetAsync(ct);
            if (!result.TeamsRead && evaluator.NeedsScoring(synced, directory))
            {
                // The mailbox turned out to need scoring (new mail, the user's answer): its Teams first, so no suggestion
                // goes to someone chatted with since they were last read.
                using (Step("sync_teams"))
                {
                    await sync.SyncTeamsAsync(MailboxRepository.ProfileOf(synced), lease, ct);
                }

                synced = await mailboxes.FindAsync(mailbox.Id, ct) ?? synced;
            }

            MailboxAssessment? assessment;
            using (var score = Step("score"))
            {
                // The suggestions it plans are stored with it, when they go to Outlook: one checkpoint.
                assessment = evaluator.IsDue(synced, directory) ? await evaluator.EvaluateAsync(synced, lease.Fence, directory, storePlanned: session is not null, ct) : null;
                score?.SetTag("graphnetworker.evaluated", assessment is not null).SetTag("graphnetworker.suggestions.planned", assessment?.NewSuggestions.Count ?? 0);
            }

            var written = OutlookResult.None;
            if (session is not null)
            {
                if (assessment is not null)
                {
                    session.SuggestionsPlanned();
                }

                await lease.KeepAsync(ct);
                using var write = Step("write");
                written = await session.WritePendingAsync(ct);
                write?.SetTag("graphnetworker.tasks.written", written.Tasks).SetTag("graphnetworker.holds.written", written.Holds);
            }

            span?.SetTag("graphnetworker.outcome", "synced");
            // The success and the lease's release in one statement.
            var finished = run;
            var outcome = await lease.EndWithAsync(fence => recorder.SucceededAsync(finished, result, written, fence, ct));
            return outcome with { Scored = assessment is not null };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is LeaseLostException || (e is OperationCanceledException && lease?.Lost.IsCancellationRequested == true))
        {
            LogLeaseLost(logger, mailbox.Id);
            span?.SetTag("graphnetworker.outcome", "lease-lost");
            return MailboxOutcome.Skip;
        }
        catch (Exception e)
        {
            span?.SetTag("graphnetworker.outcome", "failed").SetStatus(ActivityStatusCode.Error, FailureReason.Short(e));
            return await recorder.FailedAsync(mailbox.Id, run, e);
        }
        finally
        {
            if (lease is not null)
            {
                await ReleaseAsync(lease);
            }
        }
    }

    private static Activity? Step(string name) => WorkerTelemetry.Source.StartActivity("graphnetworker." + name);

    /// <summary>The mailboxes to sync now: the scope's members are applied to the store, and those that left long enough ago are purged.</summary>
    private async Task<IReadOnlyList<Mailbox>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var reading = await scopeReader.ReadAsync(cancellationToken);
        scopeHealth.Read(reading);
        var scope = await mailboxes.ApplyScopeAsync(
            reading.Members, scopeOptions.Value.PurgeAfter, [.. reading.Unresolved.Where(u => u.Unreadable).Select(u => u.Name)], cancellationToken);
        if (scope.Joined + scope.Left > 0)
        {
            LogScopeChanged(logger, scope.Joined, scope.Left);
        }

        foreach (var gone in scope.DueForPurge)
        {
            var removed = await purge.PurgeAsync(gone.Id, ScopeState.Purged, cancellationToken);
            LogPurged(logger, gone.Id, removed);
        }

        return scope.ToSync;
    }

    private async Task RefreshDirectoryWhenDueAsync(CancellationToken cancellationToken)
    {
        if (!await directory.IsRefreshDueAsync(syncOptions.Value.DirectoryRefreshInterval, cancellationToken))
        {
            return;
        }

        var observed = await directoryReader.ReadAsync(cancellationToken);
        if (!await directory.ApplyAsync(observed, cancellationToken))
        {
            LogDirectoryConflict(logger);
        }
    }

    private async Task ReleaseAsync(MailboxLease lease)
    {
        try
        {
            await lease.DisposeAsync();
        }
        catch (Exception e)
        {
            // The lease expires by itself; another worker may take the mailbox after that.
            LogReleaseFailed(logger, lease.MailboxId, FailureReason.Short(e));
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Cycle done: {Mailboxes} mailboxes, {Synced} synced, {Failed} failed, {Skipped} leased elsewhere; {Items} items; {Scored} scored again; {Tasks} tasks and {Holds} holds written in {Seconds:0.0} s")]
    private static partial void LogCycle(ILogger logger, int mailboxes, int synced, int failed, int skipped, int items, int scored, int tasks, int holds, double seconds);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Mailbox {MailboxId} is being synced by another worker")]
    private static partial void LogLeased(ILogger logger, string mailboxId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: lease lost to another worker; stopped without writing")]
    private static partial void LogLeaseLost(ILogger logger, string mailboxId);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Mailbox {MailboxId}: {Folders} folder(s) retired this cycle; scoring and writing wait for the next cycle")]
    private static partial void LogWaitingAfterRetire(ILogger logger, string mailboxId, int folders);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: its lease could not be taken ({Reason}); it is tried again next cycle")]
    private static partial void LogTakeFailed(ILogger logger, string mailboxId, string reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: the lease could not be released ({Reason}); it expires on its own")]
    private static partial void LogReleaseFailed(ILogger logger, string mailboxId, string reason);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Scope changed: {Joined} mailboxes joined, {Left} left (no longer read; purged after the grace period)")]
    private static partial void LogScopeChanged(ILogger logger, int joined, int left);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Mailbox {MailboxId} purged after leaving the scope ({Rows} rows removed)")]
    private static partial void LogPurged(ILogger logger, string mailboxId, int rows);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Information, Message = "Directory refresh collided with another worker's; keeping theirs")]
    private static partial void LogDirectoryConflict(ILogger logger);
}

/// <summary>
/// The directory for one cycle: read and indexed on first use, once, and shared by every mailbox (a cycle where every
/// mailbox is leased elsewhere reads nothing). A failed read is not kept: the next mailbox tries again, so a database
/// blip fails one mailbox, not the cycle.
/// </summary>
public sealed class CycleDirectory(Func<CancellationToken, Task<LoadedDirectory>> load) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LoadedDirectory? _index;

    public async Task<LoadedDirectory> GetAsync(CancellationToken cancellationToken)
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
    /// <summary>Graph's 429s while working on the mailbox: they narrow the cycle (<see cref="AdaptiveParallelism"/>).</summary>
    public long Throttled { get; init; }

    /// <summary>Whether the mailbox was scored again this cycle.</summary>
    public bool Scored { get; init; }

    public static readonly MailboxOutcome Skip = new(MailboxStatus.Skipped, 0, 0, 0, 0, null);
}
