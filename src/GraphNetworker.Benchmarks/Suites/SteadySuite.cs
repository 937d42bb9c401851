using System.Globalization;
using GraphNetworker.Benchmarks.Harness;

namespace GraphNetworker.Benchmarks.Suites;

/// <summary>
/// <c>bench steady</c>: what a tenant's hourly cycles cost once it is backfilled. The tenant is backfilled without
/// latency (fast), then Graph's latency is set and a cycle with no new mail runs, then one after a little new mail (a
/// share of the mailboxes get a few messages through the emulator's control API). Prints, per cycle, the worker's own
/// CPU and database commands per mailbox, requests against one per folder and calendar window, the mailboxes scored
/// again, and the wall time against the latency bound.
/// </summary>
internal static class SteadySuite
{
    public static BenchSpec Defaults => new(Users: 1_000, Messages: 50, Events: 4, LatencyMs: 0, Throttling: true, Parallelism: 4);

    public static async Task<int> RunAsync(string[] args)
    {
        var spec = BenchSpec.Parse(args, Defaults);
        var latency = Options.Int(args, "--quiet-latency", 50);
        var share = Options.Double(args, "--share", 0.01);
        var perMailbox = Options.Int(args, "--new-messages", 3);
        var maxParallelism = new GraphNetworker.Graph.SyncOptions().MaxMailboxParallelism;
        Console.WriteLine("## steady: the hourly cycles of a backfilled tenant");
        Console.WriteLine();
        Console.WriteLine($"Tenant: {spec.Describe()}; backfilled at {spec.LatencyMs} ms a request, then every cycle at **{latency} ms** a request. One process: the backfill, a cycle with no new mail, then " +
                          $"{share * 100:0.##}% of the mailboxes (at least one) get {perMailbox} new Inbox messages and a cycle runs. The emulator runs in its own process: CPU and commands are the worker's.");
        Console.WriteLine();
        var f = await BenchmarkCommand.RunChildAsync("worker", [.. spec.ToArgs(), "--quiet-latency", latency.ToString(CultureInfo.InvariantCulture), "--incremental", "true",
            "--steady-share", share.ToString(CultureInfo.InvariantCulture), "--steady-messages", perMailbox.ToString(CultureInfo.InvariantCulture)]);
        var quiet = spec with { LatencyMs = latency };
        var minimum = RequestModel.Incremental(quiet);
        var bound = RequestModel.IncrementalBound(quiet, maxParallelism).TotalSeconds;
        Console.WriteLine("| cycle | mailboxes with new mail | requests | minimum (mail folders + calendars + group) | items stored | mailboxes scored again | wall time (s) | latency bound (s) | worker CPU per mailbox (ms) | DB commands per mailbox | throttled |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| backfill | {spec.Users:N0} | {Cell.N(Cell.Get(f, "backfillRequests"))} | {RequestModel.Minimum(spec):N0} (backfill) | {Cell.N(Cell.Get(f, "backfillItems"))} | {Cell.N(Cell.Get(f, "backfillScored"))} | " +
                          $"{Cell.F(Cell.Get(f, "backfillSeconds"))} | – | {Cell.F(Cell.Get(f, "backfillCycleCpuSeconds") / spec.Users * 1000, 2)} | {Cell.F(Cell.Get(f, "backfillDbCommands") / spec.Users)} | {Cell.N(Cell.Get(f, "backfillThrottled"))} |");
        foreach (var (name, prefix, changed) in new[] { ("no new mail", "incremental", "0"), ("a little new mail", "steady", Cell.N(Cell.Get(f, "steadyMailboxes"))) })
        {
            Console.WriteLine($"| {name} | {changed} | {Cell.N(Cell.Get(f, prefix + "Requests"))} | {minimum:N0} | {Cell.N(Cell.Get(f, prefix + "Items"))} | {Cell.N(Cell.Get(f, prefix + "Scored"))} | " +
                              $"{Cell.F(Cell.Get(f, prefix + "Seconds"))} | {Cell.F(bound)} | **{Cell.F(Cell.Get(f, prefix + "CycleCpuSeconds") / spec.Users * 1000, 2)}** | " +
                              $"**{Cell.F(Cell.Get(f, prefix + "DbCommands") / spec.Users)}** | {Cell.N(Cell.Get(f, prefix + "Throttled"))} |");
        }

        Console.WriteLine();
        Console.WriteLine($"Latency bound of a cycle: {RequestModel.IncrementalBoundFormula} (P = MaxMailboxParallelism = {maxParallelism}).");
        Console.WriteLine($"Requests of the cycle with no new mail, by endpoint: {f.GetValueOrDefault("incrementalEndpoints")}");
        Console.WriteLine($"Throttled in the backfill, by limiter (a mailbox's, or Teams' per tenant): {(f.GetValueOrDefault("backfillThrottledBy") is { Length: > 0 } by ? by : "none")}");
        Console.WriteLine($"Load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}.");
        Console.WriteLine();
        return 0;
    }
}
