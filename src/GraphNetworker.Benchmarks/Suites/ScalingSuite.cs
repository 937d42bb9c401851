using GraphNetworker.Benchmarks.Harness;

namespace GraphNetworker.Benchmarks.Suites;

/// <summary>
/// <c>bench scaling</c>: the graph suite's backfill at 1×, 2× and 4× the messages per mailbox and 1×, 2×
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
        var times = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, messages, users) in new[] { ("1×", 1, 1), ("2× messages", 2, 1), ("4× messages", 4, 1), ("2× mailboxes", 1, 2), ("4× mailboxes", 1, 4) })
        {
            var sized = spec.Scale(messages, users);
            var f = await BenchmarkCommand.MedianOfAsync(runs, "backfillSeconds", "worker", sized.ToArgs());
            first ??= f;
            times[name] = Cell.Get(f, "backfillSeconds");
            Console.WriteLine($"| {name} | {sized.Users} | {sized.Messages:N0} | {(long)sized.Users * sized.Messages:N0} | {Cell.N(Cell.Get(f, "backfillRequests"))} | {RequestModel.Minimum(sized):N0} | " +
                              $"{Cell.F(Cell.Get(f, "backfillSeconds"))} | {Cell.Ratio(Cell.Get(f, "backfillSeconds"), Cell.Get(first, "backfillSeconds"))} | {messages * users}× | " +
                              $"{Cell.F(RequestModel.LowerBound(sized, BenchSpec.PageSize).TotalSeconds)} | {Cell.F(Cell.Get(f, "backfillCycleCpuSeconds"))} | " +
                              $"{Cell.N(Cell.Get(f, "backfillPeakMiB"))} | {Cell.N(Cell.Get(f, "backfillHeapMiB"))} | {Cell.N(Cell.Get(f, "backfillThrottled"))} |");
        }

        Console.WriteLine();

        // Each process pays a fixed start (JIT warm-up of EF Core, Kestrel and the SDK, the emulator, migrations): the slope shows the cost per item.
        var perMessage = (times["4× messages"] - times["1×"]) / (3.0 * spec.Users * spec.Messages) * 1000;
        var perMailbox = (times["4× mailboxes"] - times["1×"]) / (3.0 * spec.Users);
        Console.WriteLine($"Marginal cost (slope from 1× to 4×, which removes the fixed start of each process): {perMessage:0.000} ms per message from more messages per mailbox, " +
                          $"{perMailbox:0.00} s per mailbox of {spec.Messages:N0} messages ({perMailbox / spec.Messages * 1000:0.000} ms per message) from more mailboxes; " +
                          $"fixed part ≈ {times["1×"] - (perMessage / 1000 * spec.Users * spec.Messages):0.0} s.");
        Console.WriteLine();
        return 0;
    }
}
