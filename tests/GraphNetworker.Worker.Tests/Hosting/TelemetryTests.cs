using System.Collections.Concurrent;
using GraphNetworker.GraphEmulator;
using GraphNetworker.Worker.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using GraphNetworker.Tests.Common;

namespace GraphNetworker.Worker.Tests.Hosting;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Run_WithAnOtlpEndpoint_ExportsTheWorkersMetrics()
    {
        var ct = TestContext.Current.CancellationToken;
        var received = new ConcurrentQueue<(string Path, byte[] Body)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = builder.Build();
        collector.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            received.Enqueue((request.Path, buffer.ToArray()));
            return Results.Ok();
        });
        await collector.StartAsync(ct);
        await using var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions(), ct);

        await using var worker = WorkerProcess.Start(new Dictionary<string, string>
        {
            ["GraphNetworker__Store__DataFolder"] = Path.Combine(Path.GetTempPath(), "gn-otel-" + Guid.NewGuid().ToString("N")[..8]),
            ["GraphNetworker__Graph__Mode"] = "Emulator",
            ["GraphNetworker__Graph__BaseUrl"] = emulator.BaseUrl.ToString(),
            ["GraphNetworker__Scope__OptInGroupId"] = emulator.Control.SyntheticManifest!.GroupId,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Urls.First(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
        });
        await worker.WaitForAsync(l => l.Contains("Cycle done:", StringComparison.Ordinal), TimeSpan.FromMinutes(3), ct);
        for (var i = 0; i < 100 && !received.Any(r => Contains(r.Body, "graphnetworker.mailboxes.synced")); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }

        var exported = received.Select(r => r.Body).ToList();
        Assert.Contains(exported, b => Contains(b, "graphnetworker.mailboxes.synced"));
        Assert.Contains(exported, b => Contains(b, "graphnetworker.cycle.duration"));
        Assert.Contains(exported, b => Contains(b, "graphnetworker.suggestions.written"));
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
}
