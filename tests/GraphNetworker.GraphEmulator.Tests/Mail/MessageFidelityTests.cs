using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Tenants;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;

namespace GraphNetworker.GraphEmulator.Tests.Mail;

/// <summary>internetMessageHeaders by folder and permission, partial items and @removed reasons in message delta.</summary>
public sealed class MessageFidelityTests
{
    private const string ReadBasic = "readbasic";
    private const string Full = "full";

    private static TenantSnapshot WithHeaders()
    {
        var snapshot = TestTenants.Small(inboxMessages: 1);
        var headers = new JsonArray(new JsonObject { ["name"] = "List-Unsubscribe", ["value"] = "<mailto:leave@news.example>" });
        ((JsonObject)snapshot.Mailbox(TestTenants.Dana).Folder("inbox")[0])["internetMessageHeaders"] = headers.DeepClone();
        var sent = TestTenants.Message(50, TestEmulator.Epoch.AddDays(-1), from: TestTenants.Dana);
        sent["internetMessageHeaders"] = headers.DeepClone();
        snapshot.Mailbox(TestTenants.Dana).Folder("sentitems").Add(sent);
        return snapshot;
    }

    private static void Tokens(GraphEmulatorOptions o)
    {
        o.TokenRoles[ReadBasic] = new TokenGrant { Roles = ["Mail.ReadBasic.All"] };
        o.TokenRoles[Full] = new TokenGrant { Roles = ["Mail.Read"] };
    }

    private static async Task<JsonObject> FirstAsync(TestEmulator emulator, string token, string folder)
    {
        var (status, body, _) = await emulator.Http(token).GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/{folder}/messages?$select=subject,internetMessageHeaders");
        Assert.Equal(200, status);
        return body.Values()[0]!.AsObject();
    }

    [Fact]
    public async Task SentItems_FullMailPermission_HasNoInternetMessageHeaders()
    {
        await using var emulator = await TestEmulator.StartAsync(WithHeaders(), Tokens);

        var inbox = await FirstAsync(emulator, Full, "inbox");
        var sent = await FirstAsync(emulator, Full, "sentitems");

        Assert.True(inbox.ContainsKey("internetMessageHeaders"));
        Assert.False(sent.ContainsKey("internetMessageHeaders"));
    }

    [Fact]
    public async Task SentItems_LegacyFidelity_KeepsInternetMessageHeaders()
    {
        await using var emulator = await TestEmulator.StartAsync(WithHeaders(), o =>
        {
            Tokens(o);
            o.Fidelity.UseLegacy(nameof(GraphFidelityOptions.SentItemsHaveInternetMessageHeaders));
        });

        Assert.True((await FirstAsync(emulator, Full, "sentitems")).ContainsKey("internetMessageHeaders"));
    }

    [Fact]
    public async Task Inbox_ReadBasicByDefault_OmitsInternetMessageHeadersSilently()
    {
        await using var emulator = await TestEmulator.StartAsync(WithHeaders(), Tokens);

        var message = await FirstAsync(emulator, ReadBasic, "inbox");

        Assert.Equal("Message 0", message.Str("subject"));
        Assert.False(message.ContainsKey("internetMessageHeaders"));
    }

    [Fact]
    public async Task Inbox_ReadBasicReturnedMode_ServesInternetMessageHeaders()
    {
        await using var emulator = await TestEmulator.StartAsync(WithHeaders(), o =>
        {
            Tokens(o);
            o.Fidelity.InternetMessageHeadersUnderReadBasic = ReadBasicInternetMessageHeaders.Returned;
        });

        var headers = (JsonArray)(await FirstAsync(emulator, ReadBasic, "inbox"))["internetMessageHeaders"]!;

        Assert.Equal("List-Unsubscribe", headers[0]!.Str("name"));
    }

