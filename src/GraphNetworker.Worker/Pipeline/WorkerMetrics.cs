using System.Diagnostics.Metrics;

namespace GraphNetworker.Worker.Pipeline;

/// <summary>The worker's OpenTelemetry metrics (meter <c>GraphNetworker</c>), exported over OTLP when configured.</summary>
public sealed class WorkerMetrics
{
    public const string MeterName = "GraphNetworker";

    private readonly Counter<long> _mailboxesSynced;
    private readonly Counter<long> _mailboxesFailed;
    private readonly Counter<long> _items;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _throttled;
    private readonly Counter<long> _suggestions;
    private readonly Histogram<double> _cycleSeconds;

    public WorkerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _mailboxesSynced = meter.CreateCounter<long>("graphnetworker.mailboxes.synced", description: "Mailboxes synced successfully");
        _mailboxesFailed = meter.CreateCounter<long>("graphnetworker.mailboxes.failed", description: "Mailbox cycles that failed (retried later)");
        _items = meter.CreateCounter<long>("graphnetworker.items.synced", description: "Mail items and meetings stored");
        _rejected = meter.CreateCounter<long>("graphnetworker.items.rejected", description: "Malformed Graph items skipped");
        _throttled = meter.CreateCounter<long>("graphnetworker.graph.throttled", description: "Graph requests answered 429");
        _suggestions = meter.CreateCounter<long>("graphnetworker.suggestions.written", description: "To Do tasks and coffee holds written");
        _cycleSeconds = meter.CreateHistogram<double>("graphnetworker.cycle.duration", unit: "s", description: "Duration of a full cycle");
    }

    public void MailboxSynced(int items, int rejected, long throttled)
    {
        _mailboxesSynced.Add(1);
        _items.Add(items);
        _rejected.Add(rejected);
        _throttled.Add(throttled);
    }

    public void MailboxFailed(long throttled)
    {
        _mailboxesFailed.Add(1);
        _throttled.Add(throttled);
    }

    public void SuggestionsWritten(int count, string kind) => _suggestions.Add(count, new KeyValuePair<string, object?>("kind", kind));

    public void CycleCompleted(TimeSpan duration) => _cycleSeconds.Record(duration.TotalSeconds);
}
