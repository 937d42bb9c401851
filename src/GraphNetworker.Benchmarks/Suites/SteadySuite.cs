using GraphNetworker.Benchmarks.Harness;

namespace GraphNetworker.Benchmarks.Suites;

/// <summary>
/// <c>bench steady</c>: after a backfill, an incremental cycle over the whole tenant with nothing new, then
/// one after a little new mail (a share of the mailboxes get a few messages through the emulator's control API).
/// </summary>
internal static class SteadySuite
{
    public static BenchSpec Defaults => new(Users: 100, Messages: 1_000, Events: 40, LatencyMs: 50, Throttling: true, Parallelism: 4);

    public static async Task<int> RunAsync(string[] args)
    {
        var spec = BenchSpec.Parse(args, Defaults);
        var share = Options.Double(args, "--share", 0.01);
        var perMailbox = Options.Int(args, "--new-messages", 3);
        Console.WriteLine("## steady: incremental cycles over the whole tenant after the backfill");
        Console.WriteLine();
        Console.WriteLine($"Tenant: {spec.Describe()}. One process: backfill, a cycle with no new mail, then {share * 100:0.##}% of the mailboxes (at least one) get {perMailbox} new Inbox messages and a cycle runs.");
        Console.WriteLine("Each cycle also reads the opt-in group (1 request) and scores and plans every mailbox again (relationships decay with time).");
        Console.WriteLine();
        var f = await BenchmarkCommand.RunChildAsync("worker", [.. spec.ToArgs(), "--incremental", "true",
            "--steady-share", share.ToString(System.Globalization.CultureInfo.InvariantCulture), "--steady-messages", perMailbox.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var minimum = RequestModel.Incremental(spec);
        var bound = spec.LatencyMs * (1 + Math.Ceiling(spec.Users / (double)spec.Parallelism)) / 1000.0;
        Console.WriteLine("| cycle | mailboxes with new mail | new messages | requests | minimum (folders + calendars + group) | items stored | time (s) | latency bound (s) | CPU time (s) | DB commands | throttled |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| backfill | – | {(long)spec.Users * spec.Messages:N0} | {Cell.N(Cell.Get(f, "backfillRequests"))} | {RequestModel.Minimum(spec):N0} (backfill minimum) | {Cell.N(Cell.Get(f, "backfillItems"))} | " +
                          $"{Cell.F(Cell.Get(f, "backfillSeconds"))} | {Cell.F(RequestModel.LowerBound(spec, BenchSpec.PageSize).TotalSeconds)} | {Cell.F(Cell.Get(f, "backfillCycleCpuSeconds"))} | {Cell.N(Cell.Get(f, "backfillDbCommands"))} | {Cell.N(Cell.Get(f, "backfillThrottled"))} |");
        Console.WriteLine($"| no new mail | 0 | 0 | {Cell.N(Cell.Get(f, "incrementalRequests"))} | {minimum:N0} | {Cell.N(Cell.Get(f, "incrementalItems"))} | {Cell.F(Cell.Get(f, "incrementalSeconds"))} | {Cell.F(bound)} | " +
                          $"{Cell.F(Cell.Get(f, "incrementalCycleCpuSeconds"))} | {Cell.N(Cell.Get(f, "incrementalDbCommands"))} | {Cell.N(Cell.Get(f, "incrementalThrottled"))} |");
        Console.WriteLine($"| a little new mail | {Cell.N(Cell.Get(f, "steadyMailboxes"))} | {Cell.N(Cell.Get(f, "steadyMessages"))} | {Cell.N(Cell.Get(f, "steadyRequests"))} | {minimum:N0} | {Cell.N(Cell.Get(f, "steadyItems"))} | " +
                          $"{Cell.F(Cell.Get(f, "steadySeconds"))} | {Cell.F(bound)} | {Cell.F(Cell.Get(f, "steadyCycleCpuSeconds"))} | {Cell.N(Cell.Get(f, "steadyDbCommands"))} | {Cell.N(Cell.Get(f, "steadyThrottled"))} |");
        Console.WriteLine();
        Console.WriteLine($"Incremental latency bound: L × (1 + ceil(N/P)): the group, then per mailbox its folders' and calendar's delta pages in parallel (one each, ≤ 4 lanes).");
        Console.WriteLine($"Incremental requests by endpoint: {f.GetValueOrDefault("incrementalEndpoints")}");
        Console.WriteLine();
        return 0;
    }
}
