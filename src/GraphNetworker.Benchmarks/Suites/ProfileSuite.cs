using System.Diagnostics;
using System.Globalization;
using GraphNetworker.Benchmarks.Harness;
using GraphNetworker.Benchmarks.Profiling;

namespace GraphNetworker.Benchmarks.Suites;

/// <summary>
/// <c>bench profile</c>: where the worker's own CPU goes in a backfill, by stage. The measuring child sets up (emulator
/// process, database, the worker's services) and waits; <c>dotnet-trace</c> (the repository's local tool) attaches to it
/// with the thread-time sampler; the child runs one backfill cycle and exits, which ends the trace. The samples are
/// given to stages (<see cref="StageProfile"/>) and printed against the child's measured CPU time per message.
/// </summary>
internal static class ProfileSuite
{
    public static BenchSpec Defaults => new(Users: 4, Messages: 10_000, Events: 40, LatencyMs: 0, Throttling: true, Parallelism: 4);

    public static async Task<int> RunAsync(string[] args)
    {
        var spec = BenchSpec.Parse(args, Defaults);
        var warm = Options.Bool(args, "--warm", true);
        string[] worker = [.. spec.ToArgs(), "--warm", warm ? "true" : "false"];
        var folder = Directory.CreateTempSubdirectory("gn-profile-").FullName;
        var go = Path.Combine(folder, "go");
        var trace = Path.Combine(folder, "worker.nettrace");
        Console.WriteLine("## profile: the worker's CPU by stage, from a sampled profile of one backfill");
        Console.WriteLine();
        Console.WriteLine($"Tenant: {spec.Describe()}. The emulator runs in its own process; the profile is of the worker's process during the cycle" +
                          (warm ? ": the warm backfill, by a second worker in a process whose first backfilled the tenant (--warm false: a fresh process's)." : ": a fresh process's first backfill."));
        Console.WriteLine();

        // The sampler suspends the process's threads to walk their stacks, which costs the process CPU of its own: the
        // shares come from the profiled run, the CPU they divide from the same backfill run without the profiler.
        var plain = await BenchmarkCommand.RunChildAsync("worker", worker);
        // The runtime's tiering thread (recompiling hot methods) has no managed frame, so no stage: the shares divide the
        // CPU of the other threads, the ones doing the work.
        var plainCpu = (Cell.Get(plain, "backfillCycleCpuSeconds") - Cell.Get(plain, "backfillTieringCpuSeconds")) / Cell.Get(plain, "backfillItems");
        var tieringCpu = Cell.Get(plain, "backfillTieringCpuSeconds") / Cell.Get(plain, "backfillItems");

        using var child = BenchmarkCommand.StartChild("worker", [.. worker, "--wait-for", go]);
        string? ready;
        while ((ready = await child.StandardOutput.ReadLineAsync()) is not null && ready != "ready=1")
        {
            // The warm-up backfill's figures.
        }

        if (ready != "ready=1")
        {
            throw new InvalidOperationException("The measuring process ended before it got ready.");
        }

        using var tracer = Process.Start(Tool("dotnet-trace", "collect", "-p", child.Id.ToString(CultureInfo.InvariantCulture),
            "--profile", "dotnet-sampled-thread-time", "--format", "Speedscope", "-o", trace)) ?? throw new InvalidOperationException("dotnet-trace did not start.");
        await Task.Delay(TimeSpan.FromSeconds(3), TimeProvider.System);
        await File.WriteAllTextAsync(go, "go");
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        await tracer.WaitForExitAsync();
        var figures = BenchmarkCommand.Figures(output);

        var speedscope = Path.ChangeExtension(trace, ".speedscope.json");
        var profile = StageProfile.Read(speedscope);
        var cpu = Cell.Get(figures, "backfillCycleCpuSeconds");
        var items = Cell.Get(figures, "backfillItems");
        Console.WriteLine($"Backfill: {Cell.N(items)} items, worker CPU **{plainCpu * 1e6:0.0} µs per item** without the profiler and without the runtime's tiering thread " +
                          $"({tieringCpu * 1e6:0.0} µs more with it; {cpu / items * 1e6:0.0} µs under the profiler, all threads; " +
                          $"the emulator: {Cell.F(Cell.Get(figures, "backfillEmulatorCpuSeconds"), 2)} s in its own process).");
        Console.WriteLine();
        Console.WriteLine("| stage | share of managed samples | CPU per item (µs, share × CPU without the profiler) |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var stage in StageProfile.Stages)
        {
            var share = profile.Milliseconds[stage] / profile.TotalMilliseconds;
            Console.WriteLine($"| {stage} | {share * 100:0.0}% | {share * plainCpu * 1e6:0.0} |");
        }

        // Per mailbox, from the run without the profiler: what a mailbox's backfill costs whatever its size (scale-out's limiter).
        var mailboxes = Cell.Get(plain, "backfillSynced");
        Console.WriteLine($"Per mailbox ({Cell.N(mailboxes)} synced): worker CPU **{Cell.Get(plain, "backfillCycleCpuSeconds") / mailboxes * 1e3:0.0} ms**, " +
                          $"**{Cell.Get(plain, "backfillDbCommands") / mailboxes:0.0} EF Core statements** ({Cell.Get(plain, "backfillSaveChanges") / mailboxes:0.0} SaveChanges; " +
                          "the page rows written and read on the provider's own commands are not counted). By kind, per mailbox:");
        Console.WriteLine();
        Console.WriteLine("| statement | per mailbox |");
        Console.WriteLine("|---|---:|");
        foreach (var kind in (plain.TryGetValue("backfillStatementKinds", out var kinds) ? kinds : "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = kind.LastIndexOf(':');
            Console.WriteLine($"| {kind[..at]} | {double.Parse(kind[(at + 1)..], CultureInfo.InvariantCulture) / mailboxes:0.00} |");
        }

        Console.WriteLine();
        Console.WriteLine($"Exceptions thrown in the worker's process during the backfill (caught or not; each costs microseconds): " +
                          $"**{Cell.Get(plain, "backfillExceptions") / mailboxes:0.0} per mailbox**, {Cell.Get(plain, "backfillExceptions") / Math.Max(1, Cell.Get(plain, "backfillItems")):0.0000} per item" +
                          (plain.TryGetValue("backfillExceptionKinds", out var thrown) && thrown.Length > 0 ? $" ({thrown.Replace(";", ", ", StringComparison.Ordinal)})." : "."));
        Console.WriteLine();
        var ingest = StageProfile.Ingest.Sum(stage => profile.Milliseconds[stage]) / profile.TotalMilliseconds;
        Console.WriteLine();
        Console.WriteLine($"Getting an item into the store (http, parsing, mapping, page commits): **{ingest * plainCpu * 1e6:0.0} µs per item**; the rest is scoring the mailbox after its backfill and the cycle's own work.");
        Console.WriteLine();
        Console.WriteLine($"Stages: the nearest product frame of each sample decides (mapping for a JSON read inside a mapper, parsing inside the page fetch), then the nearest library " +
                          $"(http: System.Net, Kiota, the Graph SDK, Polly; storage: EF Core, the ADO.NET providers). Threads with no managed frame are not attributed. Trace: {speedscope}");
        Console.WriteLine();
        return 0;
    }

    /// <summary>A local .NET tool of the repository (<c>.config/dotnet-tools.json</c>, installed by <c>dotnet tool restore</c>).</summary>
    private static ProcessStartInfo Tool(string name, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, WorkingDirectory = RepositoryRoot() };
        start.ArgumentList.Add("tool");
        start.ArgumentList.Add("run");
        start.ArgumentList.Add(name);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, ".config", "dotnet-tools.json")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository's tool manifest (.config/dotnet-tools.json) was not found above the benchmark.");
    }
}