    [Fact]
    public async Task Delta_ReadBasicRefusedMode_SelectingHeadersIs403AccessDenied()
    {
        await using var emulator = await TestEmulator.StartAsync(WithHeaders(), o =>
        {
            Tokens(o);
            o.Fidelity.InternetMessageHeadersUnderReadBasic = ReadBasicInternetMessageHeaders.Refused403;
        });
        var http = emulator.Http(ReadBasic);

        var (refused, error, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/inbox/messages/delta?$select=subject,internetMessageHeaders");
        var (allowed, _, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/inbox/messages/delta?$select=subject");

        Assert.Equal(403, refused);
        Assert.Equal("ErrorAccessDenied", error!["error"].Str("code"));
        Assert.Equal(200, allowed);
    }

    [Fact]
    public async Task Delta_ReadStateChangedWithIsReadSelected_IsAPartialItem()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 2));
        var http = emulator.Http();
        var (deltaLink, first) = await RoundAsync(http, "delta?$select=subject,isRead,from,receivedDateTime");

        emulator.Control.UpdateMessage(TestTenants.Dana, first[0].Str("id"), new JsonObject { ["isRead"] = true });
        var added = emulator.Control.AddMessage(TestTenants.Dana, "inbox", TestTenants.Message(9, TestEmulator.Epoch));
        var (_, changes) = await RoundAsync(http, http.Relative(deltaLink));

        var partial = changes.Single(m => m.Str("id") == first[0].Str("id"));
        Assert.Equal(["@odata.type", "id", "parentFolderId", "isRead"], partial.Select(p => p.Key));
        Assert.True(partial["isRead"]!.GetValue<bool>());
        var created = changes.Single(m => m.Str("id") == added);
        Assert.Equal("Message 9", created.Str("subject"));
        Assert.True(created.ContainsKey("from"));
    }

    [Fact]
    public async Task Delta_ReadStateChangedWithoutIsReadSelected_IsNotReported()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 2));
        var http = emulator.Http();
        var (deltaLink, first) = await RoundAsync(http, "delta?$select=subject,from");

        emulator.Control.UpdateMessage(TestTenants.Dana, first[0].Str("id"), new JsonObject { ["isRead"] = true });
        var (_, changes) = await RoundAsync(http, http.Relative(deltaLink));

        Assert.Empty(changes);
    }

    [Fact]
    public async Task Delta_ReadStateChangedLegacyFidelity_IsAFullItem()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 2), o => o.Fidelity.PartialDeltaUpdates = false);
        var http = emulator.Http();
        var (deltaLink, first) = await RoundAsync(http, "delta?$select=subject,from");

        emulator.Control.UpdateMessage(TestTenants.Dana, first[0].Str("id"), new JsonObject { ["isRead"] = true });
        var (_, changes) = await RoundAsync(http, http.Relative(deltaLink));

        Assert.Equal("Message 0", Assert.Single(changes).Str("subject"));
    }

    [Theory]
    [InlineData(RemovedReason.Deleted, "deleted")]
    [InlineData(RemovedReason.Changed, "changed")]
    public async Task Delta_MessageMovedOut_RemovedCarriesTheConfiguredReason(RemovedReason reason, string expected)
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 2), o => o.Fidelity.MessageRemovedReason = reason);
        var http = emulator.Http();
        var (deltaLink, first) = await RoundAsync(http, "delta?$select=subject");

        emulator.Control.MoveMessage(TestTenants.Dana, first[0].Str("id"), "archive");
        var (_, changes) = await RoundAsync(http, http.Relative(deltaLink));

        var removed = Assert.Single(changes);
        Assert.Equal(["@odata.type", "id", "@removed"], removed.Select(p => p.Key));
        Assert.Equal(expected, removed["@removed"].Str("reason"));
    }

    private static async Task<(string DeltaLink, List<JsonObject> Items)> RoundAsync(HttpClient http, string start)
    {
        var items = new List<JsonObject>();
        var url = start.StartsWith("delta", StringComparison.Ordinal) ? $"users/{TestTenants.Dana}/mailFolders/inbox/messages/" + start : start;
        while (true)
        {
            var (status, body, _) = await http.GetJsonAsync(url, prefer: "odata.maxpagesize=50");
            Assert.Equal(200, status);
            items.AddRange(body.Values().Select(v => v!.AsObject()));
            if (body!["@odata.deltaLink"] is { } delta)
            {
                return (delta.GetValue<string>(), items);
            }

            url = http.Relative(body["@odata.nextLink"]!.GetValue<string>());
        }
    }
}
