using System.Collections.Concurrent;
using System.Diagnostics;
using GraphNetworker.Worker.Hosting;

namespace GraphNetworker.Worker.Tests.Infrastructure;

/// <summary>
/// The worker's spans of one test: a root activity of its own (a trace no other test shares, as tests run in parallel
/// in one process), and every span of <see cref="WorkerTelemetry.Source"/> under it once it has ended.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    private const string TestSourceName = "GraphNetworker.Tests.Spans";
    private static readonly ActivitySource TestSource = new(TestSourceName);
    private readonly ActivityListener _listener;
    private readonly Activity _root;
    private readonly ConcurrentQueue<Activity> _ended = new();

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is WorkerTelemetry.SourceName or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.TraceId == _root?.TraceId && a.Source.Name == WorkerTelemetry.SourceName)
                {
                    _ended.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _root = TestSource.StartActivity("test", ActivityKind.Internal, parentContext: default) ?? throw new InvalidOperationException("The test's root span was not sampled.");
    }

    public IReadOnlyCollection<Activity> Ended => _ended;

    /// <summary>
    /// The intervals in which each mailbox's lease was held and worked under: a mailbox span's steps (sync, read-back,
    /// score, plan, write) from the first one's start to the last one's end, by the mailbox's hashed id.
    /// </summary>
    public ILookup<string, (DateTime Start, DateTime End)> WorkedIntervals() =>
        _ended.Where(a => a.OperationName == "graphnetworker.mailbox")
            .Select(m => (Mailbox: (string?)m.GetTagItem("graphnetworker.mailbox") ?? "", Steps: _ended.Where(s => s.ParentSpanId == m.SpanId).ToList()))
            .Where(m => m.Steps.Count > 0)
            .ToLookup(m => m.Mailbox, m => (m.Steps.Min(s => s.StartTimeUtc), m.Steps.Max(s => s.StartTimeUtc + s.Duration)));

    public void Dispose()
    {
        _root.Dispose();
        _listener.Dispose();
    }
}
