using System.Text.Json;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using MessageDelta = Microsoft.Graph.Users.Item.MailFolders.Item.Messages.Delta;

namespace GraphNetworker.GraphEmulator.Tests.Mail;

/// <summary>Message delta driven by the unmodified SDK, following next and delta links verbatim.</summary>
public sealed class MessageDeltaSdkTests
{
    private static readonly string[] Select =
    [
        "id", "from", "sender", "toRecipients", "ccRecipients", "bccRecipients", "receivedDateTime", "sentDateTime",
        "conversationId", "internetMessageId", "inferenceClassification", "internetMessageHeaders", "isDraft", "webLink", "subject", "parentFolderId",
    ];

    [Fact]
    public async Task Delta_InitialRound_PagesByPreferMaxPageSizeAndEndsWithDeltaLink()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 5));
        var graph = emulator.Graph();

        var (messages, pages, deltaLink) = await RoundAsync(graph, maxPageSize: 2);

        Assert.Equal(5, messages.Count);
        Assert.Equal(3, pages);
        Assert.Contains("$deltatoken=", deltaLink, StringComparison.Ordinal);
        Assert.StartsWith(emulator.Server.BaseUrl.ToString(), deltaLink, StringComparison.Ordinal);
        var deltaRequests = emulator.Control.Requests.Where(r => r.Url.Contains("/delta", StringComparison.Ordinal)).ToList();
        Assert.All(deltaRequests, r => Assert.Contains("odata.maxpagesize=2", r.Header("Prefer"), StringComparison.Ordinal));
        Assert.Contains("delta()", deltaRequests[0].Url, StringComparison.Ordinal);
        Assert.DoesNotContain(deltaRequests, r => r.Url.Contains("$top", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delta_ReadBasicCaller_NeverReceivesBodies()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 2), o =>
            o.TokenRoles["readbasic"] = new TokenGrant { Roles = ["Mail.ReadBasic.All"] });
        var http = emulator.Http("readbasic");

        var (status, body, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/inbox/messages/delta?$select=id,subject,body,bodyPreview");

        Assert.Equal(200, status);
        var message = body!.Values()[0]!.AsObject();
        Assert.Equal("Message 0", message.Str("subject"));
        Assert.False(message.ContainsKey("body"));
        Assert.False(message.ContainsKey("bodyPreview"));
    }

    [Fact]
    public async Task Delta_NextRound_ReturnsOnlyChangesWithRemovedTombstones()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 3));
        var graph = emulator.Graph();
        var (first, _, deltaLink) = await RoundAsync(graph, maxPageSize: 10);
        var control = emulator.Control;

        var added = control.AddMessage(TestTenants.Dana, "inbox", TestTenants.Message(10, TestEmulator.Epoch));
        control.UpdateMessage(TestTenants.Dana, first[0].Id!, new() { ["inferenceClassification"] = "other" });
        control.DeleteMessage(TestTenants.Dana, first[1].Id!);
        var (changes, _, nextDelta) = await RoundAsync(graph, maxPageSize: 10, link: deltaLink);

        Assert.Equal(3, changes.Count);
        Assert.Contains(changes, m => m.Id == added && m.Subject == "Message 10");
        Assert.Contains(changes, m => m.Id == first[0].Id && !IsRemoved(m));
        var removed = Assert.Single(changes, IsRemoved);
        Assert.Equal(first[1].Id, removed.Id);
        var (quiet, _, _) = await RoundAsync(graph, maxPageSize: 10, link: nextDelta);
        Assert.Empty(quiet);
    }

    [Fact]
    public async Task Delta_MoveWithImmutableIds_RemovedFromSourceAndSameIdInTarget()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 2));
        var graph = emulator.Graph();
        const string Immutable = "IdType=\"ImmutableId\"";
        var (inbox, _, inboxDelta) = await RoundAsync(graph, 10, prefer: Immutable);
        var (_, _, archiveDelta) = await RoundAsync(graph, 10, folder: "archive", prefer: Immutable);

        var newRestId = emulator.Control.MoveMessage(TestTenants.Dana, inbox[0].Id!, "archive");
        var (inboxChanges, _, _) = await RoundAsync(graph, 10, link: inboxDelta, prefer: Immutable);
        var (archiveChanges, _, _) = await RoundAsync(graph, 10, link: archiveDelta, prefer: Immutable);

        Assert.Equal(inbox[0].Id, Assert.Single(inboxChanges, IsRemoved).Id);
        Assert.Equal(inbox[0].Id, Assert.Single(archiveChanges).Id);
        Assert.NotEqual(inbox[0].Id, newRestId);
    }

    [Fact]
    public async Task Delta_MoveWithoutImmutableIds_TargetGetsNewId()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 2));
        var graph = emulator.Graph();
        var (inbox, _, _) = await RoundAsync(graph, 10);
        var (_, _, archiveDelta) = await RoundAsync(graph, 10, folder: "archive");

        emulator.Control.MoveMessage(TestTenants.Dana, inbox[0].Id!, "archive");
        var (archiveChanges, _, _) = await RoundAsync(graph, 10, link: archiveDelta);

        var moved = Assert.Single(archiveChanges);
        Assert.NotEqual(inbox[0].Id, moved.Id);
        Assert.Equal(inbox[0].InternetMessageId, moved.InternetMessageId);
    }

    [Fact]
    public async Task Delta_Top_CapsTheWholeRoundNotThePage()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 25));
        var http = emulator.Http();

        var (_, page1, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/inbox/messages/delta?$top=2");
        var (_, page2, _) = await http.GetJsonAsync(page1!.Str("@odata.nextLink"));

        Assert.Equal(2, page1!.Values().Count);
        Assert.Empty(page2!.Values());
        Assert.True(page2!.ContainsKey("@odata.deltaLink"));
        Assert.False(page2!.ContainsKey("@odata.nextLink"));
    }

    [Fact]
    public async Task Delta_DefaultPageSize_IsTen()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 25));

        var (_, page, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/inbox/messages/delta");

        Assert.Equal(10, page!.Values().Count);
        Assert.False(page!.ContainsKey("@odata.deltaLink"));
    }

    [Fact]
    public async Task Delta_FilterReceivedDateTimeGe_ReturnsOnlyNewerMessages()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 6));
        var since = TestEmulator.Epoch.AddDays(-3).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var (messages, _, _) = await RoundAsync(emulator.Graph(), 10, filter: "receivedDateTime ge " + since);

        Assert.Equal(["Message 3", "Message 4", "Message 5"], messages.Select(m => m.Subject).Order());
    }

    [Fact]
    public async Task Delta_FilterOtherThanReceivedDateTime_Is400()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var error = await Assert.ThrowsAsync<ODataError>(() => RoundAsync(emulator.Graph(), 10, filter: "subject eq 'x'"));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal("ErrorInvalidUrlQueryFilter", error.Error!.Code);
    }

    [Fact]
    public async Task Delta_InvalidatedToken_Is410SyncStateNotFoundWithLocationAndNotRetried()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 2));
        var graph = emulator.Graph();
        var (_, _, deltaLink) = await RoundAsync(graph, 10, select: ["id", "subject"]);

        emulator.Control.InvalidateDeltaTokens(TestTenants.Dana, "inbox");
        var before = emulator.Control.Requests.Count;
        var error = await Assert.ThrowsAsync<ODataError>(() => RoundAsync(graph, 10, link: deltaLink));

        Assert.Equal(410, error.ResponseStatusCode);
        Assert.Equal("syncStateNotFound", error.Error!.Code);
        Assert.Equal(before + 1, emulator.Control.Requests.Count);
        var location = emulator.Control.Requests.Last();
        Assert.Equal(410, location.Status);
        var (status, restart, response) = await emulator.Http().GetJsonAsync(deltaLink);
        Assert.Equal(410, status);
        var restartUrl = response.Headers.Location!.ToString();
        Assert.EndsWith("$deltatoken=", restartUrl, StringComparison.Ordinal);
        Assert.Contains("$select=id%2Csubject", restartUrl, StringComparison.Ordinal);
        var (again, fresh, _) = await emulator.Http().GetJsonAsync(restartUrl);
        Assert.Equal(200, again);
        Assert.Equal(2, fresh!.Values().Count);
        _ = restart;
    }

    [Fact]
    public async Task Delta_ResyncRequiredMode_Is400ResyncRequired()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Delta.ExpiredTokenResponse = ExpiredTokenResponse.ResyncRequired400);
        var graph = emulator.Graph();
        var (_, _, deltaLink) = await RoundAsync(graph, 10);

        emulator.Control.InvalidateDeltaTokens();
        var error = await Assert.ThrowsAsync<ODataError>(() => RoundAsync(graph, 10, link: deltaLink));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal("resyncRequired", error.Error!.Code);
    }

    [Fact]
    public async Task Delta_TokenOlderThanMaxAge_ExpiresOnTheEmulatorClock()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Delta.MaxTokenAge = TimeSpan.FromDays(7));
        var graph = emulator.Graph();
        var (_, _, deltaLink) = await RoundAsync(graph, 10);

        emulator.Clock.Advance(TimeSpan.FromDays(6));
        var (_, _, fresher) = await RoundAsync(graph, 10, link: deltaLink);
        emulator.Clock.Advance(TimeSpan.FromDays(8));
        var error = await Assert.ThrowsAsync<ODataError>(() => RoundAsync(graph, 10, link: fresher));

        Assert.Equal(410, error.ResponseStatusCode);
    }

    [Fact]
    public async Task Delta_EmptyPageMode_FirstPageIsEmptyWithNextLink()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 3), o => o.Delta.EmptyPages = true);

        var (messages, pages, _) = await RoundAsync(emulator.Graph(), 10);

        Assert.Equal(3, messages.Count);
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task Delta_ReplayMode_RepeatsItemsAcrossPages()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 5), o => o.Delta.ReplayItems = true);

        var (messages, _, _) = await RoundAsync(emulator.Graph(), 2);

        Assert.True(messages.Count > 5);
        Assert.Equal(5, messages.Select(m => m.Id).Distinct().Count());
    }

    [Fact]
    public async Task Delta_WellKnownAndIdFolderNames_ReachTheSameFolder()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 2));
        var graph = emulator.Graph();
        var inbox = await graph.Users[TestTenants.Dana].MailFolders["inbox"].GetAsync(cancellationToken: TestContext.Current.CancellationToken);

        var (byId, _, _) = await RoundAsync(graph, 10, folder: inbox!.Id!);

        Assert.Equal(2, byId.Count);
        Assert.All(byId, m => Assert.Equal(inbox.Id, m.ParentFolderId));
    }

    internal static bool IsRemoved(Message m) => m.AdditionalData.ContainsKey("@removed");

    internal static async Task<(List<Message> Messages, int Pages, string DeltaLink)> RoundAsync(
        GraphServiceClient graph, int maxPageSize, string? link = null, string folder = "inbox", string? prefer = null, string? filter = null, string[]? select = null)
    {
        var all = new List<Message>();
        var pages = 0;
        var ct = TestContext.Current.CancellationToken;
        void Headers(Microsoft.Kiota.Abstractions.RequestHeaders headers) =>
            headers.Add("Prefer", "odata.maxpagesize=" + maxPageSize + (prefer is null ? string.Empty : ", " + prefer));

        MessageDelta.DeltaGetResponse? page = link is null
            ? await graph.Users[TestTenants.Dana].MailFolders[folder].Messages.Delta.GetAsDeltaGetResponseAsync(c =>
            {
                c.QueryParameters.Select = select ?? Select;
                c.QueryParameters.Filter = filter;
                Headers(c.Headers);
            }, ct)
            : await new MessageDelta.DeltaRequestBuilder(link, graph.RequestAdapter).GetAsDeltaGetResponseAsync(c => Headers(c.Headers), ct);
        while (true)
        {
            pages++;
            all.AddRange(page!.Value ?? []);
            Assert.False(page.OdataNextLink is not null && page.OdataDeltaLink is not null, "a page can't carry both links");
            if (page.OdataDeltaLink is { } delta)
            {
                return (all, pages, delta);
            }

            Assert.True(pages < 100, "nextLink loop");
            page = await new MessageDelta.DeltaRequestBuilder(page.OdataNextLink!, graph.RequestAdapter).GetAsDeltaGetResponseAsync(c => Headers(c.Headers), ct);
        }
    }

    internal static JsonElement Raw(Message m, string property) => (JsonElement)m.AdditionalData[property];
}
