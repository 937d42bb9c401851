using System.Net;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;
using Microsoft.Graph.Models.ODataErrors;

namespace GraphNetworker.GraphEmulator.Tests.Hosting;

public sealed class HostingTests
{
    [Fact]
    public async Task StartAsync_DefaultOptions_ServesV1BaseUrlAndControlUrlOnLoopback()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        Assert.Equal("127.0.0.1", emulator.Server.BaseUrl.Host);
        Assert.EndsWith("/v1.0", emulator.Server.BaseUrl.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("/_emulator", emulator.Server.ControlUrl.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(0, emulator.Server.BaseUrl.Port);
    }

    [Fact]
    public async Task Request_WithoutAuthorization_Is401InvalidAuthenticationToken()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, body, response) = await emulator.Http(token: null).GetJsonAsync("users/" + TestTenants.Dana);

        Assert.Equal(401, status);
        Assert.Equal("InvalidAuthenticationToken", body!["error"].Str("code"));
        Assert.Equal(response.Headers.GetValues("request-id").Single(), body["error"]!["innerError"].Str("request-id"));
    }

    [Fact]
    public async Task WaitForRequest_EndsWhenAMatchingRequestIsAnswered_OrAtOnceForOneAlreadyLogged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var graph = emulator.Graph();
        var waiting = emulator.Control.WaitForRequestAsync(r => r.Url.Contains("/users/", StringComparison.Ordinal), ct);
        await graph.Users.GetAsync(cancellationToken: ct);
        Assert.False(waiting.IsCompleted);

        await graph.Users[TestTenants.Dana].GetAsync(cancellationToken: ct);
        var answered = await waiting.WaitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.Equal(200, answered.Status);
        Assert.Same(answered, await emulator.Control.WaitForRequestAsync(r => r.Sequence == answered.Sequence, ct));
    }

    [Fact]
    public async Task Sdk_WithDeveloperToken_ReadsUserAndEchoesClientRequestId()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var graph = emulator.Graph();

        var user = await graph.Users[TestTenants.Dana].GetAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Dana Smith", user!.DisplayName);
        var logged = emulator.Control.Requests.Last();
        Assert.Equal("Bearer <redacted>", logged.Header("Authorization"));
        Assert.NotNull(logged.Header("client-request-id"));
    }

    [Fact]
    public async Task MeSegment_AppOnlyToken_Is400AsGraphAnswers()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, body, _) = await emulator.Http().GetJsonAsync("me/messages");

        Assert.Equal(400, status);
        Assert.Contains("delegated", body!["error"].Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSegment_Is400ResourceNotFoundForSegment()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, body, _) = await emulator.Http().GetJsonAsync("users/" + TestTenants.Dana + "/nonsense");

        Assert.Equal(400, status);
        Assert.Equal("BadRequest", body!["error"].Str("code"));
    }

    [Fact]
    public async Task UnknownMailbox_Sdk_ThrowsODataErrorInvalidUser404()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var error = await Assert.ThrowsAsync<ODataError>(() =>
            emulator.Graph().Users["nobody@contoso.com"].MailFolders.GetAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(404, error.ResponseStatusCode);
        Assert.Equal("ErrorInvalidUser", error.Error!.Code);
    }

    [Fact]
    public async Task UserWithoutMailbox_MailRequest_Is404MailboxNotEnabledForRestApi()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, body, _) = await emulator.Http().GetJsonAsync("users/" + TestTenants.NoMailbox + "/mailFolders");

        Assert.Equal(404, status);
        Assert.Equal("MailboxNotEnabledForRESTAPI", body!["error"].Str("code"));
    }

    [Fact]
    public async Task RestartAsync_SamePort_KeepsStateAndDeltaLinksWork()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 3));
        var http = emulator.Http();
        var (_, first, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/inbox/messages/delta");
        var deltaLink = first!.Str("@odata.deltaLink");
        var port = emulator.Server.BaseUrl.Port;

        await emulator.Server.StopAsync(TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("users", TestContext.Current.CancellationToken));
        emulator.Control.AddMessage(TestTenants.Dana, "inbox", TestTenants.Message(99, TestEmulator.Epoch));
        await emulator.Server.RestartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(port, emulator.Server.BaseUrl.Port);
        var (status, next, _) = await emulator.Http().GetJsonAsync(deltaLink);
        Assert.True(status == 200, next?.ToJsonString());
        Assert.Equal("Message 99", Assert.Single(next!.Values()).Str("subject"));
    }

    [Fact]
    public async Task StartAsync_SameOptionsAfterStop_ReusesTheState()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var id = emulator.Control.AddMessage(TestTenants.Dana, "inbox", TestTenants.Message(42, TestEmulator.Epoch));
        await emulator.Server.StopAsync(TestContext.Current.CancellationToken);

        await using var again = await GraphEmulatorServer.StartAsync(emulator.Options, TestContext.Current.CancellationToken);
        var message = await new TestEmulatorClient(again).Graph().Users[TestTenants.Dana].Messages[id].GetAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Message 42", message!.Subject);
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_ThrowsNamingTheKey()
    {
        var options = new GraphEmulatorOptions { MaxPageSize = 0, TenantSnapshot = TestTenants.Small() };

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            GraphEmulatorServer.StartAsync(options, TestContext.Current.CancellationToken));

        Assert.Contains("MaxPageSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseHeaders_IncludeGraphContentTypeAndRequestIds()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        using var request = new HttpRequestMessage(HttpMethod.Get, "users/" + TestTenants.Dana);
        request.Headers.Add("client-request-id", "abc-123");

        var response = await emulator.Http().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("abc-123", response.Headers.GetValues("client-request-id").Single());
        Assert.True(Guid.TryParse(response.Headers.GetValues("request-id").Single(), out _));
        Assert.Equal("application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8", response.Content.Headers.ContentType!.ToString().Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.True(response.Headers.CacheControl!.NoStore);
    }
}
