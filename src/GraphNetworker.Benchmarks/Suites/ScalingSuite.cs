using GraphNetworker.Benchmarks.Harness;

namespace GraphNetworker.Benchmarks.Suites;

/// <summary>
/// <c>bench scaling</c> (issue 6 §3): the graph suite's backfill at 1×, 2× and 4× the messages per mailbox and 1×, 2×
/// and 4× the mailboxes, each case in a fresh process: time and peak memory, with ratios against 1×.
/// </summary>
internal static class ScalingSuite
{
    public static BenchSpec Defaults => new(Users: 10, Messages: 2_500, Events: 40, LatencyMs: 50, Throttling: true, Parallelism: 4);

    public static async Task<int> RunAsync(string[] args)
    {
        var spec = BenchSpec.Parse(args, Defaults);
        var runs = Options.Int(args, "--runs", 1);
        Console.WriteLine("## scaling: messages per mailbox and mailboxes at 1×, 2×, 4×");
        Console.WriteLine();
        Console.WriteLine($"1× = {spec.Describe()}. The real worker, one backfill cycle per case, each case in {(runs == 1 ? "a fresh process" : $"{runs} fresh processes (median by time)")}.");
        Console.WriteLine();
        Console.WriteLine("| case | mailboxes | messages/mailbox | messages | requests | minimum | time (s) | time / 1× | messages / 1× | lower bound (s) | CPU time (s) | peak memory (MiB) | heap after (MiB) | throttled |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        IReadOnlyDictionary<string, string>? first = null;
        foreach (var (name, messages, users) in new[] { ("1×", 1, 1), ("2× messages", 2, 1), ("4× messages", 4, 1), ("2× mailboxes", 1, 2), ("4× mailboxes", 1, 4) })
        {
            var sized = spec.Scale(messages, users);
            var f = await BenchmarkCommand.MedianOfAsync(runs, "backfillSeconds", "worker", sized.ToArgs());
            first ??= f;
            Console.WriteLine($"| {name} | {sized.Users} | {sized.Messages:N0} | {(long)sized.Users * sized.Messages:N0} | {Cell.N(Cell.Get(f, "backfillRequests"))} | {RequestModel.Minimum(sized):N0} | " +
                              $"{Cell.F(Cell.Get(f, "backfillSeconds"))} | {Cell.Ratio(Cell.Get(f, "backfillSeconds"), Cell.Get(first, "backfillSeconds"))} | {messages * users}× | " +
                              $"{Cell.F(RequestModel.LowerBound(sized, BenchSpec.PageSize).TotalSeconds)} | {Cell.F(Cell.Get(f, "backfillCycleCpuSeconds"))} | " +
                              $"{Cell.N(Cell.Get(f, "backfillPeakMiB"))} | {Cell.N(Cell.Get(f, "backfillHeapMiB"))} | {Cell.N(Cell.Get(f, "backfillThrottled"))} |");
        }

        Console.WriteLine();
        return 0;
    }
}
