using System.Text.Json;

namespace GraphNetworker.Benchmarks.Profiling;

/// <summary>
/// Where the worker's CPU goes, by stage, from a sampled profile (<c>dotnet-trace</c>'s thread-time sampler, written as
/// speedscope JSON): every sample of a thread that was running (waiting threads are left out) is given to one stage by
/// its stack. The nearest frame of the product decides (a JSON read inside a mapper is mapping; inside the page fetch
/// it is parsing), then the nearest library frame. Samples of threads with no managed frame at all are left out: the
/// sampler cannot tell a native thread at work (the JIT) from one blocked in the kernel, so the stages are shares of
/// the managed time, and the suite prints them against the process's measured CPU time.
/// </summary>
internal sealed class StageProfile
{
    /// <summary>The stages, in the order they are printed.</summary>
    public static readonly string[] Stages =
    [
        "http", "parsing", "mapping", "storage (page commits)", "reading for scoring", "identity/noise", "scoring", "saving assessments", "pipeline", "other managed",
    ];

    /// <summary>What a backfilled message costs the worker to get into the store, apart from scoring it.</summary>
    public static readonly string[] Ingest = ["http", "parsing", "mapping", "storage (page commits)"];

    private static readonly string[] Waiting =
    [
        "WaitOne", "Monitor.Wait", "LowLevelLifoSemaphore", "WaitHandle", "Thread.Sleep", "SemaphoreSlim.Wait", "GateThread", "SocketAsyncEngine.EventLoop",
        "WaitForSocketEvents", "LowLevelMonitor", "ManualResetEventSlim.Wait", "TimerQueue.TimerThread", "Thread.Join", "Task.Wait", "SpinWait",
        "WaitForPendingFinalizers", "ReadLine",

        // The finalizer thread freeing the query compiler's dynamic methods as the process ends: it was sampled as one
        // unbroken run of over a second after the cycle, 27% of one profile's samples, none of it the cycle's work.
        "GC.RunFinalizers",
    ];

    private readonly Dictionary<string, double> _milliseconds = Stages.ToDictionary(s => s, _ => 0.0, StringComparer.Ordinal);

    public double TotalMilliseconds => _milliseconds.Values.Sum();

    public IReadOnlyDictionary<string, double> Milliseconds => _milliseconds;

    public static StageProfile Read(string speedscopeFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(speedscopeFile));
        var frames = document.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("name").GetString() ?? string.Empty).ToArray();
        var stageOfStack = new Dictionary<string, string?>(StringComparer.Ordinal);
        var profile = new StageProfile();
        foreach (var thread in document.RootElement.GetProperty("profiles").EnumerateArray())
        {
            var stack = new List<int>();
            double? last = null;
            foreach (var e in thread.GetProperty("events").EnumerateArray())
            {
                var at = e.GetProperty("at").GetDouble();
                if (last is { } from && stack.Count > 0 && at > from)
                {
                    var key = string.Join(',', stack);
                    if (!stageOfStack.TryGetValue(key, out var stage))
                    {
                        stage = Classify([.. stack.Select(i => frames[i])]);
                        stageOfStack[key] = stage;
                    }

                    if (stage is not null)
                    {
                        profile._milliseconds[stage] += at - from;
                    }
                }

                last = at;
                var frame = e.GetProperty("frame").GetInt32();
                if (e.GetProperty("type").GetString() == "O")
                {
                    stack.Add(frame);
                }
                else if (stack.LastIndexOf(frame) is var index and >= 0)
                {
                    stack.RemoveRange(index, stack.Count - index);
                }
            }
        }

        return profile;
    }

    /// <summary>The stage of one stack (root first), or null for a thread that was waiting or ran no managed code.</summary>
    internal static string? Classify(IReadOnlyList<string> stack)
    {
        if (stack.Any(frame => Waiting.Any(w => frame.Contains(w, StringComparison.Ordinal))))
        {
            return null;
        }

        string? library = null;
        for (var i = stack.Count - 1; i >= 0; i--)
        {
            var frame = stack[i];
            var module = frame.Split('!', 2)[0];
            if (module.StartsWith("GraphNetworker", StringComparison.Ordinal))
            {
                return Product(frame, library);
            }

            library ??= Library(module);
        }

        return library switch
        {
            null => stack.Any(f => f.Contains('!', StringComparison.Ordinal)) ? "other managed" : null,
            "json" => "parsing",
            "storage" => "storage (page commits)",
            _ => library,
        };
    }

    private static string Product(string frame, string? library)
    {
        if (frame.Contains("GraphNetworker.Core.Identity", StringComparison.Ordinal) || frame.Contains("GraphNetworker.Core.Noise", StringComparison.Ordinal))
        {
            return "identity/noise";
        }

        if (frame.Contains("GraphNetworker.Core", StringComparison.Ordinal))
        {
            return "scoring";
        }

        if (frame.Contains("EvaluationStore", StringComparison.Ordinal) && frame.Contains("SaveAssessment", StringComparison.Ordinal))
        {
            return "saving assessments";
        }

        if (frame.Contains("EvaluationStore", StringComparison.Ordinal) || frame.Contains("ItemReader", StringComparison.Ordinal))
        {
            return "reading for scoring";
        }

        if (frame.StartsWith("GraphNetworker.Store", StringComparison.Ordinal))
        {
            return "storage (page commits)";
        }

        if (frame.Contains("Mapper", StringComparison.Ordinal) || frame.Contains("MapPage", StringComparison.Ordinal) || frame.Contains("Json.", StringComparison.Ordinal))
        {
            return "mapping";
        }

        if (frame.Contains("GraphPages", StringComparison.Ordinal) || frame.Contains("GraphNetworker.Graph.Access", StringComparison.Ordinal))
        {
            return library == "json" ? "parsing" : "http";
        }

        return library switch
        {
            "json" => "parsing",
            "http" => library,
            "storage" => "storage (page commits)",
            _ => "pipeline",
        };
    }

    private static string? Library(string module) => module switch
    {
        _ when module.StartsWith("System.Text.Json", StringComparison.Ordinal) => "json",
        _ when module.StartsWith("System.Net", StringComparison.Ordinal) || module.StartsWith("Microsoft.Kiota", StringComparison.Ordinal)
               || module.StartsWith("Microsoft.Graph", StringComparison.Ordinal) || module.StartsWith("Polly", StringComparison.Ordinal)
               || module.StartsWith("Microsoft.Extensions.Http", StringComparison.Ordinal) => "http",
        _ when module.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || module.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal)
               || module.StartsWith("SQLitePCL", StringComparison.Ordinal) || module.StartsWith("Npgsql", StringComparison.Ordinal) => "storage",
        "System.Private.CoreLib" or "System.Linq" or "System.Collections" or "System.Runtime" or "System.Collections.Concurrent" or "System.Memory"
            or "CPU_TIME" or "UNMANAGED_CODE_TIME" or "?" => null,
        _ when module.StartsWith("Thread", StringComparison.Ordinal) || module.StartsWith("Process", StringComparison.Ordinal) => null,
        _ => "other managed",
    };
}
