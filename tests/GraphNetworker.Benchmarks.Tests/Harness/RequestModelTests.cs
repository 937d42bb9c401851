using GraphNetworker.Benchmarks.Harness;
using GraphNetworker.Worker.Pipeline;

namespace GraphNetworker.Benchmarks.Tests.Harness;

/// <summary>
/// The bench reports "requests = minimum" from its request model; the model must be what the real worker does, or
/// every figure built on it is wrong. A small benchmark tenant, the real pipeline, the emulator's own request count.
/// </summary>
public sealed class RequestModelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Minimum_SmallTenant_IsExactlyWhatTheWorkerRequests_AndAQuietCycleIsOneRequestPerFolder()
    {
        var spec = new BenchSpec(Users: 3, Messages: 1_500, Events: 12, LatencyMs: 0, Throttling: true, Parallelism: 2);
        await using var tenant = await BenchTenant.StartAsync(spec, Ct);
        await tenant.StartWorkerAsync(Ct);
        var pipeline = tenant.Get<CyclePipeline>();

        await tenant.Emulator.ResetStatisticsAsync();
        var backfill = await pipeline.RunOnceAsync(Ct);
        var backfillRequests = (await tenant.Emulator.StatisticsAsync()).TotalRequests;
        await tenant.Emulator.ResetStatisticsAsync();
        await pipeline.RunOnceAsync(Ct);

        Assert.Equal((3, 0), (backfill.Synced, backfill.Failed));
        Assert.Equal(RequestModel.Minimum(spec), backfillRequests);
        Assert.Equal(RequestModel.Incremental(spec), (await tenant.Emulator.StatisticsAsync()).TotalRequests);
    }

    /// <summary>
    /// The warm measurement (<c>--warm true</c>) is only honest if the second worker starts on an empty store: its
    /// backfill then makes the same minimum requests and stores the same items as the first, where a worker resuming
    /// the first one's store would make a quiet cycle's requests and store nothing.
    /// </summary>
    [Fact]
    public async Task RestartWorkerOnFreshStore_BackfillsTheTenantAgain_TheSameRequestsAndItems()
    {
        var spec = new BenchSpec(Users: 2, Messages: 600, Events: 6, LatencyMs: 0, Throttling: true, Parallelism: 2);
        await using var tenant = await BenchTenant.StartAsync(spec, Ct);
        await tenant.StartWarmUpWorkerAsync(Ct);
        await tenant.Emulator.ResetStatisticsAsync();
        var cold = await tenant.Get<CyclePipeline>().RunOnceAsync(Ct);
        var coldRequests = (await tenant.Emulator.StatisticsAsync()).TotalRequests;

        await tenant.RestartWorkerOnFreshStoreAsync(Ct);
        await tenant.Emulator.ResetStatisticsAsync();
        var warm = await tenant.Get<CyclePipeline>().RunOnceAsync(Ct);

        Assert.Equal((2, 0), (cold.Synced, cold.Failed));
        Assert.Equal((RequestModel.Minimum(spec), RequestModel.Minimum(spec)), (coldRequests, (await tenant.Emulator.StatisticsAsync()).TotalRequests));
        Assert.Equal((cold.Synced, cold.Items), (warm.Synced, warm.Items));
        Assert.True(warm.Items > 0);
    }
}
