using System.Diagnostics;
using System.Globalization;

namespace GraphNetworker.Benchmarks;

/// <summary>
/// <c>bench &lt;suite&gt;</c>: runs one benchmark suite and prints its figures. Each measured size runs in a fresh child
/// process (<c>--measure</c>) so that peak memory belongs to that size alone.
/// </summary>
internal static class BenchmarkCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length >= 2 && args[0] == "--measure")
        {
            return await MeasureAsync(args[1], args[2..]);
        }

        var suite = args.FirstOrDefault() ?? "help";
        var options = args.Skip(1).ToArray();
        switch (suite)
        {
            case "engine":
                return await EngineAsync(options);
            case "sync":
                return await Suites.SyncSuite.RunAsync(options);
            case "graph":
                return await Suites.GraphSuite.RunAsync(options);
            case "scaling":
                return await Suites.ScalingSuite.RunAsync(options);
            case "steady":
                return await Suites.SteadySuite.RunAsync(options);
            case "profile":
                return await Suites.ProfileSuite.RunAsync(options);
            case "scaleout":
                return await Suites.ScaleOutSuite.RunAsync(options);
            case "all":
                return await AllAsync();
            default:
                Console.WriteLine("""
                    usage: bench <suite> [options]        (Release: dotnet run -c Release --project src/GraphNetworker.Benchmarks -- <suite>)
                      engine   [--interactions 1000000] [--people 100000]   score and plan one mailbox at 1x and 2x the input
                      sync     [--users 4] [--messages 5000] [--latency 0] [--runs 3]
                               the worker syncs a tenant: requests vs minimum, messages/s, peak memory at 1x and 4x, 2nd-cycle requests
                      graph    [--users 100] [--messages 5000] [--latency 50] [--parallelism 4] [--baseline-users 4 (0: no baseline)] [--baseline-messages 2500] [--throttling true]
                               backfill under latency and Graph's limits: requests vs minimum, time vs bound, throttling; typical-SDK baseline
                      scaling  [--users 10] [--messages 2500] [--latency 50] [--runs 1]
                               1x, 2x, 4x messages per mailbox and mailboxes: time and peak memory
                      steady   [--users 100] [--messages 1000] [--latency 50] [--share 0.01] [--new-messages 3]
                               incremental cycles after a backfill, without and with a little new mail
                      profile  [--users 4] [--messages 10000] [--store sqlite|postgres]
                               the worker's CPU per item by stage, from a dotnet-trace profile of one backfill (needs `dotnet tool restore`)
                      scaleout [--users 200] [--messages 200] [--latency 100] [--parallelism 4]
                               two worker processes on one PostgreSQL database against one (needs GRAPHNETWORKER_BENCH_POSTGRES)
                      all      every suite with its defaults, as markdown
                    common: [--events 40] [--seed 7] [--max-parallelism N (the widest the worker's adaptive parallelism goes; default the product's)]
                    """);
                return suite == "help" ? 0 : 2;
        }
    }

    private static Task<int> EngineAsync(string[] options) =>
        EngineBenchmark.CompareAsync(Parse(options, "--interactions", 1_000_000), Parse(options, "--people", 100_000));

    private static async Task<int> AllAsync()
    {
        Console.WriteLine($"# GraphNetworker benchmarks: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(IsRelease ? "Release" : "Debug")} build");
        Console.WriteLine();
        var failed = 0;
        foreach (var run in new Func<Task<int>>[]
        {
            () => Suites.SyncSuite.RunAsync([]),
            () => Suites.GraphSuite.RunAsync([]),
            () => Suites.ScalingSuite.RunAsync([]),
            () => Suites.SteadySuite.RunAsync([]),
            async () => { Console.WriteLine("## engine"); Console.WriteLine(); var code = await EngineAsync([]); Console.WriteLine(); return code; },
        })
        {
            failed += await run() == 0 ? 0 : 1;
        }

        return failed == 0 ? 0 : 1;
    }

    private static bool IsRelease =>
        typeof(BenchmarkCommand).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .OfType<System.Diagnostics.DebuggableAttribute>().All(d => !d.IsJITOptimizerDisabled);

    /// <summary>Runs this program again as a child measuring one case, and returns its printed figures.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> RunChildAsync(string measure, params string[] arguments)
    {
        using var child = StartChild(measure, arguments);
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"Measuring '{measure}' failed with exit code {child.ExitCode}: {output}");
        }

        return Figures(output);
    }

    /// <summary>Starts this program again as a child measuring one case (its output redirected).</summary>
    public static Process StartChild(string measure, params string[] arguments) => StartChild(measure, arguments, new Dictionary<string, string>());

    public static Process StartChild(string measure, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot locate the benchmark executable.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BenchmarkCommand).Assembly.Location);
        }

        start.ArgumentList.Add("--measure");
        start.ArgumentList.Add(measure);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the measuring process.");
    }

    /// <summary>A child's <c>name=value</c> lines.</summary>
    public static IReadOnlyDictionary<string, string> Figures(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0].Trim())
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim());

    /// <summary>Runs a measurement several times in fresh processes and keeps the run with the median <paramref name="by"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> MedianOfAsync(int runs, string by, string measure, params string[] arguments)
    {
        var results = new List<IReadOnlyDictionary<string, string>>();
        for (var i = 0; i < runs; i++)
        {
            results.Add(await RunChildAsync(measure, arguments));
        }

        return results.OrderBy(r => Number(r, by)).ElementAt(runs / 2);
    }

    public static double Number(IReadOnlyDictionary<string, string> figures, string name) =>
        double.Parse(figures[name], CultureInfo.InvariantCulture);

    /// <summary>Peak working set of this process in MiB.</summary>
    public static double PeakMemoryMiB()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.PeakWorkingSet64 / (1024.0 * 1024.0);
    }

    private static async Task<int> MeasureAsync(string measure, string[] args) => measure switch
    {
        "engine" => EngineBenchmark.MeasureOne(Parse(args, "--interactions", 0), Parse(args, "--people", 0), args.Contains("--mapped")),
        "worker" => await Measures.WorkerRun.RunAsync(args),
        "baseline" => await Measures.BaselineRun.RunAsync(args),
        _ => await Task.FromResult(2),
    };

    private static int Parse(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
