using GraphNetworker.Benchmarks.Harness;

namespace GraphNetworker.Benchmarks.Suites;

/// <summary>
/// <c>bench sync</c>: the real worker syncs a lazy tenant from the emulator (its own process) into SQLite or PostgreSQL,
/// at 1× and 4× the mailbox size, each size in fresh processes (median of <c>--runs</c> by backfill time), each process
/// backfilling twice (cold, then warm on a fresh store: see <see cref="Measures.WorkerRun"/>). Prints
/// requests against the minimum, the worker's own CPU and allocation per message, messages per second, the worker's peak
/// memory, and the requests of a second cycle with no new mail against one per folder and calendar.
/// </summary>
internal static class SyncSuite
{
    public static BenchSpec Defaults => new(Users: 4, Messages: 10_000, Events: 40, LatencyMs: 0, Throttling: true, Parallelism: 4);

    public static async Task<int> RunAsync(string[] args)
    {
        var spec = BenchSpec.Parse(args, Defaults);
        var runs = Options.Int(args, "--runs", 3);
        Console.WriteLine("## sync: the real worker, one tenant, 1× and 4× the mailbox size");
        Console.WriteLine();
        Console.WriteLine($"Tenant at 1×: {spec.Describe()}. WriteToOutlook=false (sync, score and plan; no To Do or calendar writes).");
        Console.WriteLine($"Each size: {runs} fresh processes, the run with the median backfill time is shown. The emulator runs in a process of its own: CPU, allocation and memory are the worker's alone.");
        Console.WriteLine($"Minimum requests: {RequestModel.MinimumFormula}.");
        Console.WriteLine();
        Console.WriteLine("| size | tenant | requests | minimum | messages/s | backfill (s) | worker CPU per item, cold (µs) | warm (µs) | warm, without the tiering thread (µs) | allocated per item (KB) | emulator CPU (s) | worker peak memory (MiB) | 2nd cycle requests | folders + calendars + group | 2nd cycle (s) | 2nd cycle worker CPU per mailbox (ms) | 2nd cycle DB commands per mailbox | throttled |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var peaks = new List<double>();
        var restart = new List<double>();
        foreach (var scale in new[] { 1, 4 })
        {
            var sized = spec.Scale(messages: scale);
            var f = await BenchmarkCommand.MedianOfAsync(runs, "backfillSeconds", "worker", [.. sized.ToArgs(), "--warm", "true", "--incremental", "true"]);
            var messages = (double)sized.Users * sized.Messages;
            peaks.Add(Cell.Get(f, "backfillPeakMiB"));
            restart.Add(Cell.Get(f, "restartTieringCpuSeconds"));
            var items = Cell.Get(f, "backfillItems");
            Console.WriteLine($"| {scale}× | {sized.Users} × {sized.Messages:N0} messages + {sized.Events} events | {Cell.N(Cell.Get(f, "backfillRequests"))} | " +
                              $"{RequestModel.Minimum(sized):N0} | {Cell.N(messages / Cell.Get(f, "backfillSeconds"))} | {Cell.F(Cell.Get(f, "backfillSeconds"))} | " +
                              $"{Cell.F(Cell.Get(f, "coldCycleCpuSeconds") / Cell.Get(f, "coldItems") * 1e6)} | {Cell.F(Cell.Get(f, "backfillCycleCpuSeconds") / items * 1e6)} | {Cell.F((Cell.Get(f, "backfillCycleCpuSeconds") - Cell.Get(f, "backfillTieringCpuSeconds")) / items * 1e6)} | {Cell.F(Cell.Get(f, "backfillAllocatedMiB") * 1024 / items, 2)} | {Cell.F(Cell.Get(f, "backfillEmulatorCpuSeconds"))} | " +
                              $"{Cell.N(Cell.Get(f, "backfillPeakMiB"))} | {Cell.N(Cell.Get(f, "incrementalRequests"))} | {RequestModel.Incremental(sized):N0} | " +
                              $"{Cell.F(Cell.Get(f, "incrementalSeconds"), 2)} | {Cell.F(Cell.Get(f, "incrementalCycleCpuSeconds") / sized.Users * 1000, 2)} | " +
                              $"{Cell.F(Cell.Get(f, "incrementalDbCommands") / sized.Users)} | {Cell.N(Cell.Get(f, "backfillThrottled") + Cell.Get(f, "incrementalThrottled"))} |");
        }

        Console.WriteLine();
        Console.WriteLine("Each process backfills the tenant twice: cold (a fresh process: the JIT compiles the worker's code as it first runs, much of the cycle runs unoptimised) " +
                          "and then, by a new worker in the same process on an empty store, warm: what a worker that has been running a while pays per message. Every other figure is the warm backfill's. " +
                          "Before the clock starts, the runtime's tiering thread is let finish recompiling what starting the second worker made hot (the host, EF Core's model, the migrations: code a worker runs once), " +
                          $"{Cell.F(restart.Min(), 2)}–{Cell.F(restart.Max(), 2)} s of its CPU here. The warm CPU includes that thread (its own CPU, read from /proc) recompiling at full optimisation what the backfill itself makes hot; " +
                          "without it, the CPU of the threads doing the work.");
        Console.WriteLine($"Worker peak memory 4× / 1×: {Cell.Ratio(peaks[1], peaks[0])} for 4× the messages per mailbox (memory holds a page per folder in flight, not a mailbox).");
        Console.WriteLine();
        return 0;
    }
}
