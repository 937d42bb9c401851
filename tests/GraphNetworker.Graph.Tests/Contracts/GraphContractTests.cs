using System.Text.Json;
using GraphNetworker.Core.Model;
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
/// </summary>
public sealed class GraphContractTests : IAsyncDisposable
{
    private const string User = "5e000000-0000-4000-8000-000000000001";
    private readonly WireMockServer _graph = WireMockServer.Start();
    private readonly ServiceProvider _services;

    public GraphContractTests()
    {
        var settings = new Dictionary<string, string?>
        {
            ["GraphNetworker:Graph:Mode"] = "Emulator",
            ["GraphNetworker:Graph:BaseUrl"] = _graph.Url + "/v1.0",
            ["GraphNetworker:Graph:EmulatorToken"] = "contract-token",
            ["GraphNetworker:Scope:Mailboxes:0"] = User,
        };
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddSingleton<GraphNetworker.Core.Ports.IMailboxSyncStore>(new Infrastructure.InMemorySyncStore(TimeProvider.System))
            .AddSingleton<GraphNetworker.Core.Ports.IOutlookLedger>(new Infrastructure.InMemoryLedger(TimeProvider.System))
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

    private Task<JsonDocument> FetchAsync() => GraphPages.FetchAsync(Client.RequestAdapter, InboxDelta(), TimeSpan.FromSeconds(30), TimeProvider.System, Ct);

    /// <summary>A message as the documented delta example shapes it (its properties, its nesting, its link).</summary>
    private string DocumentedPage(string? nextLink, string? deltaLink) => $$"""
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
              "receivedDateTime": "2016-12-01T22:27:32Z",
              "sentDateTime": "2016-12-01T22:27:31Z",
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

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _graph.Stop();
        _graph.Dispose();
    }
}
