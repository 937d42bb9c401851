using System.Diagnostics;
using GraphNetworker.Benchmarks.Baseline;
using GraphNetworker.Benchmarks.Harness;

namespace GraphNetworker.Benchmarks.Measures;

/// <summary>Child process: the typical-SDK baseline backfills the same tenant into the same schema; same figures as <see cref="WorkerRun"/>.</summary>
internal static class BaselineRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var spec = BenchSpec.Parse(args, new BenchSpec(4, 1000, 40, 0, true, 4));
        using var db = new DbCounter();
        await using var tenant = await BenchTenant.StartAsync(spec, CancellationToken.None);
        var baseline = new SdkBaseline(tenant.Emulator.BaseUrl.ToString(), Path.Combine(tenant.DataFolder, "baseline.db"), spec.Parallelism, TimeProvider.System);

        await tenant.Emulator.ResetStatisticsAsync();
        db.Reset();
        var cpu = Figures.CpuTime();
        var watch = Stopwatch.StartNew();
        // The worker's defaults: two years back, 60 days ahead.
        var items = await baseline.RunAsync(tenant.Emulator.GroupId, TimeSpan.FromDays(730), TimeSpan.FromDays(60), CancellationToken.None);
        watch.Stop();
        var stats = await tenant.Emulator.StatisticsAsync();

        Figures.Print("baselineSeconds", watch.Elapsed.TotalSeconds);
        Figures.Print("baselineCycleCpuSeconds", (Figures.CpuTime() - cpu).TotalSeconds);
        Figures.Print("baselineRequests", stats.TotalRequests);
        Figures.Print("baselineThrottled", stats.Throttled);
        Figures.Print("baselineMaxConcurrency", stats.Mailboxes.Values.Select(m => m.MaxConcurrency).DefaultIfEmpty(0).Max());
        Figures.Print("baselineItems", items);
        Figures.Print("baselineDbCommands", db.Commands);
        Figures.Print("baselineSaveChanges", db.SaveChanges);
        Figures.Print("baselineQueriesCompiled", db.QueriesCompiled);
        Figures.Print("baselineEndpoints", string.Join(';', stats.RequestsByEndpoint.Select(e => $"{e.Key}:{e.Value}")));
        Figures.PrintProcess("baseline");
        return 0;
    }
}
