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
    private readonly ConcurrentQueue<(Func<string, bool> Matches, TaskCompletionSource Sent)> _awaited = new();
    private readonly IDisposable _subscription;

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is WorkerTelemetry.SourceName or WorkerTelemetry.HttpSourceName or TestSourceName,
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
        _subscription = DiagnosticListener.AllListeners.Subscribe(new HttpRequests(this));
        _root = TestSource.StartActivity("test", ActivityKind.Internal, parentContext: default) ?? throw new InvalidOperationException("The test's root span was not sampled.");
    }

    public IReadOnlyCollection<Activity> Ended => _ended;

    /// <summary>Completes when the worker sends a Graph request whose URL matches (as it leaves, before any answer).</summary>
    public Task RequestSent(Func<string, bool> url)
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaited.Enqueue((url, sent));
        return sent.Task;
    }

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
        _subscription.Dispose();
        _root.Dispose();
        _listener.Dispose();
    }

    /// <summary>HttpClient's own diagnostic events: the request as it leaves, with its URL (the span has no tags yet then).</summary>
    private sealed class HttpRequests(SpanRecorder recorder) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        private readonly List<IDisposable> _subscriptions = [];

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "HttpHandlerDiagnosticListener")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this, (name, _, _) => name.StartsWith("System.Net.Http.HttpRequestOut", StringComparison.Ordinal)));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key != "System.Net.Http.HttpRequestOut.Start" || Activity.Current?.TraceId != recorder._root?.TraceId ||
                value.Value?.GetType().GetProperty("Request")?.GetValue(value.Value) is not HttpRequestMessage { RequestUri: { } uri })
            {
                return;
            }

            foreach (var (matches, sent) in recorder._awaited.Where(w => w.Matches(uri.ToString())))
            {
                sent.TrySetResult();
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
