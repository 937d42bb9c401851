using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using GraphNetworker.Benchmarks.Harness;
using GraphNetworker.Store;
using GraphNetworker.Worker.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Benchmarks.Measures;

/// <summary>
/// Child process: the real worker backfills a benchmark tenant in one cycle (<c>CyclePipeline.RunOnceAsync</c>), then
/// optionally runs an incremental cycle with no new mail (<c>--incremental true</c>) and one after a little new mail
/// (<c>--steady-share 0.01 --steady-messages 3</c>). Prints requests (emulator statistics), time (Stopwatch), items,
/// throttling, database commands, CPU time and peak memory of this process (the worker alone: the emulator runs in its
/// own process, whose CPU time is printed apart). With <c>--warm true</c> the backfill is measured a second time, by a
/// worker started afresh in the same process on an empty store, after the first has compiled and tuned the code
/// (<c>--warm-ups N</c>: N backfills before the measured one), once the runtime has recompiled what starting that worker
/// made hot.
/// </summary>
internal static class WorkerRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var spec = BenchSpec.Parse(args, new BenchSpec(4, 1000, 40, 0, true, 4));
        using var db = new DbCounter();
        using var allocations = Options.Bool(args, "--allocation-types", false) ? new AllocationSampler() : null;
        await using var tenant = Environment.GetEnvironmentVariable(BenchTenant.AttachVariable) is { Length: > 0 } attached
            ? await BenchTenant.AttachAsync(spec, attached, CancellationToken.None)
            : await BenchTenant.StartAsync(spec, CancellationToken.None);
        var warm = Options.Bool(args, "--warm", false);
        if (warm)
        {
            // A worker runs for days: its code is compiled and tuned after its first minutes. The same backfill is run
            // once cold (printed as "cold…"), then again by a new worker in this process on a fresh store, measured.
            await tenant.StartWarmUpWorkerAsync(CancellationToken.None);
            await CycleAsync("cold", tenant, tenant.Get<CyclePipeline>(), db, allocations);
            for (var again = 1; again < Options.Int(args, "--warm-ups", 1); again++)
            {
                await tenant.RestartWorkerOnFreshStoreAsync(CancellationToken.None);
                await CycleAsync("warmup" + again, tenant, tenant.Get<CyclePipeline>(), db, allocations);
            }

            // Starting a worker again (its host, EF Core's model, the migrations of its fresh store) makes code hot that a
            // worker runs once: the tiering thread's recompiling of it is let finish before the clock starts, and printed,
            // so the measured backfill's tiering CPU is the recompiling the backfill itself causes.
            var restartTiering = Figures.TieringCpuTime();
            await tenant.RestartWorkerOnFreshStoreAsync(CancellationToken.None);
            await Figures.SettleTieringAsync(quiet: TimeSpan.FromSeconds(1), longest: TimeSpan.FromSeconds(30));
            Figures.Print("restartTieringCpuSeconds", (Figures.TieringCpuTime() - restartTiering).TotalSeconds);
        }
        else
        {
            await tenant.StartWorkerAsync(CancellationToken.None);
        }

        var pipeline = tenant.Get<CyclePipeline>();

        // A profiler attaches before the cycle named by --wait-at (the backfill unless told), which starts once the parent
        // creates the --wait-for file.
        var waitAt = Options.Value(args, "--wait-at") ?? "backfill";
        await WaitForSignalAsync(args, waitAt == "backfill");
        await CycleAsync("backfill", tenant, pipeline, db, allocations);
        Figures.PrintProcess("backfill");

        if (Options.Value(args, "--quiet-latency") is { } quietLatency)
        {
            // Backfilled fast, the quiet cycles then pay Graph's latency: what a tenant's hourly cycles cost.
            await tenant.Emulator.SetLatencyAsync(TimeSpan.FromMilliseconds(int.Parse(quietLatency, CultureInfo.InvariantCulture)));
        }

        if (Options.Bool(args, "--incremental", false))
        {
            await WaitForSignalAsync(args, waitAt == "incremental");
            await CycleAsync("incremental", tenant, pipeline, db, allocations);
        }

        var share = Options.Double(args, "--steady-share", 0);
        if (share > 0)
        {
            var added = await AddMailAsync(tenant, share, Options.Int(args, "--steady-messages", 3));
            Figures.Print("steadyMailboxes", added.Mailboxes);
            Figures.Print("steadyMessages", added.Messages);
            await CycleAsync("steady", tenant, pipeline, db, allocations);
        }

        return 0;
    }

    private static async Task WaitForSignalAsync(string[] args, bool here)
    {
        if (!here || Options.Value(args, "--wait-for") is not { } signal)
        {
            return;
        }

        Console.WriteLine("ready=1");
        while (!File.Exists(signal))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    /// <summary>One cycle, measured from the outside: wall time, the emulator's request counters, EF Core's commands.</summary>
    private static async Task CycleAsync(string name, BenchTenant tenant, CyclePipeline pipeline, DbCounter db, AllocationSampler? allocations)
    {
        allocations?.Reset();
        await tenant.Emulator.ResetStatisticsAsync();
        db.Reset();
        var warnings = tenant.Warnings.Count;
        var cpu = Figures.CpuTime();
        var tiering = Figures.TieringCpuTime();
        var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var emulatorCpu = tenant.Emulator.CpuTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var startedAt = TimeProvider.System.GetUtcNow();

        // Exceptions thrown in the worker's process during the cycle (caught or not), by type: each costs microseconds,
        // so one thrown per item is a cost per item (the emulator runs in its own process and is not counted).
        var thrown = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        void Count(object? sender, FirstChanceExceptionEventArgs e) => thrown.AddOrUpdate(e.Exception.GetType().Name, 1, (_, n) => n + 1);
        AppDomain.CurrentDomain.FirstChanceException += Count;
        var watch = Stopwatch.StartNew();
        var report = await pipeline.RunOnceAsync(CancellationToken.None);
        watch.Stop();
        AppDomain.CurrentDomain.FirstChanceException -= Count;

        // Wall-clock ends of the cycle, so a parent running several workers at once can tell the tenant's span from
        // each process's start-up.
        Figures.Print(name + "StartedAtMs", startedAt.ToUnixTimeMilliseconds());
        Figures.Print(name + "EndedAtMs", (startedAt + watch.Elapsed).ToUnixTimeMilliseconds());
        var cpuSeconds = (Figures.CpuTime() - cpu).TotalSeconds;
        var emulatorSeconds = (tenant.Emulator.CpuTime - emulatorCpu).TotalSeconds;
        var stats = await tenant.Emulator.StatisticsAsync();
        var perMailbox = stats.Mailboxes.Values.Sum(m => m.Requests);

        Figures.Print(name + "Seconds", watch.Elapsed.TotalSeconds);
        Figures.Print(name + "CycleCpuSeconds", cpuSeconds);

        // The JIT's share of the cycle: methods compiled in it (on first use, and again at full optimisation once hot),
        // and the CPU of the thread that does the recompiling: paid while a process's code becomes hot, in its first hours,
        // not for mapping or storing an item.
        Figures.Print(name + "JitMethods", System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods);
        Figures.Print(name + "TieringCpuSeconds", (Figures.TieringCpuTime() - tiering).TotalSeconds);
        Figures.Print(name + "EmulatorCpuSeconds", emulatorSeconds);
        Figures.Print(name + "AllocatedMiB", (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (1024.0 * 1024.0));
        Figures.Print(name + "Requests", stats.TotalRequests);
        Figures.Print(name + "MailboxRequests", perMailbox);
        Figures.Print(name + "TenantRequests", stats.TotalRequests - perMailbox);
        Figures.Print(name + "Throttled", stats.Throttled);

        // Which limiter answered 429: a mailbox's (summed over mailboxes) or a tenant-wide one (Teams' per-app limits).
        Figures.Print(name + "ThrottledBy", string.Join(';', stats.Mailboxes.Where(m => m.Value.Throttled > 0)
            .GroupBy(m => m.Key.StartsWith('(') ? m.Key : "(mailboxes)", m => m.Value.Throttled)
            .Select(g => g.Key + ":" + g.Sum())));
        Figures.Print(name + "MaxConcurrency", stats.Mailboxes.Values.Select(m => m.MaxConcurrency).DefaultIfEmpty(0).Max());
        Figures.Print(name + "Synced", report.Synced);
        Figures.Print(name + "Scored", report.Scored);
        Figures.Print(name + "Skipped", report.Skipped);
        Figures.Print(name + "Failed", report.Failed);
        Figures.Print(name + "Items", report.Items);
        Figures.Print(name + "Rejected", report.Rejected);
        Figures.Print(name + "DbCommands", db.Commands);
        Figures.Print(name + "SaveChanges", db.SaveChanges);
        Figures.Print(name + "QueriesCompiled", db.QueriesCompiled);
        Figures.Print(name + "StatementKinds", string.Join(';', db.Kinds.Select(k => $"{k.Key}:{k.Value}")));
        Figures.Print(name + "Warnings", tenant.Warnings.Count - warnings);
        Figures.Print(name + "Exceptions", thrown.Values.Sum());
        Figures.Print(name + "ExceptionKinds", string.Join(';', thrown.OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}:{k.Value}")));
        if (allocations is not null)
        {
            Figures.Print(name + "AllocationTypes", allocations.Top(25));
        }

        Figures.Print(name + "Endpoints", string.Join(';', stats.RequestsByEndpoint.Select(e => $"{e.Key}:{e.Value}")));
    }

    /// <summary>New mail for a share of the mailboxes (at least one), through the emulator's control API: it appears in the next delta round.</summary>
    private static async Task<(int Mailboxes, int Messages)> AddMailAsync(BenchTenant tenant, double share, int perMailbox)
    {
        List<string> mailboxes;
        await using (var context = await tenant.Get<IDbContextFactory<GraphNetworkerDbContext>>().CreateDbContextAsync())
        {
            mailboxes = await context.Mailboxes.AsNoTracking().OrderBy(m => m.Id).Select(m => m.UserPrincipalName).ToListAsync();
        }

        var chosen = mailboxes.Take(Math.Max(1, (int)Math.Round(mailboxes.Count * share))).ToList();
        var now = TimeProvider.System.GetUtcNow();
        var n = 0;
        foreach (var upn in chosen)
        {
            for (var i = 0; i < perMailbox; i++)
            {
                await tenant.Emulator.AddMessageAsync(upn, "inbox", Message($"new.contact{i}@fabrikam.example", upn, now.AddMinutes(-i - 1), n++));
            }
        }

        return (chosen.Count, n);
    }

    private static JsonObject Message(string from, string to, DateTimeOffset at, int n) => new()
    {
        ["internetMessageId"] = string.Create(CultureInfo.InvariantCulture, $"<steady-{n}@bench.example>"),
        ["subject"] = "Following up",
        ["from"] = Address(from),
        ["sender"] = Address(from),
        ["toRecipients"] = new JsonArray(Address(to)),
        ["ccRecipients"] = new JsonArray(),
        ["receivedDateTime"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["sentDateTime"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["inferenceClassification"] = "focused",
        ["isDraft"] = false,
        ["conversationId"] = string.Create(CultureInfo.InvariantCulture, $"AAQkADsteady{n}="),
    };

    private static JsonObject Address(string address) => new() { ["emailAddress"] = new JsonObject { ["address"] = address } };
}
