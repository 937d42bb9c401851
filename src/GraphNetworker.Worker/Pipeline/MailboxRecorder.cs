using GraphNetworker.Core.Ports;
using GraphNetworker.Graph;
using GraphNetworker.Graph.Access;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Graph.Sync;
using GraphNetworker.Store.Repositories;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Worker.Pipeline;

/// <summary>One mailbox's cycle in progress: which mailbox, and the Graph counters when it started.</summary>
public sealed record MailboxRun(string MailboxId, MailboxRequestStats RequestsBefore);

/// <summary>
/// Keeps the books for each mailbox's cycle so the pipeline does not have to: sync health as IT sees it (started,
/// succeeded, failed with a reason and a backoff), the worker's metrics, and the Graph requests, throttling and faults
/// of that cycle alone. Recording never fails a mailbox: a store error while recording is logged, and the next cycle
/// records again.
/// </summary>
public sealed partial class MailboxRecorder(
    MailboxRepository mailboxes,
    MailboxGate gate,
    WorkerMetrics metrics,
    IOptions<SyncOptions> syncOptions,
    ILogger<MailboxRecorder> logger)
{
    /// <summary>
    /// What the cycle's lease take records as the sync's start (<see cref="SeenAtListing.SyncStartsAt"/>): the take and
    /// the start are one statement.
    /// </summary>
    public DateTime SyncStartsNow() => mailboxes.SyncStartsNow();

    /// <summary>The mailbox's cycle has begun under its lease (its start was recorded with the take): Graph's counters from here.</summary>
    public MailboxRun Start(string mailboxId) => new(mailboxId, gate.Totals(mailboxId));

    /// <summary>Records the success; with <paramref name="releasing"/>, the same statement releases that lease.</summary>
    public async Task<MailboxOutcome> SucceededAsync(MailboxRun run, MailboxSyncResult synced, OutlookResult written, LeaseFence? releasing, CancellationToken cancellationToken)
    {
        var requests = gate.Totals(run.MailboxId).Since(run.RequestsBefore);
        var shortfall = synced.CalendarUnavailable ? $"Calendar: {synced.CalendarWindowsFailed} window(s) Graph would not serve this cycle; mail was synced" : null;
        await mailboxes.SucceededAsync(run.MailboxId, Counters(requests), releasing, shortfall, cancellationToken);
        metrics.MailboxSynced(synced.Items, synced.Rejected, requests.Throttled);
        metrics.SuggestionsWritten(written.Tasks, "task");
        metrics.SuggestionsWritten(written.Holds, "hold");
        return new MailboxOutcome(MailboxStatus.Synced, synced.Items, synced.Rejected, written.Tasks, written.Holds, null) { Throttled = requests.Throttled };
    }

    /// <summary>Records a failure with a short reason for IT (never item content) and when to try again.</summary>
    public async Task<MailboxOutcome> FailedAsync(string mailboxId, MailboxRun? run, Exception error)
    {
        var requests = run is null ? MailboxRequestStats.Zero : gate.Totals(mailboxId).Since(run.RequestsBefore);
        var reason = FailureReason.Of(error);
        LogMailboxFailed(logger, mailboxId, FailureReason.Short(error));
        metrics.MailboxFailed(requests.Throttled);
        try
        {
            var sync = syncOptions.Value;
            await mailboxes.FailedAsync(mailboxId, reason, Counters(requests), sync.FailureBackoff, sync.MaxFailureBackoff, CancellationToken.None);
        }
        catch (Exception e)
        {
            // Any error here, a cancellation included (the call does not take the cycle's token), is the store's.
            LogNotRecorded(logger, mailboxId, FailureReason.Short(e));
        }

        return new MailboxOutcome(MailboxStatus.Failed, 0, 0, 0, 0, reason) { Throttled = requests.Throttled };
    }

    private static CycleCounters Counters(MailboxRequestStats requests) =>
        new((int)Math.Min(int.MaxValue, requests.Requests), (int)Math.Min(int.MaxValue, requests.Throttled), (int)Math.Min(int.MaxValue, requests.Faults));

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Mailbox {MailboxId} failed this cycle and will be retried later: {Reason}")]
    private static partial void LogMailboxFailed(ILogger logger, string mailboxId, string reason);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "Mailbox {MailboxId}: its failure could not be recorded ({Reason}); it is retried next cycle")]
    private static partial void LogNotRecorded(ILogger logger, string mailboxId, string reason);
}

/// <summary>A short reason for IT: the kind of failure and Graph's status and code, never item content.</summary>
public static class FailureReason
{
    public static string Of(Exception e) => e switch
    {
        Microsoft.Graph.Models.ODataErrors.ODataError odata => $"Graph {odata.ResponseStatusCode} {odata.Error?.Code}: {odata.Error?.Message}",
        Microsoft.Kiota.Abstractions.ApiException api => $"Graph {api.ResponseStatusCode}",
        AggregateException { InnerExceptions.Count: > 0 } many => Of(many.InnerExceptions[0]),
        OutlookWriteException write => write.Message,
        HttpRequestException http => $"Network: {http.HttpRequestError}",
        TimeoutException timeout => $"Timeout: {timeout.Message}",
        _ => e.GetType().Name,
    };

    /// <summary>The same without Graph's message text, which can name a user: for logs and telemetry.</summary>
    public static string Short(Exception e) => e switch
    {
        Microsoft.Graph.Models.ODataErrors.ODataError odata => $"Graph {odata.ResponseStatusCode} {odata.Error?.Code}",
        AggregateException { InnerExceptions.Count: > 0 } many => Short(many.InnerExceptions[0]),
        OutlookWriteException => nameof(OutlookWriteException),
        _ => Of(e),
    };
}
