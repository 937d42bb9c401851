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
        switch (suite)
        {
            case "engine":
                return await EngineBenchmark.CompareAsync(Parse(args, "--interactions", 1_000_000), Parse(args, "--people", 100_000));
            default:
                Console.WriteLine("""
                    usage: bench <suite> [options]
                      engine   [--interactions 1000000] [--people 100000]   score and plan at 1x and 2x the input
                    """);
                return suite == "help" ? 0 : 2;
        }
    }

    /// <summary>Runs this program again as a child measuring one case, and returns its printed figures.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> RunChildAsync(string measure, params string[] arguments)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot locate the benchmark executable.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
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

        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the measuring process.");
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"Measuring '{measure}' failed with exit code {child.ExitCode}: {output}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim());
    }

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
        "engine" => EngineBenchmark.MeasureOne(Parse(args, "--interactions", 0), Parse(args, "--people", 0)),
        "worker" => await Measures.WorkerRun.RunAsync(args),
        _ => await Task.FromResult(2),
    };

    private static int Parse(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
