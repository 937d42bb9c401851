using System.Text.Json;
using GraphNetworker.Core.Model;
using GraphNetworker.Graph.Tests;
using GraphNetworker.Graph.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Graph;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace GraphNetworker.Graph.Tests.Contracts;

/// <summary>
/// Byte-exact contracts: the worker's own Graph client (the SDK with our one retry layer, as registered in production)
/// against WireMock.Net stubs answering exactly as Microsoft documents — the response examples of
/// <c>message: delta</c> (learn.microsoft.com/graph/api/message-delta), Graph's throttling guidance
/// (learn.microsoft.com/graph/throttling: 429 with Retry-After and the <c>TooManyRequests</c> body) and delta query's
/// error codes (learn.microsoft.com/graph/delta-query-overview: 410 <c>syncStateNotFound</c>, 400 <c>resyncRequired</c>).
/// The emulator is stateful and right for the fault suites; these fix the exact bytes the mappers and the retry layer see.
/// Licence: the example responses are Microsoft's, from the Microsoft Graph documentation pages named above
/// (github.com/microsoftgraph/microsoft-graph-docs-contrib: documentation under CC BY 4.0, code samples under MIT),
/// quoted with attribution to those pages; ids in them are Microsoft's example values, not data from a tenant.
/// </summary>
public sealed class GraphContractTests : IAsyncDisposable
{
    private const string User = "5e000000-0000-4000-8000-000000000001";

    /// <summary>The folder id of the documented delta request (<c>GET /me/mailfolders/AQMkADNkNAAAgEMAAAA/messages/delta</c>).</summary>
    private const string Inbox = "AQMkADNkNAAAgEMAAAA";

    private readonly WireMockServer _graph = WireMockServer.Start();
    private readonly ServiceProvider _services;
    private readonly Infrastructure.InMemorySyncStore _store = new(TimeProvider.System);
    private readonly Infrastructure.InMemoryLedger _ledger = new(TimeProvider.System);

