using System.Diagnostics;
using GraphNetworker.Benchmarks.Harness;
using GraphNetworker.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GraphNetworker.Benchmarks.Suites;

/// <summary>
/// <c>bench scaleout</c>: two worker processes on one PostgreSQL database against one, on a latency-bound backfill (the
/// deployment's replicas share a tenant through the mailbox leases). The parent starts the emulator and the database;
/// each worker process attaches to them and runs one cycle. Prints the throughput of each, their ratio, mailboxes
/// synced by both (work done twice) and mailboxes that failed (a lease lost, a conflict). By default (<c>--warm true</c>)
/// each worker process first backfills the tenant into a private database of its own, so the measured cycle runs the
/// way a replica that has been up a while does, its code compiled and tuned; the workers then start the measured cycle
/// together. <c>--warm false</c> measures processes straight from their start.
/// </summary>
internal static class ScaleOutSuite
{
    public static BenchSpec Defaults => new(Users: 200, Messages: 200, Events: 10, LatencyMs: 100, Throttling: true, Parallelism: 4, Store: BenchStore.Postgres);

    public static async Task<int> RunAsync(string[] args)
    {
        var spec = BenchSpec.Parse(args, Defaults) with { Store = BenchStore.Postgres };
        var warm = Options.Bool(args, "--warm", true);
        Console.WriteLine("## scale-out: two worker processes on one PostgreSQL database against one");
        Console.WriteLine();
        Console.WriteLine($"Tenant: {spec.Describe()}. The emulator in its own process; each worker process runs one backfill cycle of the whole tenant" +
                          (warm ? ", after a warm-up backfill of its own into a private database (the workers start the measured cycle together)." : ", straight from its start (--warm false)."));
        Console.WriteLine();
        await using var tenant = await BenchTenant.StartAsync(spec, CancellationToken.None);
        var one = await RunAsync(tenant, spec, processes: 1, warm);
        var two = await RunAsync(tenant, spec, processes: 2, warm);
        Console.WriteLine("| workers | backfill (s) | messages/s | processes' wall time (s) | workers' CPU (s) | emulator's CPU (s) | mailboxes synced (sum over workers) | synced by more than one | skipped (leased elsewhere) | failed | lower bound for one worker (s) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (processes, run) in new[] { (1, one), (2, two) })
        {
            Console.WriteLine($"| {processes} | {Cell.F(run.Backfill)} | {Cell.N(run.Messages / run.Backfill)} | {Cell.F(run.Seconds)} | {Cell.F(run.WorkerCpu)} | {Cell.F(run.EmulatorCpu)} | {run.Synced} | {Math.Max(0, run.Synced - spec.Users)} | {run.Skipped} | {run.Failed} | " +
                              $"{Cell.F(RequestModel.LowerBound(spec, BenchSpec.PageSize).TotalSeconds)} |");
        }

        Console.WriteLine();
        Console.WriteLine($"Throughput two workers / one: **{one.Backfill / two.Backfill:0.00}×** over the backfill (from the first worker's cycle start to the last one's end; " +
                          (warm ? $"{one.Seconds / two.Seconds:0.00}× from the signal to start to the processes' exit); " : $"{one.Seconds / two.Seconds:0.00}× over the processes' lifetimes, which add each process's start: the host, the database's first connections, the JIT); ") +
                          $"load average {File.ReadAllText("/proc/loadavg").Trim()}.");
        Console.WriteLine();
        return 0;
    }

    /// <summary>One run: the processes' wall time, the backfill's span over all of them, and what they did.</summary>
    private sealed record Run(double Seconds, double Backfill, double WorkerCpu, double EmulatorCpu, double Messages, int Synced, int Skipped, int Failed);

    private static async Task<Run> RunAsync(BenchTenant tenant, BenchSpec spec, int processes, bool warm)
    {
        var go = Path.Combine(tenant.DataFolder, "go-" + Guid.NewGuid().ToString("N")[..8]);
        var name = "gn_scaleout_" + Guid.NewGuid().ToString("N")[..8];
        var connection = await BenchTenant.CreatePostgresDatabaseAsync(name, CancellationToken.None);
        try
        {
            await MigrateAsync(connection);
            var watch = Stopwatch.StartNew();
            var children = Enumerable.Range(1, processes).Select(i => BenchmarkCommand.StartChild("worker",
                [.. spec.ToArgs(), .. warm ? new[] { "--warm", "true", "--wait-for", go } : []],
                new Dictionary<string, string>
                {
                    [BenchTenant.AttachVariable] = tenant.Attached(connection),
                    ["GRAPHNETWORKER_BENCH_WORKER"] = $"bench-{i}",
                })).ToList();
            if (warm)
            {
                // Every worker has warmed up (its own backfill into a private database) before any starts the measured cycle.
                foreach (var child in children)
                {
                    while (await child.StandardOutput.ReadLineAsync() is { } line && line != "ready=1")
                    {
                    }
                }

                watch.Restart();
                await File.WriteAllTextAsync(go, "go");
            }

            var workers = children.Select(child => (Child: child, Output: child.StandardOutput.ReadToEndAsync())).ToList();
            var figures = new List<IReadOnlyDictionary<string, string>>();
            foreach (var (child, output) in workers)
            {
                var text = await output;
                await child.WaitForExitAsync();
                figures.Add(BenchmarkCommand.Figures(text));
                child.Dispose();
            }

            watch.Stop();
            return new Run(
                watch.Elapsed.TotalSeconds,
                (figures.Max(f => Cell.Get(f, "backfillEndedAtMs")) - figures.Min(f => Cell.Get(f, "backfillStartedAtMs"))) / 1000.0,
                figures.Sum(f => Cell.Get(f, "backfillCycleCpuSeconds")),

                // Each worker reads the emulator's CPU over its own cycle: with two at once, the longer reading spans both.
                figures.Max(f => Cell.Get(f, "backfillEmulatorCpuSeconds")),
                (double)spec.Users * spec.Messages,
                figures.Sum(f => (int)Cell.Get(f, "backfillSynced")),
                figures.Sum(f => (int)Cell.Get(f, "backfillSkipped")),
                figures.Sum(f => (int)Cell.Get(f, "backfillFailed")));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Database = "postgres" }.ConnectionString);
            await server.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The schema first, so the workers start together on a ready database (each would migrate, one at a time).</summary>
    private static async Task MigrateAsync(string connection)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GraphNetworker:Store:Provider"] = "PostgreSql",
            ["GraphNetworker:Store:ConnectionString"] = connection,
        }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddGraphNetworkerStore().BuildServiceProvider();
        await services.GetRequiredService<StoreMigrator>().MigrateAsync(CancellationToken.None);
    }
}
