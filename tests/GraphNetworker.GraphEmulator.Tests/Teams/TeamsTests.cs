using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Tenants;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;

namespace GraphNetworker.GraphEmulator.Tests.Teams;

/// <summary>Chats, chat members and call records as Microsoft documents them (docs/emulator.md, "Teams").</summary>
public sealed class TeamsTests
{
    private const string ReadBasicToken = "read-basic";
    private const string ReadAllToken = "read-all";
    private const string NoTeamsToken = "no-teams";

    private static void Tokens(GraphEmulatorOptions o)
    {
        o.TokenRoles[ReadBasicToken] = new TokenGrant { Roles = ["Chat.ReadBasic.All", "CallRecords.Read.All", "User.Read.All"] };
        o.TokenRoles[ReadAllToken] = new TokenGrant { Roles = ["Chat.Read.All", "CallRecords.Read.All"] };
        o.TokenRoles[NoTeamsToken] = new TokenGrant { Roles = ["Mail.ReadBasic.All", "Calendars.ReadWrite", "User.Read.All"] };
        o.TokenRoles[GraphEmulatorOptions.DeveloperToken] = new TokenGrant { Roles = ["*"] };
    }

    private static async Task<(TestEmulator Emulator, string Chat)> WithChatAsync(Action<GraphEmulatorOptions>? configure = null)
    {
        var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => { Tokens(o); configure?.Invoke(o); });
        var chat = emulator.Control.StartChat([TestTenants.Dana, TestTenants.Lee], createdAt: TestEmulator.Epoch.AddDays(-100));
        emulator.Control.PostChatMessage(chat, TestTenants.Lee, "the secret launch date is Friday", TestEmulator.Epoch.AddHours(-2));
        return (emulator, chat);
    }

    [Fact]
    public async Task ListChats_ExpandPreview_GivesTheLastMessageButNeverMovesLastUpdatedDateTime()
    {
        var (emulator, chat) = await WithChatAsync();
        await using var _ = emulator;

        var (status, body, _) = await emulator.Http(ReadAllToken).GetJsonAsync(
            $"users/{TestTenants.DanaId}/chats?$expand=lastMessagePreview&$orderby=lastMessagePreview/createdDateTime desc&$top=50");

        Assert.Equal(200, status);
        var item = Assert.Single(body.Values());
        Assert.Equal(chat, item.Str("id"));
        Assert.Equal("oneOnOne", item.Str("chatType"));
        Assert.Null(item!["members"]);
        Assert.Equal(TestTenants.LeeId, item["lastMessagePreview"]!["from"]!["user"].Str("id"));
        Assert.Equal("the secret launch date is Friday", item["lastMessagePreview"]!["body"].Str("content"));
        Assert.StartsWith("2026-03-02T07:00:00", item["lastMessagePreview"].Str("createdDateTime"), StringComparison.Ordinal);
        Assert.StartsWith("2025-11-22", item.Str("lastUpdatedDateTime"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListChats_PreviewUnderChatReadBasicAll_IsRefusedByDefault_AndServedInTheLenientVariant()
    {
        var (strict, _) = await WithChatAsync();
        await using var s = strict;
        var (lenient, _) = await WithChatAsync(o => o.Fidelity.ChatPreviewUnderReadBasic = ChatPreviewUnderReadBasic.Served);
        await using var l = lenient;
        var url = $"users/{TestTenants.DanaId}/chats?$expand=lastMessagePreview";

        var refused = await strict.Http(ReadBasicToken).GetJsonAsync(url);
        var withoutPreview = await strict.Http(ReadBasicToken).GetJsonAsync($"users/{TestTenants.DanaId}/chats?$expand=members");
        var served = await lenient.Http(ReadBasicToken).GetJsonAsync(url);

        Assert.Equal(403, refused.Status);
        Assert.Equal("Forbidden", refused.Body!["error"].Str("code"));
        Assert.Equal(200, withoutPreview.Status);
        Assert.Equal(2, withoutPreview.Body.Values()[0]!["members"]!.AsArray().Count);
        Assert.Equal(200, served.Status);
    }

    [Fact]
    public async Task ListChats_WithoutAChatRole_IsRefused()
    {
        var (emulator, _) = await WithChatAsync();
        await using var _e = emulator;

        var (status, _, _) = await emulator.Http(NoTeamsToken).GetJsonAsync($"users/{TestTenants.DanaId}/chats");

        Assert.Equal(403, status);
    }

    [Theory]
    [InlineData("$top=51")]
    [InlineData("$orderby=createdDateTime")]
    [InlineData("$orderby=lastMessagePreview/createdDateTime")]
    [InlineData("$select=id,topic")]
    [InlineData("$expand=messages")]
    public async Task ListChats_UndocumentedQueryOptions_Are400(string query)
    {
        var (emulator, _) = await WithChatAsync();
        await using var _e = emulator;

        var (status, _, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.DanaId}/chats?{query}");

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task ListChats_ExpandMembers_StopsAtTwentyFive_TheMembersEndpointHasThemAll()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), Tokens);
        var chat = emulator.Control.StartChat([TestTenants.Dana, TestTenants.Lee], topic: "Big");
        for (var i = 0; i < 30; i++)
        {
            emulator.Control.AddChatMember(chat, $"00000000-0000-4000-8000-{i:D12}", $"member{i}@contoso.com", $"Member {i}");
        }

        var listed = await emulator.Http().GetJsonAsync($"users/{TestTenants.DanaId}/chats?$expand=members");
        var members = await emulator.Http().GetJsonAsync($"users/{TestTenants.DanaId}/chats/{Uri.EscapeDataString(chat)}/members");

        Assert.Equal(25, listed.Body.Values()[0]!["members"]!.AsArray().Count);
        Assert.Equal(32, members.Body.Values().Count);
        Assert.Equal("#microsoft.graph.aadUserConversationMember", members.Body.Values()[0].Str("@odata.type"));
    }

    [Fact]
    public async Task ChatMembers_OfAChatTheUserIsNotIn_Are404()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), Tokens);
        var chat = emulator.Control.StartChat([TestTenants.Lee, TestTenants.NoMailbox]);

        var (status, _, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.DanaId}/chats/{Uri.EscapeDataString(chat)}/members");

        Assert.Equal(404, status);
    }

    [Fact]
    public async Task AddingAMember_MovesLastUpdatedDateTime_WritingDoesNot()
    {
        var (emulator, chat) = await WithChatAsync();
        await using var _e = emulator;
        var before = (await emulator.Http().GetJsonAsync($"users/{TestTenants.DanaId}/chats")).Body.Values()[0].Str("lastUpdatedDateTime");

        emulator.Control.PostChatMessage(chat, TestTenants.Dana, "another secret");
        var afterMessage = (await emulator.Http().GetJsonAsync($"users/{TestTenants.DanaId}/chats")).Body.Values()[0].Str("lastUpdatedDateTime");
        emulator.Control.AddChatMember(chat, TestTenants.NoMailbox, TestTenants.NoMailbox, "No Mailbox");
        var afterMember = (await emulator.Http().GetJsonAsync($"users/{TestTenants.DanaId}/chats")).Body.Values()[0].Str("lastUpdatedDateTime");

        Assert.Equal(before, afterMessage);
        Assert.NotEqual(before, afterMember);
    }

    [Fact]
    public async Task Chats_AreServedForUsersOutsideTheExchangeApplicationScope()
    {
        var (emulator, _) = await WithChatAsync();
        await using var _e = emulator;
        emulator.Control.SetExchangeApplicationScope(TestTenants.NestedGroupId);

        var mail = await emulator.Http().GetJsonAsync($"users/{TestTenants.DanaId}/mailFolders");
        var chats = await emulator.Http().GetJsonAsync($"users/{TestTenants.DanaId}/chats");

        Assert.Equal(403, mail.Status);
        Assert.Equal(200, chats.Status);
    }

    [Fact]
    public async Task CallRecords_ListedWithoutParticipants_FilteredByParticipant_KeptThirtyDays()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), Tokens);
        var now = emulator.Control.Now;
        var recent = emulator.Control.AddCall([TestTenants.Dana, TestTenants.Lee], now.AddDays(-3), TimeSpan.FromMinutes(20));
        var others = emulator.Control.AddCall([TestTenants.Lee, TestTenants.NoMailbox], now.AddDays(-2), TimeSpan.FromMinutes(20));
        var old = emulator.Control.AddCall([TestTenants.Dana, TestTenants.Lee], now.AddDays(-31), TimeSpan.FromMinutes(20));
        var http = emulator.Http(ReadAllToken);

        var all = await http.GetJsonAsync("communications/callRecords");
        var dana = await http.GetJsonAsync($"communications/callRecords?$filter=participants_v2/any(p:p/id eq '{TestTenants.DanaId}')");
        var expanded = await http.GetJsonAsync($"communications/callRecords/{recent}?$expand=participants_v2");
        var gone = await http.GetJsonAsync($"communications/callRecords/{old}");
        var unsupported = await http.GetJsonAsync("communications/callRecords?$filter=type eq 'peerToPeer'");
        var refused = await emulator.Http(NoTeamsToken).GetJsonAsync("communications/callRecords");

        Assert.Equal([recent, others], all.Body.Values().Select(v => v.Str("id")).Order(StringComparer.Ordinal).ToArray().Order(StringComparer.Ordinal));
        Assert.All(all.Body.Values(), v => Assert.Null(v!["participants_v2"]));
        Assert.Equal(recent, Assert.Single(dana.Body.Values()).Str("id"));
        Assert.Equal("peerToPeer", expanded.Body.Str("type"));
        Assert.Equal(2, expanded.Body!["participants_v2"]!.AsArray().Count);
        Assert.Equal(404, gone.Status);
        Assert.Equal(400, unsupported.Status);
        Assert.Equal(403, refused.Status);
    }

    [Fact]
    public async Task CallRecord_WithMoreThan130Participants_PagesThem()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), Tokens);
        var record = TeamsShapesForTests.Call("0aa1b2c3-0000-4000-8000-000000000001", emulator.Control.Now.AddDays(-1), 140);
        emulator.Control.AddCallRecord(record);
        var http = emulator.Http();

        var first = await http.GetJsonAsync("communications/callRecords/0aa1b2c3-0000-4000-8000-000000000001?$expand=participants_v2");
        var next = await http.GetJsonAsync(http.Relative(first.Body.Str("participants_v2@odata.nextLink")));

        Assert.Equal(130, first.Body!["participants_v2"]!.AsArray().Count);
        Assert.Equal(10, next.Body.Values().Count);
    }

    [Fact]
    public async Task TeamsRequests_BeyondThePerTenantRate_Are429WithRetryAfter()
    {
        var (emulator, _) = await WithChatAsync(o => o.Throttling.TeamsRequestsPerSecond = 3);
        await using var _e = emulator;
        var http = emulator.Http();

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await http.GetJsonAsync($"users/{TestTenants.DanaId}/chats")).Status);
        }

        var throttled = await http.GetJsonAsync($"users/{TestTenants.LeeId}/chats");
        emulator.Clock.Advance(TimeSpan.FromSeconds(2));
        var later = await http.GetJsonAsync($"users/{TestTenants.DanaId}/chats");

        Assert.Equal([200, 200, 200, 429], statuses);
        Assert.Equal(429, throttled.Status);
        Assert.NotNull(throttled.Response.Headers.RetryAfter);
        Assert.Equal(200, later.Status);
    }

    [Fact]
    public async Task ListChats_PagesWithNextLinks()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), Tokens);
        for (var i = 0; i < 7; i++)
        {
            var chat = emulator.Control.StartChat([TestTenants.Dana, TestTenants.Lee, TestTenants.NoMailbox], topic: "Topic " + i, createdAt: TestEmulator.Epoch.AddDays(-i));
            emulator.Control.PostChatMessage(chat, TestTenants.Lee, "text " + i, TestEmulator.Epoch.AddMinutes(-i));
        }

        var http = emulator.Http();
        var ids = new List<string>();
        var url = $"users/{TestTenants.DanaId}/chats?$expand=lastMessagePreview&$orderby=lastMessagePreview/createdDateTime desc&$top=3";
        while (url is not null)
        {
            var page = await http.GetJsonAsync(url);
            ids.AddRange(page.Body.Values().Select(v => v.Str("id")));
            url = page.Body!["@odata.nextLink"] is { } next ? http.Relative(next.GetValue<string>()) : null!;
        }

        Assert.Equal(7, ids.Distinct().Count());
    }

    [Fact]
    public async Task Snapshot_KeepsChatsAndCallRecords()
    {
        var (emulator, chat) = await WithChatAsync();
        await using var _e = emulator;
        var call = emulator.Control.AddCall([TestTenants.Dana, TestTenants.Lee], emulator.Control.Now.AddDays(-1), TimeSpan.FromMinutes(5));
        var folder = System.IO.Directory.CreateTempSubdirectory("teams-snapshot").FullName;

        emulator.Control.ExportSnapshot(folder);
        await using var reloaded = await TestEmulator.StartAsync(TenantSnapshot.LoadFolder(folder), Tokens);

        Assert.Equal(chat, Assert.Single(reloaded.Control.Chats(TestTenants.Dana)).Str("id"));
        Assert.Equal(200, (await reloaded.Http().GetJsonAsync($"communications/callRecords/{call}")).Status);
        System.IO.Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task SyntheticTenant_HasAChattyColleagueAndSomeoneFromOutside()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.Tenant = "synthetic:users=2,months=6,seed=7");
        var manifest = emulator.Control.SyntheticManifest!;
        var facts = manifest.Mailboxes[0];
        var chats = emulator.Control.Chats(facts.UserPrincipalName);

        Assert.NotNull(facts.ChattyColleague);
        Assert.Contains(chats, c => c.Str("chatType") == "oneOnOne" && c["members"]!.AsArray().Any(m => m!["email"]?.GetValue<string>() == facts.ChattyColleague));
        Assert.Contains(chats, c => c["members"]!.AsArray().Any(m => m!["displayName"]?.GetValue<string>() == facts.TeamsOutsider && m["email"] is null));
        Assert.Contains(chats, c => c.Str("chatType") == "meeting");
        Assert.Contains(chats, c => c["members"]!.AsArray().Count > 15);
    }
}

/// <summary>Call records bigger than the helpers on <see cref="EmulatorControl"/> make.</summary>
internal static class TeamsShapesForTests
{
    public static JsonObject Call(string id, DateTimeOffset start, int participants) => new()
    {
        ["id"] = id,
        ["version"] = 1,
        ["type"] = "groupCall",
        ["modalities"] = new JsonArray("audio"),
        ["lastModifiedDateTime"] = start.AddHours(1).ToString("o"),
        ["startDateTime"] = start.ToString("o"),
        ["endDateTime"] = start.AddMinutes(30).ToString("o"),
        ["participants_v2"] = new JsonArray([.. Enumerable.Range(0, participants).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = $"00000000-0000-4000-8000-{i:D12}",
            ["identity"] = new JsonObject { ["user"] = new JsonObject { ["id"] = $"00000000-0000-4000-8000-{i:D12}", ["displayName"] = "P" + i } },
        })]),
    };
}
