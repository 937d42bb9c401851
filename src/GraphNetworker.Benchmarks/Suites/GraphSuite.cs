using GraphNetworker.Benchmarks.Harness;

namespace GraphNetworker.Benchmarks.Suites;

/// <summary>
/// <c>bench graph</c>: a backfill behind modelled latency with Graph's limits on. The worker on the
/// whole tenant: requests against the minimum, wall time against the lower bound the limits allow, throttling. Then the
/// typical-SDK baseline and the worker on the same smaller tenant (the baseline is too slow for the whole one), in fresh
/// processes, and their ratios.
/// </summary>
internal static class GraphSuite
{
    public static BenchSpec Defaults => new(Users: 100, Messages: 5_000, Events: 40, LatencyMs: 50, Throttling: true, Parallelism: 4);

    public static async Task<int> RunAsync(string[] args)
    {
        var spec = BenchSpec.Parse(args, Defaults);
        // The baseline saves each message on its own (≈ 85 messages/s here): it runs on a smaller tenant, next to the worker on the same one.
        var baselineUsers = Options.Int(args, "--baseline-users", 4);
        var baselineMessages = Options.Int(args, "--baseline-messages", 2_500);
        Console.WriteLine("## graph: backfill under latency and Graph's limits, against the minimum, the bound and a typical SDK client");
        Console.WriteLine();
        Console.WriteLine($"Tenant: {spec.Describe()}. The real worker (AddGraphNetworkerWorker, SQLite, WriteToOutlook=false), one fresh process that backfills the tenant twice: cold, then warm (a new worker in the same process on an empty store, its code compiled and tuned by the first backfill, as in a worker running for hours through a large tenant's backfill).");
        Console.WriteLine($"Minimum requests: {RequestModel.MinimumFormula}.");
        Console.WriteLine($"Lower bound: {RequestModel.BoundFormula}");
        Console.WriteLine();

        var worker = await BenchmarkCommand.RunChildAsync("worker", [.. spec.ToArgs(), "--warm", "true"]);
        var bound = RequestModel.LowerBound(spec, BenchSpec.PageSize).TotalSeconds;
        Console.WriteLine("| backfill | requests | minimum | wall time (s) | lower bound (s) | wall / bound | worker CPU (s) | emulator CPU (s) | messages/s | throttled (429) | max in flight per mailbox | failed mailboxes |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, prefix) in new[] { ("cold (a fresh process)", "cold"), ("warm", "backfill") })
        {
            var seconds = Cell.Get(worker, prefix + "Seconds");
            Console.WriteLine($"| {name} | {Cell.N(Cell.Get(worker, prefix + "Requests"))} | {RequestModel.Minimum(spec):N0} | {Cell.F(seconds)} | {Cell.F(bound)} | {Cell.Ratio(seconds, bound)} | " +
                              $"{Cell.F(Cell.Get(worker, prefix + "CycleCpuSeconds"))} | {Cell.F(Cell.Get(worker, prefix + "EmulatorCpuSeconds"))} | {Cell.N((double)spec.Users * spec.Messages / seconds)} | " +
                              $"{Cell.N(Cell.Get(worker, prefix + "Throttled"))} | {Cell.N(Cell.Get(worker, prefix + "MaxConcurrency"))} | {Cell.N(Cell.Get(worker, prefix + "Failed"))} |");
        }

        Console.WriteLine();
        Console.WriteLine($"Worker peak memory: {Cell.N(Cell.Get(worker, "backfillPeakMiB"))} MiB.");
        Console.WriteLine();
        Console.WriteLine($"Requests by endpoint: {worker.GetValueOrDefault("backfillEndpoints")}");
        Console.WriteLine();

        if (baselineUsers <= 0)
        {
            // --baseline-users 0: the worker's figures alone.
            return 0;
        }

        var small = spec with { Users = baselineUsers, Messages = baselineMessages };
        Console.WriteLine($"### Baseline: a typical Graph SDK client, same run, on {small.Users} mailboxes × {small.Messages:N0} messages (same latency, limits and MailboxParallelism)");
        Console.WriteLine();
        Console.WriteLine("The baseline: GraphServiceClient with the SDK's default handlers (its RetryHandler), no Prefer: odata.maxpagesize (pages of 10), " +
                          "Messages.Delta.GetAsDeltaGetResponseAsync() with the same $select and a PageIterator per folder, folders one after another found by recursion " +
                          "over MailFolders/ChildFolders (the worker's skipped folders skipped by display name), then the calendar view delta; one EF Core SaveChanges per " +
                          "message into the schema such a client writes (a row per item, ids as text, participants as JSON, in SQLite); mailboxes in parallel up to MailboxParallelism. " +
                          "It reads no mailbox settings and no well-known folder ids (the worker's 12 discovery requests per mailbox).");
        Console.WriteLine();
        var baseline = await BenchmarkCommand.RunChildAsync("baseline", small.ToArgs());
        var same = await BenchmarkCommand.RunChildAsync("worker", small.ToArgs());
        Console.WriteLine("| client | requests | wall time (s) | latency bound (s) | DB commands | SaveChanges | items stored | throttled (429) | peak memory (MiB) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        Row("typical SDK client", baseline, "baseline", RequestModel.SequentialBound(small, BenchSpec.DefaultPageSize, discovery: 1));
        Row("GraphNetworker worker", same, "backfill", RequestModel.LowerBound(small, BenchSpec.PageSize));
        Console.WriteLine($"| **baseline / worker** | **{Ratio(baseline, same, "Requests")}** | **{Ratio(baseline, same, "Seconds")}** | | **{Ratio(baseline, same, "DbCommands")}** | " +
                          $"**{Ratio(baseline, same, "SaveChanges")}** | | | {Ratio(baseline, same, "PeakMiB")} |");
        Console.WriteLine();
        var projected = RequestModel.SequentialBound(spec, BenchSpec.DefaultPageSize, discovery: 1).TotalSeconds;
        Console.WriteLine($"On the whole tenant ({spec.Users} × {spec.Messages:N0}) the baseline would make {RequestModel.Baseline(spec):N0} requests (the worker: {RequestModel.Minimum(spec):N0}) " +
                          $"and spend at least {projected / 60:0.0} min waiting on latency alone (computed from its request pattern, not run; the worker's bound is {RequestModel.LowerBound(spec, BenchSpec.PageSize).TotalSeconds:0.0} s).");
        Console.WriteLine($"Baseline requests by endpoint: {baseline.GetValueOrDefault("baselineEndpoints")}");
        Console.WriteLine();
        return 0;
    }

    private static void Row(string name, IReadOnlyDictionary<string, string> f, string prefix, TimeSpan bound) =>
        Console.WriteLine($"| {name} | {Cell.N(Cell.Get(f, prefix + "Requests"))} | {Cell.F(Cell.Get(f, prefix + "Seconds"))} | {Cell.F(bound.TotalSeconds)} | " +
                          $"{Cell.N(Cell.Get(f, prefix + "DbCommands"))} | {Cell.N(Cell.Get(f, prefix + "SaveChanges"))} | {Cell.N(Cell.Get(f, prefix + "Items"))} | " +
                          $"{Cell.N(Cell.Get(f, prefix + "Throttled"))} | {Cell.N(Cell.Get(f, prefix + "PeakMiB"))} |");

    private static string Ratio(IReadOnlyDictionary<string, string> baseline, IReadOnlyDictionary<string, string> worker, string figure) =>
        Cell.Ratio(Cell.Get(baseline, "baseline" + figure), Cell.Get(worker, "backfill" + figure));
}
