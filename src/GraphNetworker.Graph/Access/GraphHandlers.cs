using System.Net;
using Microsoft.Kiota.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace GraphNetworker.Graph.Access;

/// <summary>Marks a request as safe to repeat (a create protected by Graph's transactionId, or a batch of reads).</summary>
public sealed class IdempotentRequestOption : IRequestOption
{
    public static readonly IdempotentRequestOption Instance = new();
}

/// <summary>Enters the mailbox's gate for every attempt and reports throttling and faults back to it.</summary>
internal sealed class MailboxGateHandler(MailboxGate gate) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var (mailbox, cost) = request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal) && request.Content is not null
            ? MailboxOf.Batch(await request.Content.ReadAsStringAsync(cancellationToken))
            : (MailboxOf.Url(request.RequestUri!), 1);
        using (await gate.EnterAsync(mailbox, cost, cancellationToken))
        {
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    gate.Throttled(mailbox, GraphRetryHandler.RetryAfter(response) ?? TimeSpan.FromSeconds(1));
                }
                else if ((int)response.StatusCode >= 500)
                {
                    gate.Faulted(mailbox);
                }

                return response;
            }
            catch (HttpRequestException)
            {
                gate.Faulted(mailbox);
                throw;
            }
        }
    }
}

/// <summary>
/// The one retry layer (the SDK's own RetryHandler is removed): retries 429, 503 and 504, honouring Retry-After and
/// otherwise backing off exponentially, on the injected <see cref="TimeProvider"/>. Timeouts and network errors are
/// retried only for requests that are safe to repeat: a POST that creates something is never blindly repeated.
/// </summary>
internal sealed class GraphRetryHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("graphnetworker.request");
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(10);
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public GraphRetryHandler(GraphOptions options, TimeProvider time)
    {
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && ShouldRetry(args.Outcome, args.Context.Properties.GetValue(RequestKey, null!))),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response) : null),
                OnRetry = args =>
                {
                    // Recorded on the step's span (the attempt's own HTTP span has ended): how often and why Graph was asked again.
                    System.Diagnostics.Activity.Current?.AddEvent(new System.Diagnostics.ActivityEvent("graphnetworker.graph.retry", tags: new System.Diagnostics.ActivityTagsCollection
                    {
                        ["graphnetworker.graph.attempt"] = args.AttemptNumber + 1,
                        ["http.response.status_code"] = args.Outcome.Result is { } answered ? (int)answered.StatusCode : null,
                        ["graphnetworker.graph.retry_after_ms"] = (long)args.RetryDelay.TotalMilliseconds,
                    }));
                    args.Outcome.Result?.Dispose();
                    var request = args.Context.Properties.GetValue(RequestKey, null!);
                    request.Headers.Remove("Retry-Attempt");
                    request.Headers.TryAddWithoutValidation("Retry-Attempt", (args.AttemptNumber + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.RequestTimeout)
            .Build();
    }

    /// <summary>Retry-After as integer seconds or an HTTP date, capped at ten minutes.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - (response.Headers.Date ?? date) : null);
        return delay is null ? null : delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxRetryAfter ? MaxRetryAfter : delay;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            return await _pipeline.ExecuteAsync(async (ctx, state) => await state.Handler.BaseSend(state.Request, ctx.CancellationToken), context, (Handler: this, Request: request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> BaseSend(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage request)
    {
        if (outcome.Result is { } response)
        {
            // A 429 is refused before any work is done: always safe to send again. A 503 or 504 may come after the work
            // was done (a task created, its answer lost), so a create is repeated only when it carries Graph's own
            // idempotency (an event's transactionId); the writer reconciles anything else from the ledger next cycle.
            return response.StatusCode switch
            {
                HttpStatusCode.TooManyRequests => true,
                HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => IsSafeToRepeat(request),
                _ => false,
            };
        }

        return outcome.Exception is HttpRequestException or TimeoutRejectedException && IsSafeToRepeat(request);
    }

    private static bool IsSafeToRepeat(HttpRequestMessage request) =>
        request.Method != HttpMethod.Post ||
        request.Options.TryGetValue(new HttpRequestOptionsKey<IRequestOption>(typeof(IdempotentRequestOption).FullName!), out _);
}
