using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace GraphNetworker.Benchmarks.Harness;

/// <summary>
/// What a cycle allocates, by type: the runtime's allocation sampling (<c>GCAllocationTick</c>, one event about every
/// 100 KB allocated, naming the type whose allocation crossed the mark), listened to in the worker's process. The share
/// of events per type estimates the share of bytes (<c>--allocation-types true</c> prints the leading types per cycle).
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int GcKeyword = 0x1;
    private const int AllocationTickId = 10;
    private ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);

    public void Reset() => _bytes = new(StringComparer.Ordinal);

    /// <summary>The leading types by sampled bytes, as "type:share%".</summary>
    public string Top(int count)
    {
        var all = _bytes.ToArray();
        var total = Math.Max(1, all.Sum(kv => kv.Value));
        return string.Join(';', all.OrderByDescending(kv => kv.Value).Take(count).Select(kv => $"{kv.Key}:{100.0 * kv.Value / total:0.0}%"));
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AllocationTickId || eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var type = names.IndexOf("TypeName") is var t and >= 0 ? payload[t] as string ?? "?" : "?";
        var amount = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(type, amount, (_, n) => n + amount);
    }
}
