using System.Net;
using GraphNetworker.Graph.Access;
using GraphNetworker.Tests.Common;

namespace GraphNetworker.Graph.Tests.Access;

/// <summary>The one retry layer: it honours Retry-After, repeats what is safe to repeat, and never blindly repeats a create.</summary>
public sealed class GraphRetryHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_ThrottledThenOk_RetriedAfterRetryAfter()
    {
        var graph = new ScriptedHandler(Throttled(TimeSpan.Zero), Ok());
        using var client = Client(graph);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://graph.microsoft.com/v1.0/users/u1/mailFolders"), Ct);

        Assert.Equal((HttpStatusCode.OK, 2), (response.StatusCode, graph.Calls));
        Assert.Equal("1", graph.RetryAttemptHeaders[1]);
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
        using var tasks = Client(task, retryBaseDelay: TimeSpan.Zero);
        using var holds = Client(hold, retryBaseDelay: TimeSpan.Zero);
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
        using var client = Client(graph, retryBaseDelay: TimeSpan.Zero);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://graph.microsoft.com/v1.0/users/u1/messages"), Ct);

        Assert.Equal((HttpStatusCode.OK, 2), (response.StatusCode, graph.Calls));
    }

    [Theory]
    [InlineData("120", 120)]
    [InlineData("3600", 600)]
    [InlineData("-5", 0)]
    public void RetryAfter_Seconds_ReadAndCappedAtTenMinutes(string header, int expectedSeconds)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", header);

        Assert.Equal(header == "-5" ? null : TimeSpan.FromSeconds(expectedSeconds), GraphRetryHandler.RetryAfter(response));
    }

    private static HttpMessageInvoker Client(ScriptedHandler graph, TimeSpan? retryBaseDelay = null) =>
        new(new GraphRetryHandler(new GraphOptions { RetryBaseDelay = retryBaseDelay ?? TimeSpan.FromSeconds(2) }, new TestTimeProvider("2026-11-22T12:00:00Z")) { InnerHandler = graph });

    private static Func<HttpResponseMessage> Ok() => () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };

    private static Func<HttpResponseMessage> Status(HttpStatusCode status) => () => new HttpResponseMessage(status);

    private static Func<HttpResponseMessage> Throttled(TimeSpan retryAfter) => () =>
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(retryAfter);
        return response;
    };

    /// <summary>Graph as a script of answers, one per call, recording what each call carried.</summary>
    private sealed class ScriptedHandler(params Func<HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        public List<string?> RetryAttemptHeaders { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            RetryAttemptHeaders.Add(request.Headers.TryGetValues("Retry-Attempt", out var values) ? values.Single() : null);
            return Task.FromResult(answers[Math.Min(Calls++, answers.Length - 1)]());
        }
    }
}
