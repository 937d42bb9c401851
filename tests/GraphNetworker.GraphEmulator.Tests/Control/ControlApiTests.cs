using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;

namespace GraphNetworker.GraphEmulator.Tests.Control;

/// <summary>The HTTP control API under /_emulator/ (what a person or another process uses).</summary>
public sealed class ControlApiTests
{
    private static async Task<(int Status, JsonNode? Body)> CallAsync(TestEmulator emulator, HttpMethod method, string path, string? json = null, string? token = GraphEmulatorOptions.DeveloperToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, emulator.Server.ControlUrl + path);
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task Seed_SnapshotDocument_AddsUserAndMailboxItems()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 0));
        var seed = """
            {"tenant":{"users":[{"id":"5e000000-0000-4000-8000-000000000009","userPrincipalName":"new@contoso.com","displayName":"New Person","mail":"new@contoso.com"}]},
             "mailboxes":{"new@contoso.com":{"messages":{"inbox":[{"subject":"Malformed date","receivedDateTime":"not-a-date","from":{"emailAddress":{"address":"/O=EXCHANGELABS/OU=X/CN=RECIPIENTS/CN=ABC"}}}]}}}}
            """;

        var (status, state) = await CallAsync(emulator, HttpMethod.Post, "/seed", seed);
        var (_, page, _) = await emulator.Http().GetJsonAsync("users/new@contoso.com/mailFolders/inbox/messages/delta");

        Assert.Equal(200, status);
        Assert.Equal(5, state!["users"]!.GetValue<int>());
        Assert.Equal("not-a-date", page.Values()[0].Str("receivedDateTime"));
    }

    [Fact]
    public async Task Mutate_AddMessage_AppearsInNextDeltaRound()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 1));
        var http = emulator.Http();
        var (_, first, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/inbox/messages/delta");
        var op = new JsonObject { ["op"] = "addMessage", ["user"] = TestTenants.Dana, ["folder"] = "inbox", ["item"] = TestTenants.Message(5, TestEmulator.Epoch) };

        var (status, result) = await CallAsync(emulator, HttpMethod.Post, "/mutate", op.ToJsonString());
        var (_, next, _) = await http.GetJsonAsync(first.Str("@odata.deltaLink"));

        Assert.Equal(200, status);
        Assert.Equal(result!["results"]![0].Str("id"), Assert.Single(next.Values()).Str("id"));
    }

    [Fact]
    public async Task Mutate_UnknownOperation_Is400()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, body) = await CallAsync(emulator, HttpMethod.Post, "/mutate", """{"op":"explode"}""");

        Assert.Equal(400, status);
        Assert.Contains("explode", body.Str("error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Faults_PostedAsJson_AnswerTheNextMatchingRequest()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, _) = await CallAsync(emulator, HttpMethod.Post, "/faults", """{"method":"GET","pathPattern":"/mailFolders$","count":1,"kind":"ServiceUnavailable503","retryAfter":"00:00:07"}""");
        var (faulted, _, response) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/mailFolders");
        var (normal, _, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/mailFolders");

        Assert.Equal(200, status);
        Assert.Equal(503, faulted);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter!.Delta);
        Assert.Equal(200, normal);
    }

    [Fact]
    public async Task Clock_AdvanceThroughControl_MovesEmulatorNow()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (_, before) = await CallAsync(emulator, HttpMethod.Get, "/clock");
        var (_, after) = await CallAsync(emulator, HttpMethod.Post, "/clock", """{"advance":"01:00:00"}""");

        Assert.Equal("2026-03-02T09:00:00.0000000Z", before.Str("now"));
        Assert.Equal("2026-03-02T10:00:00.0000000Z", after.Str("now"));
    }

    [Fact]
    public async Task RequestsAndStats_ReportTrafficAndClear()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/mailFolders", prefer: "odata.maxpagesize=5");

        var (_, requests) = await CallAsync(emulator, HttpMethod.Get, "/requests");
        var (_, stats) = await CallAsync(emulator, HttpMethod.Get, "/stats");
        await CallAsync(emulator, HttpMethod.Delete, "/requests");
        var (_, cleared) = await CallAsync(emulator, HttpMethod.Get, "/requests");

        var logged = requests!.AsArray().Single();
        Assert.Equal("odata.maxpagesize=5", logged!["headers"].Str("Prefer"));
        Assert.Equal(TestTenants.Dana, logged.Str("mailbox"));
        Assert.Equal(1, stats!["mailboxes"]![TestTenants.Dana]!["requestsByEndpoint"]!["GET users/{u}/mailFolders"]!.GetValue<long>());
        Assert.Empty(cleared!.AsArray());
    }

    [Fact]
    public async Task Settings_Post_ChangesBehaviourOfTheNextRequest()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 2));

        var (status, settings) = await CallAsync(emulator, HttpMethod.Post, "/settings", """{"delta":{"emptyPages":true},"defaultPageSize":1}""");
        var (_, page, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/inbox/messages/delta");
        var (bad, _) = await CallAsync(emulator, HttpMethod.Post, "/settings", """{"maxPageSize":0}""");

        Assert.Equal(200, status);
        Assert.True(settings!["delta"]!["emptyPages"]!.GetValue<bool>());
        Assert.Empty(page.Values());
        Assert.True(page!.ContainsKey("@odata.nextLink"));
        Assert.Equal(400, bad);
    }

    [Fact]
    public async Task InvalidateDeltaTokens_Then410()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var (_, first, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/inbox/messages/delta");

        await CallAsync(emulator, HttpMethod.Post, $"/invalidate-delta-tokens?user={TestTenants.Dana}&folder=inbox");
        var (status, _, _) = await emulator.Http().GetJsonAsync(first.Str("@odata.deltaLink"));

        Assert.Equal(410, status);
    }

    [Fact]
    public async Task SnapshotAndStateAndSynthetic_AreReadable()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.Tenant = "synthetic:users=1,months=2,seed=3");

        var (_, snapshot) = await CallAsync(emulator, HttpMethod.Get, "/snapshot");
        var (_, state) = await CallAsync(emulator, HttpMethod.Get, "/state");
        var (_, synthetic) = await CallAsync(emulator, HttpMethod.Get, "/synthetic");

        Assert.NotEmpty(snapshot!["tenant"]!["users"]!.AsArray());
        Assert.Single(snapshot["mailboxes"]!.AsObject(), m => m.Value!["messages"]!.AsObject().Count > 0);
        Assert.Equal(12, state!["stateId"]!.GetValue<string>().Length);
        Assert.Equal("contoso.com", synthetic.Str("domain"));
    }

    [Fact]
    public async Task UnknownControlPath_Is404()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, _) = await CallAsync(emulator, HttpMethod.Get, "/nope");

        Assert.Equal((int)HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task RequestLogCapacity_BoundsTheLog()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.RequestLogCapacity = 3);
        for (var i = 0; i < 5; i++)
        {
            await emulator.Http().GetJsonAsync("users");
        }

        Assert.Equal(3, emulator.Control.Requests.Count);
        Assert.Equal(5, emulator.Control.Statistics.TotalRequests);
    }

    [Fact]
    public async Task Settings_FidelityBehaviourPatched_AppliesToTheNextRequest()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var url = "groups/" + TestTenants.GroupId + "/transitiveMembers/microsoft.graph.user";
        var (before, _, _) = await emulator.Http().GetJsonAsync(url);

        var (status, settings) = await CallAsync(emulator, HttpMethod.Post, "/settings", """{"fidelity":{"advancedQueries":"NotRequired"}}""");
        var (after, _, _) = await emulator.Http().GetJsonAsync(url);

        Assert.Equal(400, before);
        Assert.Equal(200, status);
        Assert.Equal("NotRequired", settings!["fidelity"]!["advancedQueries"]!.GetValue<string>());
        Assert.True(settings["fidelity"]!["rssFeedsFolder"]!.GetValue<bool>());
        Assert.Equal(200, after);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task AnyOperation_WithoutTheControlToken_Is401_AndChangesNothing(string? token)
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 0));

        var (status, body) = await CallAsync(emulator, HttpMethod.Post, "/faults", """[{"kind":"Throttle429","count":0}]""", token);
        var (read, _) = await CallAsync(emulator, HttpMethod.Get, "/state", token: token);

        Assert.Equal((401, 401), (status, read));
        Assert.Contains("Bearer", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(emulator.Control.Faults);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/tmp/anywhere")]
    [InlineData("inside/../../outside")]
    public async Task Snapshot_APathOutsideTheSnapshotRoot_IsRefused(string path)
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 0));

        var (status, body) = await CallAsync(emulator, HttpMethod.Post, "/snapshot?path=" + Uri.EscapeDataString(path));

        Assert.Equal(400, status);
        Assert.Contains("relative folder under the snapshot root", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_ARelativePath_IsWrittenUnderTheSnapshotRoot()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 1));
        var name = "test-" + Guid.NewGuid().ToString("N")[..8];

        var (status, body) = await CallAsync(emulator, HttpMethod.Post, "/snapshot?path=" + name);

        Assert.Equal(200, status);
        var written = body!["path"]!.GetValue<string>();
        Assert.StartsWith(Path.GetFullPath(new GraphEmulatorOptions().SnapshotRoot), written, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(written, "tenant.json")));
        System.IO.Directory.Delete(written, recursive: true);
    }

    [Theory]
    [InlineData("../../escape@contoso.com")]
    [InlineData("a/b@contoso.com")]
    [InlineData("..")]
    public void SnapshotWriter_AMailboxKeyThatIsNotOnePathSegment_IsRefused(string key) =>
        Assert.Throws<InvalidDataException>(() => GraphNetworker.GraphEmulator.Tenants.SnapshotFolderWriter.PathSegment(key));
}
