using System.Diagnostics;
using System.Globalization;

namespace GraphNetworker.Benchmarks.Harness;

/// <summary>A measuring child's output: one <c>name=value</c> line per figure, read back by <see cref="BenchmarkCommand.RunChildAsync"/>.</summary>
internal static class Figures
{
    public static void Print(string name, double value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}={value:R}"));

    public static void Print(string name, string value) => Console.WriteLine($"{name}={value}");

    /// <summary>Peak working set, current managed heap and CPU time of this process.</summary>
    public static void PrintProcess(string prefix)
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Print(prefix + "PeakMiB", self.PeakWorkingSet64 / (1024.0 * 1024.0));
        Print(prefix + "HeapMiB", GC.GetTotalMemory(forceFullCollection: false) / (1024.0 * 1024.0));
        Print(prefix + "CpuSeconds", self.TotalProcessorTime.TotalSeconds);
        Print(prefix + "JitMethods", System.Runtime.JitInfo.GetCompiledMethodCount());
        Print(prefix + "JitSeconds", System.Runtime.JitInfo.GetCompilationTime().TotalSeconds);
    }

    public static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>
    /// CPU time of the runtime's background tiering thread (Linux: its name in <c>/proc</c>): the JIT recompiling a
    /// process's hot methods at full optimisation once they have run a while: paid while its code becomes hot, not for
    /// the items it works on; zero where the thread cannot be read.
    /// </summary>
    public static TimeSpan TieringCpuTime()
    {
        var total = TimeSpan.Zero;
        if (!OperatingSystem.IsLinux())
        {
            return total;
        }

        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                {
                    continue;
                }

                // Fields after the command's closing parenthesis: state is the first, utime and stime the 12th and 13th.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                total += TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return total;
    }

    /// <summary>
    /// Waits until the tiering thread has been idle for <paramref name="quiet"/> (at most <paramref name="longest"/>): the
    /// recompiling that what came before queued is done before a measured cycle starts.
    /// </summary>
    public static async Task SettleTieringAsync(TimeSpan quiet, TimeSpan longest)
    {
        var deadline = Stopwatch.StartNew();
        var last = TieringCpuTime();
        var idle = Stopwatch.StartNew();
        while (idle.Elapsed < quiet && deadline.Elapsed < longest)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
            var now = TieringCpuTime();
            if (now != last)
            {
                (last, idle) = (now, Stopwatch.StartNew());
            }
        }
    }

    // USER_HZ: 100 on every Linux the runtime supports.
    private const int ClockTicksPerSecond = 100;
}

/// <summary>Markdown table cells and ratios for the suites' printed tables.</summary>
internal static class Cell
{
    public static double Get(IReadOnlyDictionary<string, string> figures, string name) =>
        figures.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : double.NaN;

    public static string N(double value) => double.IsNaN(value) ? "–" : value.ToString("N0", CultureInfo.InvariantCulture);

    public static string F(double value, int decimals = 1) => double.IsNaN(value) ? "–" : value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    public static string Ratio(double value, double of) => of == 0 || double.IsNaN(value) || double.IsNaN(of) ? "–" : (value / of).ToString("0.00", CultureInfo.InvariantCulture) + "×";
}
