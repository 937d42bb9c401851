using System.Text.Json;

namespace GraphNetworker.Worker.Tests.Hosting;

/// <summary>The runtime settings the worker's own process starts with (its <c>graphnetworker.runtimeconfig.json</c>).</summary>
public sealed class RuntimeConfigurationTests
{
    [Fact]
    public void Worker_ThreadPoolsIdleThreads_SleepWithoutSpinning()
    {
        // The worker's work comes in bursts between Graph's answers: an idle thread pool thread that spun before sleeping
        // burned the replica's CPU for nothing (docs/benchmarks.md#steady).
        var file = Path.Combine(AppContext.BaseDirectory, "graphnetworker.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(file));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal("0", properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").ToString());
    }
}
