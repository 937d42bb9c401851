using System.Net;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;
using Microsoft.Graph;

namespace GraphNetworker.GraphEmulator.Tests.Throttling;

/// <summary>Outlook's per-mailbox limits: 4 concurrent, N per window, Retry-After penalty; inside $batch too.</summary>
public sealed class ThrottlingTests
{
    [Fact]
    public async Task FiveConcurrentRequests_OneMailbox_OneIs429AndOtherMailboxUnaffected()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Latency = TimeSpan.FromSeconds(1));
        var http = emulator.Http();
        var ct = TestContext.Current.CancellationToken;

        var dana = Enumerable.Range(0, 5).Select(_ => http.GetAsync($"users/{TestTenants.Dana}/mailFolders", ct)).ToList();
        var lee = http.GetAsync($"users/{TestTenants.Lee}/mailFolders", ct);
        var first = await await Task.WhenAny(dana);
        var all = await ClockDriver.AdvanceUntilDoneAsync(emulator.Clock, Task.WhenAll(dana.Append(lee)), TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(1, all.Take(5).Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(4, all.Take(5).Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.OK, all[5].StatusCode);
        Assert.NotNull(first.Headers.RetryAfter);
        var stats = emulator.Control.Statistics;
        Assert.Equal(4, stats.Mailboxes[TestTenants.Dana].MaxConcurrency);
        Assert.Equal(1, stats.Mailboxes[TestTenants.Dana].Throttled);
        Assert.Equal(0, stats.Mailboxes[TestTenants.Lee].Throttled);
    }

    [Fact]
    public async Task RateWindow_Exceeded_429WithRetryAfterPenaltyThenRecoversOnClock()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o =>
        {
            o.Throttling.RequestsPerWindow = 3;
            o.Throttling.Window = TimeSpan.FromMinutes(1);
        });
        var http = emulator.Http();
        var url = $"users/{TestTenants.Dana}/mailFolders";

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await http.GetJsonAsync(url)).Status);
        }

        var (status, body, response) = await http.GetJsonAsync(url);
        var retryAfter = response.Headers.RetryAfter!.Delta!.Value;
        emulator.Clock.Advance(retryAfter - TimeSpan.FromSeconds(1));
        var early = await http.GetJsonAsync(url);
        emulator.Clock.Advance(TimeSpan.FromSeconds(62));
        var later = await http.GetJsonAsync(url);

        Assert.Equal(429, status);
        Assert.Equal("TooManyRequests", body!["error"].Str("code"));
        Assert.Equal("429", body["error"]!["innerError"].Str("status"));
        Assert.InRange(retryAfter.TotalSeconds, 1, 60);
        Assert.Equal(429, early.Status);
        Assert.Equal(200, later.Status);
        Assert.Equal(200, (await http.GetJsonAsync($"users/{TestTenants.Lee}/mailFolders")).Status);
    }

    [Fact]
    public async Task ThrottlingDisabled_ManyRequests_AllSucceed()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o =>
        {
            o.Throttling.Enabled = false;
            o.Throttling.RequestsPerWindow = 1;
        });
        var http = emulator.Http();

        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders")).Status);
        }

        Assert.All(statuses, s => Assert.Equal(200, s));
    }

    [Fact]
    public async Task Batch_StepsBeyondTheWindow_Get429InsideA200Envelope()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Throttling.RequestsPerWindow = 3);
        var graph = emulator.Graph();
        var batch = new BatchRequestContentCollection(graph);
        for (var i = 0; i < 5; i++)
        {
            await batch.AddBatchRequestStepAsync(graph.Users[TestTenants.Dana].MailFolders.ToGetRequestInformation());
        }

        var response = await graph.Batch.PostAsync(batch, TestContext.Current.CancellationToken);
        var codes = await response.GetResponsesStatusCodesAsync();

        Assert.Equal(3, codes.Values.Count(c => c == HttpStatusCode.OK));
        Assert.Equal(2, codes.Values.Count(c => c == HttpStatusCode.TooManyRequests));
        var throttledId = codes.First(c => c.Value == HttpStatusCode.TooManyRequests).Key;
        var throttled = await response.GetResponseByIdAsync(throttledId);
        Assert.True(throttled.Headers.Contains("Retry-After"));
        Assert.Equal(200, emulator.Control.Requests.Single(r => r.Url.EndsWith("$batch", StringComparison.Ordinal)).Status);
        Assert.Equal(5, emulator.Control.Statistics.Mailboxes[TestTenants.Dana].Requests);
    }
}
