using GraphNetworker.GraphEmulator.Tests.Infrastructure;
using Microsoft.Graph.Models.ODataErrors;

namespace GraphNetworker.GraphEmulator.Tests.Faults;

/// <summary>Scripted faults and the SDK's RetryHandler (429/503/504 retried honouring Retry-After; 410 never).</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task Scripted429WithRetryAfter_SdkRetryHandler_RetriesAndSucceeds()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        emulator.Control.AddFault(new FaultRule { Method = "GET", PathPattern = "/mailFolders$", Count = 2, Kind = FaultKind.Throttle429, RetryAfter = TimeSpan.Zero });

        var folders = await emulator.Graph().Users[TestTenants.Dana].MailFolders.GetAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEmpty(folders!.Value!);
        var log = emulator.Control.Requests.Where(r => r.Url.EndsWith("/mailFolders", StringComparison.Ordinal)).ToList();
        Assert.Equal([429, 429, 200], log.Select(r => r.Status));
        Assert.Equal([null, "1", "2"], log.Select(r => r.Header("Retry-Attempt")));
        Assert.Equal(2, emulator.Control.Statistics.FaultsInjected);
    }

    [Fact]
    public async Task Scripted503_SdkRetries_AndExhaustedRetriesThrow()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        emulator.Control.AddFault(new FaultRule { PathPattern = "/mailFolders$", Count = 10, Kind = FaultKind.ServiceUnavailable503, RetryAfter = TimeSpan.Zero });

        var error = await Assert.ThrowsAsync<AggregateException>(() => emulator.Graph().Users[TestTenants.Dana].MailFolders.GetAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("retries", error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(4, emulator.Control.Requests.Count(r => r.Status == 503));
    }

    [Fact]
    public async Task Scripted410_SdkDoesNotRetry_ODataErrorSyncStateNotFound()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        emulator.Control.AddFault(new FaultRule { PathPattern = "messages/delta", Kind = FaultKind.SyncStateNotFound410 });

        var error = await Assert.ThrowsAsync<ODataError>(() =>
            emulator.Graph().Users[TestTenants.Dana].MailFolders["inbox"].Messages.Delta.GetAsDeltaGetResponseAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(410, error.ResponseStatusCode);
        Assert.Equal("syncStateNotFound", error.Error!.Code);
        Assert.Single(emulator.Control.Requests);
    }

    [Fact]
    public async Task Scripted400SyncStateNotFound_IsReturnedOnce()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        emulator.Control.AddFault(new FaultRule { PathPattern = "delta", Kind = FaultKind.SyncStateNotFound400 });
        var http = emulator.Http();
        var url = $"users/{TestTenants.Dana}/mailFolders/inbox/messages/delta";

        var (first, body, _) = await http.GetJsonAsync(url);
        var (second, _, _) = await http.GetJsonAsync(url);

        Assert.Equal(400, first);
        Assert.Equal("syncStateNotFound", body!["error"].Str("code"));
        Assert.Equal(200, second);
    }

    [Fact]
    public async Task TimeoutFault_WithDelay_HangsOnTheClockThenAnswers504()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        emulator.Control.AddFault(new FaultRule { PathPattern = "mailFolders", Kind = FaultKind.Timeout, Delay = TimeSpan.FromSeconds(30) });
        var request = emulator.Http().GetAsync($"users/{TestTenants.Dana}/mailFolders", TestContext.Current.CancellationToken);

        var response = await ClockDriver.AdvanceUntilDoneAsync(emulator.Clock, request, TimeSpan.FromSeconds(5));

        Assert.Equal(System.Net.HttpStatusCode.GatewayTimeout, response.StatusCode);
    }

    [Fact]
    public async Task TimeoutFault_WithoutDelay_HangsUntilTheClientGivesUp()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        emulator.Control.AddFault(new FaultRule { PathPattern = "mailFolders", Kind = FaultKind.Timeout });
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var request = emulator.Http().GetAsync($"users/{TestTenants.Dana}/mailFolders", giveUp.Token);

        emulator.Clock.Advance(TimeSpan.FromHours(1));
        var stillHanging = !request.IsCompleted;
        await giveUp.CancelAsync();

        Assert.True(stillHanging);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
    }

    [Fact]
    public async Task SlowFault_DelaysThenAnswersNormally()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        emulator.Control.AddFault(new FaultRule { PathPattern = "mailFolders", Kind = FaultKind.Slow, Delay = TimeSpan.FromSeconds(10) });
        var request = emulator.Http().GetAsync($"users/{TestTenants.Dana}/mailFolders", TestContext.Current.CancellationToken);

        var response = await ClockDriver.AdvanceUntilDoneAsync(emulator.Clock, request, TimeSpan.FromSeconds(2));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RevokedAccessToken_Is401()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        emulator.Control.RevokeAccessToken(GraphEmulatorOptions.DeveloperToken);

        var (status, body, _) = await emulator.Http().GetJsonAsync("users");

        Assert.Equal(401, status);
        Assert.Equal("InvalidAuthenticationToken", body!["error"].Str("code"));
    }

    [Fact]
    public async Task TokenScopedToMailbox_OtherMailbox_Is403AccessToODataDisabled()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o =>
            o.TokenRoles["scoped"] = new TokenGrant { Roles = ["Mail.ReadBasic.All"], AllowedMailboxes = [TestTenants.Dana] });
        var http = emulator.Http("scoped");

        var allowed = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders");
        var (status, body, _) = await http.GetJsonAsync($"users/{TestTenants.Lee}/mailFolders");
        var unknownToken = await emulator.Http("other").GetJsonAsync($"users/{TestTenants.Dana}/mailFolders");

        Assert.Equal(200, allowed.Status);
        Assert.Equal(403, status);
        Assert.Equal("Access to OData is disabled.", body!["error"].Str("message"));
        Assert.Equal(401, unknownToken.Status);
    }
}