    public GraphContractTests()
    {
        var settings = new Dictionary<string, string?>
        {
            ["GraphNetworker:Graph:Mode"] = "Emulator",
            ["GraphNetworker:Graph:BaseUrl"] = _graph.Url + "/v1.0",
            ["GraphNetworker:Graph:EmulatorToken"] = "contract-token",
            ["GraphNetworker:Scope:Mailboxes:0"] = User,
            ["GraphNetworker:Graph:RetryBaseDelay"] = "00:00:00.010",
            ["GraphNetworker:Sync:TeamsChats"] = "false",
            ["GraphNetworker:Sync:TeamsCalls"] = "false",
        };
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddSingleton<GraphNetworker.Core.Ports.IMailboxSyncStore>(_store)
            .AddSingleton<GraphNetworker.Core.Ports.IOutlookLedger>(_ledger)
            .AddGraphNetworkerGraph()
            .BuildServiceProvider();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private GraphServiceClient Client => _services.GetRequiredService<GraphServiceClient>();

    private Microsoft.Kiota.Abstractions.RequestInformation InboxDelta() =>
        Client.Users[User].MailFolders["inbox"].Messages.Delta.ToGetRequestInformation(c => c.QueryParameters.Select = MessageMapper.Select);

    /// <summary>The inbox's delta as the SDK addresses it: v1.0 function syntax, <c>delta()</c>.</summary>
    private static IRequestBuilder InboxDeltaRequest() =>
        Request.Create().WithPath(new WireMock.Matchers.RegexMatcher($@"^/v1\.0/users/{User}/mailFolders/inbox/messages/delta(\(\))?$")).UsingGet();

    private Task<JsonDocument> FetchAsync() => GraphPages.FetchAsync(Client.RequestAdapter, InboxDelta(), Ct);

    /// <summary>A message as the documented delta example shapes it (its properties, its nesting, its link).</summary>
    private static string DocumentedPage(string? nextLink, string? deltaLink, DateTimeOffset? receivedAt = null) => $$"""
        {
          "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(message)",
          {{(nextLink is null ? "" : $"\"@odata.nextLink\": \"{nextLink}\",")}}
          {{(deltaLink is null ? "" : $"\"@odata.deltaLink\": \"{deltaLink}\",")}}
          "value": [
            {
              "@odata.type": "#microsoft.graph.message",
              "@odata.etag": "W/\"CQAAABYAAACQ2fKdhq8oSKEDSVrdi3lRAAAFXDo5\"",
              "id": "AAMkADNkNAAAgWkAAAA",
              "changeKey": "CQAAABYAAACQ2fKdhq8oSKEDSVrdi3lRAAAFXDo5",
              "receivedDateTime": "{{Utc(receivedAt ?? new DateTimeOffset(2016, 12, 1, 22, 27, 32, TimeSpan.Zero))}}",
              "sentDateTime": "{{Utc((receivedAt ?? new DateTimeOffset(2016, 12, 1, 22, 27, 32, TimeSpan.Zero)).AddSeconds(-1))}}",
              "subject": "Meeting Notes",
              "conversationId": "AAQkADNkNAAAgWkAAAA=",
              "internetMessageId": "<MWHPR0101MB1071D5C47B9A8C5FE2C2E0A8A3B40@MWHPR0101MB1071.prod.exchangelabs.com>",
              "isDraft": false,
              "inferenceClassification": "focused",
              "webLink": "https://outlook.office365.com/owa/?ItemID=AAMkADNkNAAAgWkAAAA%3D&exvsurl=1&viewmodel=ReadMessageItem",
              "parentFolderId": "AQMkADNkNAAAgEMAAAA",
              "sender": { "emailAddress": { "name": "Samantha Booth", "address": "samanthab@contoso.com" } },
              "from": { "emailAddress": { "name": "Samantha Booth", "address": "samanthab@contoso.com" } },
              "toRecipients": [ { "emailAddress": { "name": "Dana Swope", "address": "danas@contoso.com" } } ],
              "ccRecipients": [],
              "bccRecipients": []
            }
          ]
        }
        """;

    [Fact]
    public async Task MessageDelta_TheDocumentedPage_IsMapped_AndItsNextLinkKept()
    {
        var next = $"{_graph.Url}/v1.0/users/{User}/mailFolders/inbox/messages/delta?$skiptoken=GwcBoTmPuoTQWfcsAbkYM";
        _graph.Given(InboxDeltaRequest())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(DocumentedPage(next, null)));

        using var page = await FetchAsync();
        var item = Assert.Single(GraphPages.Items(page));
        var mapped = new MessageMapper(new SyncOptions()).Map(item, isSentFolder: false, new MailboxContext(User, new HashSet<string> { "danas@contoso.com" }, new HashSet<string>()));

        Assert.Equal(next, GraphPages.Link(page, "@odata.nextLink"));
        Assert.NotNull(mapped);
        Assert.Equal((InteractionKind.EmailReceived, "samanthab@contoso.com"), (mapped.Kind, mapped.Participants[0].Address));
        Assert.Equal(new DateTimeOffset(2016, 12, 1, 22, 27, 32, TimeSpan.Zero), mapped.OccurredAt);
        Assert.Null(mapped.Subject);
        var sent = Assert.Single(_graph.LogEntries).RequestMessage;
        Assert.Equal("Bearer contract-token", sent.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task Throttled429_WithRetryAfterAndGraphsBody_IsRetriedOnce_ByTheOneRetryLayer()
    {
        var path = $"/v1.0/users/{User}/mailFolders/inbox/messages/delta";
        _graph.Given(InboxDeltaRequest()).InScenario("throttled").WillSetStateTo("retried")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "0").WithHeader("Content-Type", "application/json")
                .WithBody("""{"error":{"code":"TooManyRequests","innerError":{"code":"429","date":"2026-12-02T10:00:00","message":"Please retry after","request-id":"94fb3b52-452a-4535-a601-69e0a90e3aa2","status":"429"},"message":"Please retry again later."}}"""));
        _graph.Given(InboxDeltaRequest()).InScenario("throttled").WhenStateIs("retried")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(DocumentedPage(null, $"{_graph.Url}{path}?$deltatoken=LztZwWjo5IivWBhyxw5rACKxf7mPm0oW6JZZ7fvKxYPS_67JnEYmfQQMPccy6FRun0DWJF5775dvuXxlZnMYhBubC1v4SBVT9ZjO8f7acZI.uCdGKSBS4YxPEbn_Q5zxLSq91WhpGeT9qPaBGrk0hE")));

        using var page = await FetchAsync();

        Assert.Single(GraphPages.Items(page));
        Assert.Equal([429, 200], _graph.LogEntries.Select(l => Convert.ToInt32(l.ResponseMessage.StatusCode, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(410, "syncStateNotFound", "The sync state generation is not found. Please restart the sync.")]
    [InlineData(400, "resyncRequired", "Resync required. Replace any local cached data with data from a new full sync.")]
    [InlineData(400, "SyncStateNotFound", "The sync state generation is not found.")]
    public async Task ExpiredDeltaToken_AsGraphAnswersIt_IsAResync_NotARetry(int status, string code, string message)
    {
        _graph.Given(InboxDeltaRequest())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
                .WithBody(JsonSerializer.Serialize(new
                {
                    error = new { code, message, innerError = new { date = "2026-12-02T10:00:00", requestId = "1c2b3a40-0000-4000-8000-000000000000" } },
                }).Replace("requestId", "request-id", StringComparison.Ordinal)));

        var error = await Assert.ThrowsAnyAsync<Exception>(FetchAsync);

        Assert.True(GraphPages.IsResync(error), $"{error.GetType().Name}: {error.Message}");
        Assert.Single(_graph.LogEntries);
    }

    [Fact]
    public async Task MessageDelta_AnUpdateCarryingOnlyWhatChanged_IsRecognised_AndNotRefused()
    {
        _graph.Given(InboxDeltaRequest())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(
                """{"@odata.deltaLink":"https://graph.microsoft.com/v1.0/me/mailFolders/inbox/messages/delta?$deltatoken=x","value":[{"@odata.type":"#microsoft.graph.message","@odata.etag":"W/\"CQAAABYAAAB\"","id":"AAMkADNkNAAAgWkAAAA","parentFolderId":"AQMkADNkNAAAgEMAAAA","isRead":true}]}"""));

        using var page = await FetchAsync();
        var item = Assert.Single(GraphPages.Items(page));

        Assert.True(MessageMapper.IsPartialUpdate(item));
        Assert.False(MessageMapper.ChangesWhatIsRead(item));
    }

