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
}
