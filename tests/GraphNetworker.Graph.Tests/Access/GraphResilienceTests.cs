using Microsoft.Extensions.Time.Testing;
using System.Net;
using GraphNetworker.Core.Model;
using GraphNetworker.Graph.Access;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Graph.Sync;
using GraphNetworker.Graph.Tests.Infrastructure;
using GraphNetworker.GraphEmulator;
using GraphNetworker.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Graph.Tests.Access;

/// <summary>
/// The one retry layer (Microsoft.Extensions.Http.Resilience's handler with Graph's rules): it honours Retry-After,
/// repeats what is safe to repeat (reads, read-only POSTs such as a $batch of GETs or getSchedule, a create Graph
/// deduplicates), and never blindly repeats a create.
/// </summary>
public sealed class GraphResilienceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_ThrottledThenOk_RetriedAfterRetryAfter_WithGraphsRetryAttemptHeader()
    {
        var graph = new ScriptedHandler(Throttled(TimeSpan.Zero), Ok());
        using var client = Client(graph);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://graph.microsoft.com/v1.0/users/u1/mailFolders"), Ct);

        Assert.Equal((HttpStatusCode.OK, 2), (response.StatusCode, graph.Calls));
        Assert.Equal("1", graph.RetryAttemptHeaders[1]);
    }

    [Fact]
    public async Task Send_TeamsReadThrottled_TeamsReadsWaitOutRetryAfter_TheMailboxsMailDoesNot()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var graph = new ScriptedHandler(Throttled(TimeSpan.FromSeconds(30)), Ok());

        // Two reads may go at once at this pace: the retry and the other mailbox's read, when the pause ends.
        using var services = Pipeline(graph, clock, o => o.TeamsRequestsPerSecond = 50);
        using var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(GraphResilience.HttpClientName);
        var pace = services.GetRequiredService<TeamsPace>();
        var throttled = client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://graph.microsoft.com/v1.0/users/u1/chats"), Ct);
        while (pace.Totals(TeamsLimit.Chats).Throttled == 0)
        {
            await Task.Yield();
        }

        // Teams' limit is the tenant's: another mailbox's chats wait, while this mailbox's mail goes at once.
        var otherChats = client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://graph.microsoft.com/v1.0/users/u2/chats"), Ct);
        using var mail = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://graph.microsoft.com/v1.0/users/u1/mailFolders"), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(otherChats.IsCompleted);
        Assert.False(throttled.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(2));
        using var retried = await throttled.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        using var other = await otherChats.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (mail.StatusCode, retried.StatusCode, other.StatusCode));
        Assert.Equal(new MailboxRequestStats(3, 1, 0), services.GetRequiredService<MailboxGate>().Totals("u1")); // the chats read twice, the mail once
    }

    [Fact]
    public async Task Send_QueuedAtTheMailboxGateLongerThanTheTimeout_IsNotTimedOut_ItsAttemptStartsWhenLetThrough()
    {
        // One request at a time for the mailbox: the first never answers; the second waits for its turn.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var graph = new ScriptedHandler(Never(), Ok());
        using var client = Client(graph, clock, o =>
        {
            o.MaxConcurrentRequestsPerMailbox = 1;
            o.RequestTimeout = TimeSpan.FromSeconds(30);
            o.MaxRetries = 0;
        });
        var first = client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://graph.microsoft.com/v1.0/users/u1/mailFolders"), Ct);
        while (graph.Calls == 0)
        {
            await Task.Yield();
        }

        var second = client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://graph.microsoft.com/v1.0/users/u1/calendar"), Ct);
        clock.Advance(TimeSpan.FromSeconds(31));

        await Assert.ThrowsAsync<Polly.Timeout.TimeoutRejectedException>(() => first);
        using var answered = await second;
        Assert.Equal((HttpStatusCode.OK, 2), (answered.StatusCode, graph.Calls));
    }

    [Fact]
    public async Task Send_CreatingPostGetsAGatewayTimeout_IsNotRepeated()
    {
        var graph = new ScriptedHandler(Status(HttpStatusCode.GatewayTimeout), Ok());
        using var client = Client(graph);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://graph.microsoft.com/v1.0/users/u1/todo/lists/l1/tasks") { Content = new StringContent("{}") }, Ct);

        Assert.Equal((HttpStatusCode.GatewayTimeout, 1), (response.StatusCode, graph.Calls));
    }

    [Fact]
    public async Task Send_CreatingPostGetsServiceUnavailable_IsNotRepeated_UnlessGraphDeduplicatesIt()
    {
        var task = new ScriptedHandler(Status(HttpStatusCode.ServiceUnavailable), Ok());
        var hold = new ScriptedHandler(Status(HttpStatusCode.ServiceUnavailable), Ok());
        using var tasks = Client(task);
        using var holds = Client(hold);
        var withTransactionId = new HttpRequestMessage(HttpMethod.Post, "https://graph.microsoft.com/v1.0/users/u1/events") { Content = new StringContent("{}") };
        withTransactionId.Options.Set(new HttpRequestOptionsKey<Microsoft.Kiota.Abstractions.IRequestOption>(typeof(IdempotentRequestOption).FullName!), IdempotentRequestOption.Instance);

        using var created = await tasks.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://graph.microsoft.com/v1.0/users/u1/todo/lists/l1/tasks") { Content = new StringContent("{}") }, Ct);
        using var placed = await holds.SendAsync(withTransactionId, Ct);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, 1), (created.StatusCode, task.Calls));
        Assert.Equal((HttpStatusCode.OK, 2), (placed.StatusCode, hold.Calls));
    }

    [Fact]
    public async Task Send_ReadGetsAGatewayTimeout_IsRepeated()
    {
        var graph = new ScriptedHandler(Status(HttpStatusCode.GatewayTimeout), Ok());
        using var client = Client(graph);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://graph.microsoft.com/v1.0/users/u1/messages"), Ct);

        Assert.Equal((HttpStatusCode.OK, 2), (response.StatusCode, graph.Calls));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Send_BatchOfReadsGetsAnUnavailableAnswer_IsRepeated_ABatchWithAWriteIsNot(HttpStatusCode status)
    {
        var reads = new ScriptedHandler(Status(status), Ok());
        var writes = new ScriptedHandler(Status(status), Ok());
        using var readClient = Client(reads);
        using var writeClient = Client(writes);

        using var read = await readClient.SendAsync(Batch("""{"id":"1","method":"GET","url":"/users/u1/mailFolders/inbox"},{"id":"2","method":"get","url":"/users/u1/mailFolders/sentitems"}"""), Ct);
        using var write = await writeClient.SendAsync(Batch("""{"id":"1","method":"GET","url":"/users/u1/mailFolders/inbox"},{"id":"2","method":"POST","url":"/users/u1/events","headers":{"Content-Type":"application/json"},"body":{}}"""), Ct);

        Assert.Equal((HttpStatusCode.OK, 2), (read.StatusCode, reads.Calls));
        Assert.Equal((status, 1), (write.StatusCode, writes.Calls));
    }

    [Fact]
    public async Task Send_BatchOfReadsTimesOut_IsRepeated()
    {
        var graph = new ScriptedHandler(() => throw new HttpRequestException("connection reset"), Ok());
        using var client = Client(graph);

        using var response = await client.SendAsync(Batch("""{"id":"1","method":"GET","url":"/users/u1/mailFolders/inbox"}"""), Ct);

        Assert.Equal((HttpStatusCode.OK, 2), (response.StatusCode, graph.Calls));
    }

    [Fact]
    public async Task FolderDiscovery_BatchAnswered503Once_IsRetriedByTheRetryLayer_AndEveryFolderIsFound()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        graph.Emulator.Control.AddFault(new FaultRule { Method = "POST", PathPattern = @"\$batch", Kind = FaultKind.ServiceUnavailable503, RetryAfter = TimeSpan.Zero, Count = 1, IncludeBatchSteps = false });

        await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        var batches = graph.Emulator.Control.Requests.Where(r => r.Method == "POST" && r.Url.Contains("$batch", StringComparison.Ordinal) && r.BatchRequestId is null).ToList();
        Assert.Equal(503, batches[0].Status);
        Assert.Equal("1", batches[1].Header("Retry-Attempt"));
        var cursors = await graph.Store.CursorsAsync(mailbox.Id, Ct);
        Assert.Equal(["archive", "inbox", "sentitems"], cursors.Select(c => c.WellKnownName).OfType<string>().Where(n => n != "calendar").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CoffeeHold_GetScheduleAnswered504Once_IsRetried_AndTheHoldIsPlaced()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var now = graph.Clock.GetUtcNow();
        var hold = Suggestion.FromPlan(mailbox.Id, new SuggestionPlan("lee@fabrikam.com", "Lee Chen", SuggestionKind.Hold, "You used to meet weekly.", "coffee", "Invite Lee.", now.AddDays(3), 100), now);
        graph.Ledger.Add(hold);
        graph.Emulator.Control.AddFault(new FaultRule { Method = "POST", PathPattern = "getSchedule", Kind = FaultKind.GatewayTimeout504, RetryAfter = TimeSpan.Zero, Count = 1 });

        var written = await graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).WritePendingAsync(Ct);

        Assert.Equal((0, 1, 0), (written.Tasks, written.Holds, written.Failed));
        Assert.Equal([504, 200], graph.Emulator.Control.Requests.Where(r => r.Url.Contains("getSchedule", StringComparison.Ordinal)).Select(r => r.Status));
    }

    [Theory]
    [InlineData("120", 120)]
    [InlineData("3600", 600)]
    [InlineData("-5", 0)]
    public void RetryAfter_Seconds_ReadAndCappedAtTenMinutes(string header, int expectedSeconds)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", header);

        Assert.Equal(header == "-5" ? null : TimeSpan.FromSeconds(expectedSeconds), GraphResilience.RetryAfter(response));
    }

    [Fact]
    public void RetryAfter_AnHttpDate_IsMeasuredAgainstTheResponsesOwnDate_NotTheWallClock()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.Date = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(new DateTimeOffset(2026, 11, 22, 12, 0, 30, TimeSpan.Zero));

        Assert.Equal(TimeSpan.FromSeconds(30), GraphResilience.RetryAfter(response));
    }

    private static HttpRequestMessage Batch(string steps) => new(HttpMethod.Post, "https://graph.microsoft.com/v1.0/$batch")
    {
        Content = new StringContent($$"""{"requests":[{{steps}}]}""", System.Text.Encoding.UTF8, "application/json"),
    };

    /// <summary>The worker's own HTTP pipeline (retry layer, then the mailbox gate) over a scripted Graph, on a test clock.</summary>
    private static HttpClient Client(ScriptedHandler graph, FakeTimeProvider? clock = null, Action<GraphOptions>? options = null) =>
        Pipeline(graph, clock, options).GetRequiredService<IHttpClientFactory>().CreateClient(GraphResilience.HttpClientName);

    private static ServiceProvider Pipeline(ScriptedHandler graph, FakeTimeProvider? clock = null, Action<GraphOptions>? options = null)
    {
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero)))
            .Configure<GraphOptions>(o =>
            {
                o.RetryBaseDelay = TimeSpan.Zero;
                options?.Invoke(o);
            })
            .AddSingleton<MailboxGate>();
        services.AddGraphHttpPipeline().ConfigurePrimaryHttpMessageHandler(() => graph);
        return services.BuildServiceProvider();
    }

    private static Func<HttpResponseMessage> Ok() => () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };

    private static Func<HttpResponseMessage> Status(HttpStatusCode status) => () => new HttpResponseMessage(status);

    private static Func<HttpResponseMessage> Throttled(TimeSpan retryAfter) => () =>
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(retryAfter);
        return response;
    };

    /// <summary>An answer that never comes: the call waits until it is cancelled.</summary>
    private static readonly Func<HttpResponseMessage> NeverAnswers = () => throw new InvalidOperationException("never answers");

    private static Func<HttpResponseMessage> Never() => NeverAnswers;

    /// <summary>Graph as a script of answers, one per call, recording what each call carried.</summary>
    private sealed class ScriptedHandler(params Func<HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public List<string?> RetryAttemptHeaders { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            RetryAttemptHeaders.Add(request.Headers.TryGetValues("Retry-Attempt", out var values) ? values.Single() : null);
            var answer = answers[Math.Min(Interlocked.Increment(ref _calls) - 1, answers.Length - 1)];
            if (ReferenceEquals(answer, NeverAnswers))
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            return answer();
        }
    }
}
