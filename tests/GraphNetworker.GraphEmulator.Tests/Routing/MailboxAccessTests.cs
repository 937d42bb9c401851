using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Tenants;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;
using Microsoft.Graph.Models.ODataErrors;

namespace GraphNetworker.GraphEmulator.Tests.Routing;

/// <summary>Mailboxes Graph cannot serve, and the application's Exchange scope (RBAC for Applications).</summary>
public sealed class MailboxAccessTests
{
    private static readonly string[] MailboxEndpoints =
    [
        "mailFolders", "mailFolders/inbox/messages/delta", "messages", "events", "calendarView?startDateTime=2026-03-01T00:00:00Z&endDateTime=2026-03-08T00:00:00Z",
        "calendarView/delta?startDateTime=2026-03-01T00:00:00Z&endDateTime=2026-03-08T00:00:00Z", "mailboxSettings", "todo/lists",
    ];

    [Theory]
    [InlineData(MailboxCondition.NotEnabledForRest, "MailboxNotEnabledForRESTAPI")]
    [InlineData(MailboxCondition.InvalidUser, "ErrorInvalidUser")]
    public async Task MailboxCondition_EveryMailboxEndpoint_Is404WithTheCode(MailboxCondition condition, string code)
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        emulator.Control.SetMailboxCondition(TestTenants.Dana, condition);
        var http = emulator.Http();

        foreach (var endpoint in MailboxEndpoints)
        {
            var (status, body, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/{endpoint}");
            Assert.True(status == 404, endpoint + ": " + status);
            Assert.Equal(code, body!["error"].Str("code"));
            Assert.NotNull(body["error"]!["innerError"]!["request-id"]);
        }

        var (user, _, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}");
        var (other, _, _) = await http.GetJsonAsync($"users/{TestTenants.Lee}/mailFolders");
        Assert.Equal(200, user);
        Assert.Equal(200, other);
    }

    [Fact]
    public async Task MailboxCondition_ThroughControlApiThenHealthy_ServesAgain()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var http = emulator.Http();
        using var control = new HttpClient { BaseAddress = new Uri(emulator.Server.ControlUrl + "/") };
        control.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GraphEmulatorOptions.DeveloperToken);

        var set = await control.PostJsonAsync("mutate", new { op = "setMailboxCondition", user = TestTenants.Dana, condition = "notEnabledForRest" });
        var (refused, _, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders");
        await control.PostJsonAsync("mutate", new { op = "setMailboxCondition", user = TestTenants.Dana, condition = "healthy" });
        var (served, _, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders");

        Assert.True(set.IsSuccessStatusCode);
        Assert.Equal(404, refused);
        Assert.Equal(200, served);
    }

    [Fact]
    public async Task MailboxCondition_Sdk_ThrowsODataErrorWithCode()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        emulator.Control.SetMailboxCondition(TestTenants.Dana, MailboxCondition.NotEnabledForRest);

        var error = await Assert.ThrowsAsync<ODataError>(() => emulator.Graph().Users[TestTenants.Dana].MailboxSettings.GetAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(404, error.ResponseStatusCode);
        Assert.Equal("MailboxNotEnabledForRESTAPI", error.Error!.Code);
    }

    private static TenantSnapshot Scoped(string membership)
    {
        var snapshot = TestTenants.Small();
        snapshot.Tenant["exchangeApplicationScope"] = new JsonObject { ["groupId"] = TestTenants.GroupId, ["membership"] = membership };
        return snapshot;
    }

    [Fact]
    public async Task ExchangeScopeDirect_NestedMember_MailCalendarSettings403ButToDoServed()
    {
        await using var emulator = await TestEmulator.StartAsync(Scoped("direct"));
        var http = emulator.Http();

        foreach (var endpoint in MailboxEndpoints.Where(e => !e.StartsWith("todo", StringComparison.Ordinal)))
        {
            var (status, body, _) = await http.GetJsonAsync($"users/{TestTenants.Lee}/{endpoint}");
            Assert.True(status == 403, endpoint + ": " + status);
            Assert.Equal("ErrorAccessDenied", body!["error"].Str("code"));
        }

        var (todo, _, _) = await http.GetJsonAsync($"users/{TestTenants.Lee}/todo/lists");
        var (direct, _, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/inbox/messages/delta");
        Assert.Equal(200, todo);
        Assert.Equal(200, direct);
    }

    [Fact]
    public async Task ExchangeScopeTransitive_NestedMember_IsServed()
    {
        await using var emulator = await TestEmulator.StartAsync(Scoped("transitive"));

        var (status, _, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Lee}/mailFolders");

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task ExchangeScope_SetThroughControlApiAndExported_SurvivesASnapshotRoundTrip()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        using var control = new HttpClient { BaseAddress = new Uri(emulator.Server.ControlUrl + "/") };
        control.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GraphEmulatorOptions.DeveloperToken);

        var set = await control.PostJsonAsync("exchange-scope", new { groupId = TestTenants.NestedGroupId, membership = "direct" });
        var (dana, _, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/mailFolders");
        var exported = emulator.Control.ExportSnapshot();

        Assert.True(set.IsSuccessStatusCode);
        Assert.Equal(403, dana);
        Assert.Equal(TestTenants.NestedGroupId, exported.Tenant["exchangeApplicationScope"]!.Str("groupId"));
        await using var reloaded = await TestEmulator.StartAsync(exported);
        Assert.Equal(ScopeMembership.Direct, reloaded.Control.ExchangeApplicationScope!.Membership);
    }
}