    // ---- What the worker then does (each against the bytes Microsoft documents or field reports show) ----

    /// <summary>
    /// 429 inside a $batch (Microsoft's JSON batching page: each step answers with its own status; the throttling page:
    /// a throttled step carries Retry-After and the TooManyRequests body): only that step is sent again, and its answer
    /// is kept under the name it was asked for.
    /// </summary>
    [Fact]
    public async Task Batch_AStepThrottledWith429_IsSentAgainAlone_AndItsAnswerMapped()
    {
        var asked = new List<List<string>>();
        var throttled = false;
        _graph.Given(Request.Create().WithPath("/v1.0/$batch").UsingPost()).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "application/json").WithBody(request =>
            {
                var steps = BatchSteps(request.Body!);
                lock (asked)
                {
                    asked.Add([.. steps.Select(s => s.Name)]);
                }

                return BatchAnswer(steps.Select(s =>
                {
                    if (s.Name == "sentitems" && !throttled)
                    {
                        throttled = true;
                        return (s.Id, 429, """{"Retry-After":"0","Content-Type":"application/json"}""",
                            """{"error":{"code":"TooManyRequests","innerError":{"code":"429","date":"2026-12-02T10:00:00","message":"Please retry after","request-id":"94fb3b52-452a-4535-a601-69e0a90e3aa2","status":"429"},"message":"Please retry again later."}}""");
                    }

                    return (s.Id, 200, """{"Content-Type":"application/json"}""", $$"""{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users('{{User}}')/mailFolders(id)/$entity","id":"{{FolderIdOf(s.Name)}}"}""");
                }));
            }));
        StubTopLevelFolders();

        var found = await new FolderDiscovery(Client, _store, _services.GetRequiredService<GraphNetworker.Graph.Access.MailboxGate>(), TimeProvider.System)
            .RefreshAsync(new Infrastructure.HeldLease(User), alongside: null, Ct) is { } refresh ? refresh.Folders : [];

        Assert.Equal(["sentitems"], asked.Last());
        Assert.Equal(1, asked.SelectMany(a => a).Count(n => n == "inbox"));
        Assert.Equal((FolderIdOf("sentitems"), "sentitems"), found.Where(f => f.WellKnownName == "sentitems").Select(f => (f.Id, f.WellKnownName)).Single());
        Assert.DoesNotContain(found, f => f.Id == FolderIdOf("deleteditems"));
    }

    /// <summary>503 and 504 (Microsoft's throttling page: "Service Unavailable" and "Gateway Timeout" may carry Retry-After): retried, after Retry-After where present.</summary>
    [Theory]
    [InlineData(503, "1")]
    [InlineData(503, null)]
    [InlineData(504, null)]
    public async Task UnavailableOrGatewayTimeout_IsRetriedWithBackoff_HonouringRetryAfter(int status, string? retryAfter)
    {
        var path = $"/v1.0/users/{User}/mailFolders/inbox/messages/delta";
        var failure = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
            .WithBody(GraphError(status == 503 ? "ServiceNotAvailable" : "UnknownError", ""));
        _graph.Given(InboxDeltaRequest()).InScenario("unavailable").WillSetStateTo("answered")
            .RespondWith(retryAfter is null ? failure : failure.WithHeader("Retry-After", retryAfter));
        _graph.Given(InboxDeltaRequest()).InScenario("unavailable").WhenStateIs("answered")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(DocumentedPage(null, $"{_graph.Url}{path}?$deltatoken=x")));

        using var page = await FetchAsync();

        var calls = _graph.LogEntries.OrderBy(l => l.RequestMessage.DateTime).ToList();
        Assert.Equal([status, 200], calls.Select(l => Convert.ToInt32(l.ResponseMessage.StatusCode, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("1", calls[1].RequestMessage.Headers!["Retry-Attempt"].Single());
        if (retryAfter is not null)
        {
            Assert.True(calls[1].RequestMessage.DateTime - calls[0].RequestMessage.DateTime >= TimeSpan.FromSeconds(0.9), "Retry-After: 1 was honoured");
        }
    }

    /// <summary>410 syncStateNotFound (with Location) and 400 resyncRequired (delta query overview, "Synchronization reset"): the worker runs a full round and stores what it returns.</summary>
    [Theory]
    [InlineData(410, "syncStateNotFound", "The sync state generation is not found. Please restart the sync.")]
    [InlineData(400, "resyncRequired", "Resync required. Replace any local cached data with data from a new full sync.")]
    public async Task ExpiredDeltaToken_LeadsToAFullRound_ThatStoresWhatGraphReturns(int status, string code, string message)
    {
        var mailbox = await SeedAsync();
        var fresh = $"{_graph.Url}/v1.0/users/{User}/mailFolders/{Inbox}/messages/delta?$deltatoken=fresh";
        _graph.Given(FolderDelta().WithParam("$deltatoken", "seeded")).AtPriority(1).RespondWith(Response.Create().WithStatusCode(status)
            .WithHeader("Content-Type", "application/json")
            .WithHeader("Location", $"https://graph.microsoft.com/v1.0/users/{User}/mailFolders('{Inbox}')/messages/delta?$deltatoken=")
            .WithBody(GraphError(code, message)));
        _graph.Given(FolderDelta()).AtPriority(5).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
            .WithBody(DocumentedPage(null, fresh, TimeProvider.System.GetUtcNow().AddDays(-3))));

        var result = await _services.GetRequiredService<MailboxSync>().SyncAsync(mailbox, new Infrastructure.HeldLease(User), Ct);

        Assert.Equal(1, result.Resyncs);
        Assert.Equal(fresh, (await _store.CursorsAsync(User, Ct)).Single(c => c.FolderId == Inbox).DeltaLink);
        Assert.Equal("AAMkADNkNAAAgWkAAAA", Assert.Single(_store.Items(User), i => i.Folder == Inbox).Item.ItemId);
        Assert.Contains(_graph.LogEntries, l => l.RequestMessage.Path.Contains("/messages/delta", StringComparison.Ordinal) && l.RequestMessage.Query?.ContainsKey("$deltatoken") != true);
    }

    /// <summary>
    /// An update carrying only what changed (a read-state change: <c>id</c>, <c>parentFolderId</c>, <c>isRead</c>, as
    /// microsoftgraph/msgraph-sdk-dotnet#198 shows it): the stored row is kept as it was and nothing is refused; one naming
    /// another folder is kept too (Graph reports a move as a removal here and a new item there: docs/emulator.md, Delta).
    /// </summary>
    [Theory]
    [InlineData(Inbox)]
    [InlineData("AQMkADNkNAAAgEJAAAA")]
    public async Task PartialDeltaUpdate_TheStoredRowIsKept_NothingRefused_NothingReadAgain(string parentFolderId)
    {
        var at = TimeProvider.System.GetUtcNow().AddDays(-3);
        using var documented = JsonDocument.Parse(DocumentedPage(null, null, at));
        var stored = new MessageMapper(new SyncOptions()).Map(GraphPages.Items(documented).Single(), isSentFolder: false, new MailboxContext(User, new HashSet<string> { "danas@contoso.com" }, new HashSet<string>()))!;
        var mailbox = await SeedAsync(stored);
        _graph.Given(FolderDelta().WithParam("$deltatoken", "seeded")).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(
            $$"""{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#Collection(message)","@odata.deltaLink":"{{_graph.Url}}/v1.0/users/{{User}}/mailFolders/{{Inbox}}/messages/delta?$deltatoken=next","value":[{"@odata.type":"#microsoft.graph.message","id":"AAMkADNkNAAAgWkAAAA","parentFolderId":"{{parentFolderId}}","isRead":true}]}"""));

        var result = await _services.GetRequiredService<MailboxSync>().SyncAsync(mailbox, new Infrastructure.HeldLease(User), Ct);

        Assert.Equal((0, 0), (result.Rejected, result.Removed));
        var kept = Assert.Single(_store.Items(User), i => i.Item.ItemId == stored.ItemId);
        Assert.Equal((Inbox, stored.OccurredAt, stored.Participants.Count), (kept.Folder, kept.Item.OccurredAt, kept.Item.Participants.Count));
        Assert.DoesNotContain(_graph.LogEntries, l => l.RequestMessage.Path.Contains("/messages/AAMkADNkNAAAgWkAAAA", StringComparison.Ordinal));
    }

    /// <summary>
    /// calendarView delta over some recurring series: "following that @odata.nextLink returns the same page payload again;
    /// each repeated response contains a different @odata.nextLink" (microsoftgraph/msgraph-sdk-dotnet#3082): the round
    /// ends at the repeated page, and mail is read all the same.
    /// </summary>
    [Fact]
    public async Task CalendarDelta_RotatingNextLinksWithTheSamePayload_TheRoundEnds_MailIsRead()
    {
        var mailbox = await SeedAsync();
        _graph.Given(FolderDelta().WithParam("$deltatoken", "seeded")).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
            .WithBody($$"""{"@odata.deltaLink":"{{_graph.Url}}/v1.0/users/{{User}}/mailFolders/{{Inbox}}/messages/delta?$deltatoken=next","value":[]}"""));
        var counter = 0;
        _graph.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher($@"^/v1\.0/users/{User}/calendarView/delta(\(\))?$")).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(_ =>
                $$"""{"@odata.nextLink":"{{_graph.Url}}/v1.0/users/{{User}}/calendarView/delta?$skiptoken=R0usmci{{Interlocked.Increment(ref counter)}}","value":[{{RecurringOccurrence}}]}"""));

        var result = await _services.GetRequiredService<MailboxSync>().SyncAsync(mailbox, new Infrastructure.HeldLease(User), Ct);

        Assert.Equal(2, counter);
        Assert.Equal(1, result.IncompleteRounds);
        Assert.NotNull((await _store.CursorsAsync(User, Ct)).Single(c => c.FolderId == Inbox).DeltaLink);
    }

    /// <summary>
    /// The cast on transitiveMembers without the advanced-query headers is 400 Request_UnsupportedQuery (List group
    /// transitive members; the advanced query page): the worker's every page carries them, so it never happens, and if
    /// Graph refuses anyway the error is surfaced (an empty scope would put every mailbox on the way to a purge).
    /// </summary>
    [Fact]
    public async Task TransitiveMembersCast_TheWorkerSendsTheAdvancedQueryHeaders_OnEveryPage()
    {
        var group = "02bd9fd6-8f93-4758-87c3-1fb73740a315";
        var casted = new WireMock.Matchers.RegexMatcher($@"^/v1\.0/groups/{group}/transitiveMembers/(microsoft\.)?graph\.user$");
        var next = $"{_graph.Url}/v1.0/groups/{group}/transitiveMembers/microsoft.graph.user?$count=true&$skiptoken=page2";
        _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ScopeOptions>>().Value.OptInGroupId = group;
        _graph.Given(Request.Create().WithPath(casted).UsingGet()).AtPriority(9).RespondWith(UnsupportedQuery());
        _graph.Given(Request.Create().WithPath(casted).UsingGet().WithHeader("ConsistencyLevel", "eventual").WithParam("$count", "true").WithParam("$skiptoken", "page2"))
            .AtPriority(1).RespondWith(MembersPage(null, "87d349ed-44d7-43e1-9a83-5f2406dee5bd", "Pradeep Gupta"));
        _graph.Given(Request.Create().WithPath(casted).UsingGet().WithHeader("ConsistencyLevel", "eventual").WithParam("$count", "true"))
            .AtPriority(2).RespondWith(MembersPage(next, "6e7b768e-07e2-4810-8459-485f84f8f204", "Adele Vance"));

        var members = await _services.GetRequiredService<ScopeReader>().MembersAsync(Ct);

        Assert.Equal(["6e7b768e-07e2-4810-8459-485f84f8f204", "87d349ed-44d7-43e1-9a83-5f2406dee5bd"], members.Select(m => m.Id).Where(id => id != User).Order(StringComparer.Ordinal));
        Assert.All(_graph.LogEntries.Where(l => l.RequestMessage.Path.Contains("transitiveMembers", StringComparison.Ordinal)),
            l => Assert.Equal(200, Convert.ToInt32(l.ResponseMessage.StatusCode, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task TransitiveMembersCast_RefusedAnyway_IsSurfacedWithGraphsCode_NotTakenForAnEmptyScope()
    {
        var group = "02bd9fd6-8f93-4758-87c3-1fb73740a315";
        _graph.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher($@"^/v1\.0/groups/{group}/transitiveMembers/(microsoft\.)?graph\.user$")).UsingGet()).RespondWith(UnsupportedQuery());
        _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ScopeOptions>>().Value.OptInGroupId = group;

        var refused = await Assert.ThrowsAsync<Microsoft.Graph.Models.ODataErrors.ODataError>(() => _services.GetRequiredService<ScopeReader>().MembersAsync(Ct));

        Assert.Equal((400, "Request_UnsupportedQuery"), (refused.ResponseStatusCode, refused.Error?.Code));
    }

    /// <summary>
    /// 404 MailboxNotEnabledForRESTAPI (the mailbox is inactive, soft-deleted or on-premises) fails the mailbox and
    /// deletes nothing; 404 ErrorItemNotFound on a folder, confirmed by a direct read of it, retires the folder.
    /// </summary>
    [Theory]
    [InlineData("MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise.", false)]
    [InlineData("ErrorItemNotFound", "The specified object was not found in the store.", true)]
    public async Task NotFound_MailboxLevelFailsTheMailbox_ItemNotFoundRetiresTheFolder(string code, string message, bool retired)
    {
        using var documented = JsonDocument.Parse(DocumentedPage(null, null, TimeProvider.System.GetUtcNow().AddDays(-3)));
        var stored = new MessageMapper(new SyncOptions()).Map(GraphPages.Items(documented).Single(), isSentFolder: false, new MailboxContext(User, new HashSet<string> { "danas@contoso.com" }, new HashSet<string>()))!;
        var mailbox = await SeedAsync(stored);
        var notFound = Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/json")
            .WithBody(GraphError(code, message));
        _graph.Given(FolderDelta()).RespondWith(notFound);
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{User}/mailFolders/{Inbox}").UsingGet()).RespondWith(notFound);
        _graph.Given(Request.Create().WithPath("/v1.0/$batch").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
            .WithBody(request => BatchAnswer(BatchSteps(request.Body!).Select(s => (s.Id, 404, """{"Content-Type":"application/json"}""",
                $$$"""{"error":{"code":"{{{code}}}","message":"{{{message}}}"}}""")))));
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{User}/mailFolders").UsingGet()).RespondWith(
            code == "ErrorItemNotFound" ? Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"value":[]}""") : notFound);

        if (retired)
        {
            var result = await _services.GetRequiredService<MailboxSync>().SyncAsync(mailbox, new Infrastructure.HeldLease(User), Ct);

            Assert.Equal(1, result.RetiredFolders);
            Assert.Empty(_store.Items(User));
        }
        else
        {
            var failed = await Assert.ThrowsAsync<Microsoft.Graph.Models.ODataErrors.ODataError>(() => _services.GetRequiredService<MailboxSync>().SyncAsync(mailbox, new Infrastructure.HeldLease(User), Ct));

            Assert.Equal(code, failed.Error?.Code);
            Assert.Single(_store.Items(User));
            Assert.False((await _store.CursorsAsync(User, Ct)).Single(c => c.FolderId == Inbox).IsRemoved);
        }
    }

    /// <summary>
    /// To Do answers <c>dueDateTime</c> in UTC whatever zone was written (microsoftgraph/microsoft-graph-docs#16991:
    /// written 04:10 GMT, answered <c>2020-07-25T00:00:00.0000000</c> UTC): a due date written for 4 December in Berlin
    /// (local midnight) comes back as the evening before in UTC, or as that UTC date at midnight; neither is "the user
    /// moved the due date". A date the user really moved is noted.
    /// </summary>
    [Theory]
    [InlineData("2026-12-03T23:00:00.0000000", false)]
    [InlineData("2026-12-03T00:00:00.0000000", false)]
    [InlineData("2026-12-07T23:00:00.0000000", true)]
    public async Task TodoDueDateAnsweredInUtc_IsReadBackInTheUsersZone(string answered, bool moved)
    {
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var suggestion = Suggestion.FromPlan(User, new SuggestionPlan("dana@fabrikam.com", "Dana Smith", SuggestionKind.Task, "It has been a while.", "note", "Write to Dana.", new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero), 90), now)
            with { State = SuggestionState.Open, GraphId = "AAMkAGUzY5QKjAAA=", GraphListId = "AAMkAGUzY5QKiAAA=", WrittenAt = now };
        _ledger.Add(suggestion);
        _graph.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher($@"^/v1\.0/users/{User}/todo/lists/AAMkAGUzY5QKiAAA=/tasks$")).UsingGet()).RespondWith(
            Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody($$"""
                {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users('{{User}}')/todo/lists('AAMkAGUzY5QKiAAA%3D')/tasks","value":[{
                  "@odata.etag":"W/\"xzyPKP0BiUGgld+lMKXwbQAAgdhkVw==\"","importance":"low","isReminderOn":false,"status":"notStarted",
                  "title":"Reconnect with Dana Smith","createdDateTime":"2026-11-30T12:00:00.0000000Z","lastModifiedDateTime":"2026-11-30T12:00:00.0000000Z",
                  "id":"AAMkAGUzY5QKjAAA=","body":{"content":"","contentType":"text"},
                  "dueDateTime":{"dateTime":"{{answered}}","timeZone":"UTC"},
                  "linkedResources":[],"checklistItems":[]}]}
                """));
        var mailbox = new GraphNetworker.Core.Ports.MailboxProfile { Id = User, UserPrincipalName = "danas@contoso.com", TimeZone = "W. Europe Standard Time", TodoListId = "AAMkAGUzY5QKiAAA=" };

        await _services.GetRequiredService<GraphNetworker.Graph.Outlook.OutlookWriter>().Begin(mailbox, new Infrastructure.HeldLease(User)).ReadBackAsync(Ct);

        var read = _ledger.Suggestions[suggestion.Id];
        Assert.Equal(SuggestionState.Open, read.State);
        Assert.Equal(moved ? new DateTimeOffset(2026, 12, 7, 23, 0, 0, TimeSpan.Zero) : null, read.UserDueAt);
    }

    /// <summary>
    /// ErrorDuplicateTransactionId on an event create with a transactionId ("The TransactionId specified in the request
    /// has already been used to create a different event.", alcionai/corso#2490; status undocumented, 400 here): the hold
    /// is treated as already written and the existing event recorded, in its own slot.
    /// </summary>
    [Fact]
    public async Task EventCreate_ErrorDuplicateTransactionId_IsTreatedAsAlreadyWritten()
    {
        var now = TimeProvider.System.GetUtcNow();
        var hold = Suggestion.FromPlan(User, new SuggestionPlan("lee@fabrikam.com", "Lee Chen", SuggestionKind.Hold, "You used to meet weekly.", "coffee", "Invite Lee.", now.AddDays(3), 100), now);
        _ledger.Add(hold);
        IRequestBuilder Events() => Request.Create().WithPath($"/v1.0/users/{User}/events");
        var start = now.AddDays(2).UtcDateTime.Date.AddHours(10);
        _graph.Given(Events().UsingGet()).AtPriority(5).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"value":[]}"""));
        _graph.Given(Events().UsingGet()).InScenario("duplicate").WhenStateIs("created").AtPriority(1).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "application/json").WithBody($$$"""
                {"value":[{"@odata.etag":"W/\"ZlnW4RIAV06KYYwlrfNZvQAAKGWwbw==\"","id":"AAMkAGIAAAoZDOFAAA=",
                  "start":{"dateTime":"{{{start:yyyy-MM-ddTHH:mm:ss.fffffff}}}","timeZone":"UTC"},"end":{"dateTime":"{{{start.AddMinutes(30):yyyy-MM-ddTHH:mm:ss.fffffff}}}","timeZone":"UTC"}}]}
                """));
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{User}/calendar/getSchedule").UsingPost()).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "application/json").WithBody("""
                {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)","value":[{
                  "scheduleId":"danas@contoso.com","availabilityView":"000000","scheduleItems":[],
                  "workingHours":{"daysOfWeek":["monday","tuesday","wednesday","thursday","friday"],"startTime":"08:00:00.0000000","endTime":"17:00:00.0000000","timeZone":{"name":"UTC"}}}]}
                """));
        _graph.Given(Events().UsingPost()).InScenario("duplicate").WillSetStateTo("created").RespondWith(Response.Create().WithStatusCode(400)
            .WithHeader("Content-Type", "application/json").WithBody("""
                {"error":{"code":"ErrorDuplicateTransactionId","message":"Your request can't be completed. The TransactionId specified in the request has already been used to create a different event.","innerError":{"date":"2026-12-02T10:00:00","request-id":"1c2b3a40-0000-4000-8000-000000000000"}}}
                """));
        var mailbox = new GraphNetworker.Core.Ports.MailboxProfile { Id = User, UserPrincipalName = "danas@contoso.com", PrimaryAddress = "danas@contoso.com", TimeZone = "UTC" };

        var written = await _services.GetRequiredService<GraphNetworker.Graph.Outlook.OutlookWriter>().Begin(mailbox, new Infrastructure.HeldLease(User)).WritePendingAsync(Ct);

        Assert.Equal((0, 1, 0), (written.Holds, written.Found, written.Failed));
        Assert.Equal(("AAMkAGIAAAoZDOFAAA=", SuggestionState.Open), (_ledger.Suggestions[hold.Id].GraphId, _ledger.Suggestions[hold.Id].State));
        Assert.Single(_graph.LogEntries, l => l.RequestMessage.Method == "POST" && l.RequestMessage.Path.EndsWith("/events", StringComparison.Ordinal));
    }

    /// <summary>An occurrence as calendarView delta returns one (event: delta page, with the properties the mapper reads).</summary>
    private const string RecurringOccurrence = """
        {"@odata.type":"#microsoft.graph.event","@odata.etag":"W/\"EZ9r3czxY0m2jz8c45czkwAAFXcvIw==\"","id":"AAMkADIxYzJmNmMtOGM5ZS00MzI1LWI4NzMtMjhlYmMzODI1ZjQ4BFAAAAAAAAA=",
         "changeKey":"EZ9r3czxY0m2jz8c45czkwAAFXcvIw==","type":"occurrence","seriesMasterId":"AAMkADIxYzJmNmMtOGM5ZS00MzI1LWI4NzMtMjhlYmMzODI1ZjQ4AAA=",
         "subject":"Weekly sync","isCancelled":false,"isOrganizer":true,"responseStatus":{"response":"organizer","time":"0001-01-01T00:00:00Z"},
         "start":{"dateTime":"2026-11-23T16:00:00.0000000","timeZone":"UTC"},"end":{"dateTime":"2026-11-23T16:30:00.0000000","timeZone":"UTC"},
         "organizer":{"emailAddress":{"name":"Dana Swope","address":"danas@contoso.com"}},
         "attendees":[{"type":"required","status":{"response":"accepted","time":"2026-11-01T00:00:00Z"},"emailAddress":{"name":"Samantha Booth","address":"samanthab@contoso.com"}}]}
        """;

    private IRequestBuilder FolderDelta() =>
        Request.Create().WithPath(new WireMock.Matchers.RegexMatcher($@"^/v1\.0/users/{User}/mailFolders/{Inbox}/messages/delta(\(\))?$")).UsingGet();

    /// <summary>
    /// The mailbox as an earlier cycle left it: the inbox and the current calendar window tracked, each with a delta link
    /// on this server (the calendar's answers an empty change round), and <paramref name="stored"/> in the inbox.
    /// </summary>
    private async Task<GraphNetworker.Core.Ports.MailboxProfile> SeedAsync(params Interaction[] stored)
    {
        var fence = new Infrastructure.HeldLease(User).Fence;
        var now = TimeProvider.System.GetUtcNow();
        await _store.TrackFolderAsync(User, new GraphNetworker.Core.Ports.MailFolder(Inbox, "Inbox", null, "inbox"), GraphNetworker.Core.Ports.FolderKind.Mail, Ct);
        await _store.StartFullRoundAsync(fence, Inbox, isResync: false, null, null, Ct);
        await _store.CommitPageAsync(fence, new GraphNetworker.Core.Ports.DeltaPage(Inbox, [.. stored], [], null, $"{_graph.Url}/v1.0/users/{User}/mailFolders/{Inbox}/messages/delta?$deltatoken=seeded", 0), Ct);
        var calendar = GraphNetworker.Core.Ports.SyncCursor.CalendarFolderId;
        await _store.TrackFolderAsync(User, new GraphNetworker.Core.Ports.MailFolder(calendar, "Calendar", null, "calendar"), GraphNetworker.Core.Ports.FolderKind.Calendar, Ct);
        await _store.StartFullRoundAsync(fence, calendar, isResync: false, now.AddDays(-300), now.AddDays(60), Ct);
        await _store.CommitPageAsync(fence, new GraphNetworker.Core.Ports.DeltaPage(calendar, [], [], null, $"{_graph.Url}/v1.0/users/{User}/calendarView/delta?$deltatoken=seeded", 0), Ct);
        _graph.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher($@"^/v1\.0/users/{User}/calendarView/delta(\(\))?$")).WithParam("$deltatoken", "seeded").UsingGet())
            .AtPriority(3).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"@odata.deltaLink":"{{_graph.Url}}/v1.0/users/{{User}}/calendarView/delta?$deltatoken=seeded","value":[]}"""));
        return new GraphNetworker.Core.Ports.MailboxProfile { Id = User, UserPrincipalName = "danas@contoso.com", PrimaryAddress = "danas@contoso.com", FoldersRefreshedAt = now };
    }

    /// <summary>The top of the folder tree as List mailFolders answers it (ids as the well-known steps answer them).</summary>
    private void StubTopLevelFolders()
    {
        var folders = new[] { ("inbox", "Inbox"), ("sentitems", "Sent Items"), ("archive", "Archive"), ("deleteditems", "Deleted Items"), ("junkemail", "Junk Email") }
            .Select(f => $$"""{"id":"{{FolderIdOf(f.Item1)}}","displayName":"{{f.Item2}}","parentFolderId":"AQMkADYAAAIBCAAAAA==","childFolderCount":0,"unreadItemCount":0,"totalItemCount":0,"isHidden":false}""");
        _graph.Given(Request.Create().WithPath($"/v1.0/users/{User}/mailFolders").UsingGet()).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "application/json").WithBody($$"""{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users('{{User}}')/mailFolders","value":[{{string.Join(",", folders)}}]}"""));
    }

    private static string FolderIdOf(string name) => "AQMkADYAAAIB" + name.ToUpperInvariant() + "AAAA==";

    /// <summary>The steps of a $batch request: each step's id and the well-known folder (or path) it asks for.</summary>
    private static List<(string Id, string Name)> BatchSteps(string body)
    {
        using var document = JsonDocument.Parse(body);
        return [.. document.RootElement.GetProperty("requests").EnumerateArray().Select(r =>
        {
            var url = r.GetProperty("url").GetString()!;
            var path = url.Split('?')[0];
            return (r.GetProperty("id").GetString()!, path[(path.LastIndexOf('/') + 1)..]);
        })];
    }

    /// <summary>A $batch response as Microsoft's JSON batching page shapes it: 200, each step with its own status, headers and body.</summary>
    private static string BatchAnswer(IEnumerable<(string Id, int Status, string Headers, string Body)> steps) =>
        $$"""{"responses":[{{string.Join(",", steps.Select(s => $$"""{"id":"{{s.Id}}","status":{{s.Status}},"headers":{{s.Headers}},"body":{{s.Body}}}"""))}}]}""";

    private static IResponseBuilder UnsupportedQuery() => Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json").WithBody(
        """{"error":{"code":"Request_UnsupportedQuery","message":"Unsupported Query.","innerError":{"date":"2026-12-02T10:00:00","request-id":"1c2b3a40-0000-4000-8000-000000000000","client-request-id":"1c2b3a40-0000-4000-8000-000000000000"}}}""");

    private static IResponseBuilder MembersPage(string? next, string id, string name) => Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(
        $$"""{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users","@odata.count":2,{{(next is null ? "" : $"\"@odata.nextLink\":\"{next}\",")}}"value":[{"@odata.type":"#microsoft.graph.user","id":"{{id}}","displayName":"{{name}}","userPrincipalName":"{{name.Replace(" ", ".", StringComparison.Ordinal).ToLowerInvariant()}}@contoso.com","mail":null,"accountEnabled":true}]}""");

    /// <summary>Graph's error shape (the Microsoft Graph error responses page): code, message, innerError with date and request-id.</summary>
    private static string GraphError(string code, string message) => JsonSerializer.Serialize(new
    {
        error = new { code, message, innerError = new Dictionary<string, string> { ["date"] = "2026-12-02T10:00:00", ["request-id"] = "1c2b3a40-0000-4000-8000-000000000000" } },
    });

    private static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _graph.Stop();
        _graph.Dispose();
    }
}
