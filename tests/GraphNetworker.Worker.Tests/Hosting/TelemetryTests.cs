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
    public async Task Run_WithAnOtlpEndpoint_ExportsMetricsAndTheCyclesSpanTree_WithNothingPersonal()
    {
        var ct = TestContext.Current.CancellationToken;
        var received = new ConcurrentQueue<(string Path, byte[] Body)>();
        using var arrivals = new SemaphoreSlim(0);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = builder.Build();
        async Task<IResult> Receive(HttpRequest request)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            received.Enqueue((request.Path, buffer.ToArray()));
            arrivals.Release();
            return Results.Ok();
        }

        collector.MapPost("/v1/metrics", Receive);
        collector.MapPost("/v1/traces", Receive);
        await collector.StartAsync(ct);
        await using var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions(), ct);

        // Graph throttles the first mail delta read once, asking for a second's wait.
        emulator.Control.AddFault(new FaultRule { PathPattern = "/messages/delta", Kind = FaultKind.Throttle429, Count = 1, RetryAfter = TimeSpan.FromSeconds(1), IncludeBatchSteps = false });

        await using var worker = WorkerProcess.Start(new Dictionary<string, string>
        {
            ["GraphNetworker__Store__DataFolder"] = Path.Combine(Path.GetTempPath(), "gn-otel-" + Guid.NewGuid().ToString("N")[..8]),
            ["GraphNetworker__Graph__Mode"] = "Emulator",
            ["GraphNetworker__Graph__BaseUrl"] = emulator.BaseUrl.ToString(),
            ["GraphNetworker__Scope__OptInGroupId"] = emulator.Control.SyntheticManifest!.GroupId,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Urls.First(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        await worker.WaitForAsync(l => l.Contains("Cycle done:", StringComparison.Ordinal), TimeSpan.FromMinutes(3), ct);
        bool Arrived(string path, string text) => received.Any(r => r.Path == path && Contains(r.Body, text));
        await UntilAsync(arrivals, () => Arrived("/v1/metrics", "graphnetworker.cycle.duration") && Arrived("/v1/metrics", "graphnetworker.suggestions.written") && Arrived("/v1/traces", "graphnetworker.cycle"), TimeSpan.FromSeconds(15), ct);

        var exported = received.Select(r => r.Body).ToList();
        Assert.Contains(exported, b => Contains(b, "graphnetworker.mailboxes.synced"));
        Assert.Contains(exported, b => Contains(b, "graphnetworker.cycle.duration"));
        Assert.Contains(exported, b => Contains(b, "graphnetworker.suggestions.written"));
        Assert.Contains(exported, b => Contains(b, "process.runtime.dotnet.gc") || Contains(b, "dotnet.gc"));

        // The trace of the cycle: cycle → one span per mailbox → its steps → Graph's HTTP calls.
        var spans = received.Where(r => r.Path == "/v1/traces").SelectMany(r => OtlpTraces.Read(r.Body)).ToList();
        var cycle = Assert.Single(spans, s => s.Name == "graphnetworker.cycle");
        var mailboxes = spans.Where(s => s.Name == "graphnetworker.mailbox").ToList();
        Assert.Equal(3, mailboxes.Count);
        Assert.All(mailboxes, m => Assert.Equal(cycle.SpanId, m.ParentSpanId));
        Assert.All(mailboxes, m => Assert.Equal("synced", m.Attributes["graphnetworker.outcome"]));
        foreach (var mailbox in mailboxes)
        {
            var steps = spans.Where(s => s.ParentSpanId == mailbox.SpanId).Select(s => s.Name).ToHashSet();
            Assert.Superset(new HashSet<string> { "graphnetworker.sync", "graphnetworker.read_back", "graphnetworker.score", "graphnetworker.write" }, steps);
        }

        var syncs = spans.Where(s => s.Name == "graphnetworker.sync").Select(s => s.SpanId).ToHashSet();
        var http = spans.Where(s => s.Attributes.ContainsKey("http.request.method")).ToList();
        Assert.Contains(http, h => h.ParentSpanId is { } parent && syncs.Contains(parent));
        Assert.All(http, h => Assert.True(h.Attributes.ContainsKey("http.response.status_code"), h.Name));

        // Throttling and its retry on Graph's HTTP spans themselves: the 429 marked with the wait Graph asked for, then
        // the same request again under the same step, numbered as the first resend (a first try carries no number).
        var throttled = http.Where(h => h.Attributes.GetValueOrDefault("http.response.status_code") == "429" && h.Attributes.GetValueOrDefault("graphnetworker.graph.retry_after_ms") == "1000").ToList();
        Assert.NotEmpty(throttled);
        Assert.All(throttled, t => Assert.Equal("1", t.Attributes.GetValueOrDefault("graphnetworker.graph.throttled")));
        Assert.Contains(http, h => h.Attributes.GetValueOrDefault("http.request.resend_count") == "1" && h.Attributes.GetValueOrDefault("http.response.status_code") == "200"
            && throttled.Any(t => t.ParentSpanId == h.ParentSpanId && t.Attributes.GetValueOrDefault("url.full") == h.Attributes.GetValueOrDefault("url.full")));
        Assert.True(http.Count(h => h.Attributes.ContainsKey("http.request.resend_count")) < http.Count / 2);

        // Nothing personal leaves the process: no address, no user id, no folder or item id, no query.
        var ids = emulator.Control.SyntheticManifest!.MailboxUsers.Select(u => u.Id!).ToList();
        foreach (var value in spans.SelectMany(s => s.Attributes.Values.Concat(s.EventAttributeValues)).Concat(spans.Select(s => s.Name)))
        {
            Assert.DoesNotContain("@", value, StringComparison.Ordinal);
            Assert.DoesNotContain("?", value, StringComparison.Ordinal);
            Assert.All(ids, id => Assert.DoesNotContain(id, value, StringComparison.OrdinalIgnoreCase));
        }

        var urls = http.Select(h => h.Attributes.GetValueOrDefault("url.full") ?? "(none)").Distinct().ToList();
        Assert.True(urls.Any(u => u.Contains("/users/{id}/mailFolders/{id}/messages/delta()", StringComparison.Ordinal)), string.Join("\n", urls.Take(30)));
    }

    [Fact]
    public async Task Run_WithAnApplicationInsightsConnectionString_SendsTheCycleToItsIngestionEndpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        var received = new ConcurrentQueue<string>();
        using var arrivals = new SemaphoreSlim(0);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var ingestion = builder.Build();
        ingestion.MapPost("/v2.1/track", async (HttpRequest request) =>
        {
            var body = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
                ? new System.IO.Compression.GZipStream(request.Body, System.IO.Compression.CompressionMode.Decompress)
                : request.Body;
            using var reader = new StreamReader(body);
            received.Enqueue(await reader.ReadToEndAsync());
            arrivals.Release();
            return Results.Json(new { itemsReceived = 1, itemsAccepted = 1, errors = Array.Empty<object>() });
        });
        await ingestion.StartAsync(ct);
        await using var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions(), ct);

        await using var worker = WorkerProcess.Start(new Dictionary<string, string>
        {
            ["GraphNetworker__Store__DataFolder"] = Path.Combine(Path.GetTempPath(), "gn-ai-" + Guid.NewGuid().ToString("N")[..8]),
            ["GraphNetworker__Graph__Mode"] = "Emulator",
            ["GraphNetworker__Graph__BaseUrl"] = emulator.BaseUrl.ToString(),
            ["GraphNetworker__Scope__OptInGroupId"] = emulator.Control.SyntheticManifest!.GroupId,
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint={ingestion.Urls.First()}/",
        });
        await worker.WaitForAsync(l => l.Contains("Cycle done:", StringComparison.Ordinal), TimeSpan.FromMinutes(3), ct);
        await UntilAsync(arrivals, () => received.Any(r => r.Contains("graphnetworker.cycle", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), ct);

        var sent = string.Join("\n", received);
        Assert.Contains("graphnetworker.cycle", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("@contoso.com", sent, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Until <paramref name="arrived"/> holds, woken by each export as it arrives; after <paramref name="bound"/> the assertions say what is missing.</summary>
    private static async Task UntilAsync(SemaphoreSlim arrivals, Func<bool> arrived, TimeSpan bound, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bound);
        try
        {
            while (!arrived())
            {
                await arrivals.WaitAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not all arrived in time: the assertions that follow name what did not.
        }
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
}
