using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Kiota.Abstractions;
using Polly;
using Polly.Timeout;

namespace GraphNetworker.Graph.Access;

/// <summary>
/// Marks a request as safe to repeat although it is a POST: a create protected by Graph's own idempotency (an event's
/// <c>transactionId</c>) or a read-only action (<c>getSchedule</c>). A <c>$batch</c> of GETs needs no mark.
/// </summary>
public sealed class IdempotentRequestOption : IRequestOption
{
    public static readonly IdempotentRequestOption Instance = new();
}

/// <summary>
/// Lets every attempt through its limits and reports throttling and faults back to them: an Outlook request enters its
/// mailbox's gate (four in flight, a budget per ten minutes: limits per app and mailbox); a Teams read, which Outlook's
/// limits do not cover, takes its turn in the tenant-wide <see cref="TeamsPace"/> instead (limits per app and tenant)
/// and is only counted in the mailbox's totals. Kept by hand: no standard strategy keys on either. A 429 on a Teams read
/// pauses the Teams pace, not the mailbox: it says nothing about the mailbox's own budget.
/// </summary>
internal sealed class MailboxGateHandler(MailboxGate gate, TeamsPace teams) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Buffered once, so a retried attempt sends the same bytes and the retry layer can read a batch's steps.
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var (mailbox, cost) = GraphResilience.IsBatch(request)
            ? MailboxOf.Batch(await request.Content!.ReadAsStringAsync(cancellationToken))
            : (MailboxOf.Url(request.RequestUri!), 1);
        if (TeamsRoutes.LimitOf(request) is { } teamsLimit)
        {
            await teams.WaitTurnAsync(teamsLimit, cancellationToken);
            gate.CountUngated(mailbox);
            return await SendReportingAsync(request, mailbox, retryAfter =>
            {
                teams.Throttled(teamsLimit, retryAfter);
                gate.ThrottledByTenantLimit(mailbox);
            }, cancellationToken);
        }

        using (await gate.EnterAsync(mailbox, cost, cancellationToken))
        {
            return await SendReportingAsync(request, mailbox, retryAfter => gate.Throttled(mailbox, retryAfter), cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> SendReportingAsync(HttpRequestMessage request, string mailbox, Action<TimeSpan> throttled, CancellationToken cancellationToken)
    {
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throttled(GraphResilience.RetryAfter(response) ?? TimeSpan.FromSeconds(1));
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

/// <summary>
/// The one retry layer, as a Microsoft.Extensions.Http.Resilience pipeline (<c>AddResilienceHandler</c> over Polly; the
/// SDK's own RetryHandler is removed): retries 429, 503 and 504 with exponential backoff and jitter, honouring
/// Retry-After, with a timeout per attempt (inside the mailbox gate), on the injected <see cref="TimeProvider"/>. Timeouts, network errors, 503
/// and 504 are retried only for requests that are safe to repeat: a POST that creates something is never blindly
/// repeated, while read-only POSTs (a <c>$batch</c> of GETs, <c>getSchedule</c>) are.
/// </summary>
/// <remarks>
/// What the standard <see cref="HttpRetryStrategyOptions"/> cannot express and is kept here: its Retry-After reader
/// measures an HTTP-date against <c>TimeProvider.System</c> (the wall clock, not the injected one) and has no cap, so the
/// delay generator is ours (the response's own <c>Date</c> as "now", capped at ten minutes); its
/// <c>DisableForUnsafeHttpMethods</c> refuses every POST, so the idempotency rule is ours; and Graph's
/// <c>Retry-Attempt</c> header on each retry (as the SDK's RetryHandler sends it) is added on retry.
/// </remarks>
internal static class GraphResilience
{
    /// <summary>The named <see cref="HttpClient"/> pipeline (IHttpClientFactory) that carries the retry layer and the gate.</summary>
    public const string HttpClientName = "graphnetworker-graph";

    /// <summary>The retry pipeline, outside the mailbox gate.</summary>
    public const string PipelineName = "graph";

    /// <summary>The per-attempt timeout, inside the mailbox gate: waiting for the mailbox's turn is not part of an attempt.</summary>
    public const string AttemptPipelineName = "graph-attempt";

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(10);

    /// <summary>The retries, around the gate and the attempt (<see cref="ConfigureAttempt"/>).</summary>
    public static void ConfigureRetries(ResiliencePipelineBuilder<HttpResponseMessage> builder, GraphOptions options)
    {
        var retry = new HttpRetryStrategyOptions
        {
            // Not the standard header reader (see the remarks): set before our own generator, which it would replace.
            ShouldRetryAfterHeader = false,
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = MaxRetryAfter,
            ShouldHandle = async args => options.MaxRetries > 0 && await ShouldRetryAsync(args.Outcome, args.Context.GetRequestMessage()),
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
                if (args.Context.GetRequestMessage() is { } request)
                {
                    request.Headers.Remove("Retry-Attempt");
                    request.Headers.TryAddWithoutValidation("Retry-Attempt", (args.AttemptNumber + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                return ValueTask.CompletedTask;
            },
        };
        builder.AddRetry(retry);
    }

    /// <summary>
    /// One attempt's timeout, started once the mailbox gate lets the request through: a request queued behind the
    /// mailbox's other requests, or waiting out its Retry-After, has not yet been sent and is not timed out for it.
    /// </summary>
    public static void ConfigureAttempt(ResiliencePipelineBuilder<HttpResponseMessage> builder, GraphOptions options) =>
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.RequestTimeout });

    /// <summary>Retry-After as integer seconds or an HTTP date (against the response's own Date), capped at ten minutes.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - (response.Headers.Date ?? date) : null);
        return delay is null ? null : delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxRetryAfter ? MaxRetryAfter : delay;
    }

    public static bool IsBatch(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post && request.Content is not null && request.RequestUri is { } uri && uri.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal);

    private static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        if (outcome.Result is { } response)
        {
            // A 429 is refused before any work is done: always safe to send again. A 503 or 504 may come after the work
            // was done (a task created, its answer lost), so a create is repeated only when it carries Graph's own
            // idempotency (an event's transactionId); the writer reconciles anything else from the ledger next cycle.
            return response.StatusCode switch
            {
                HttpStatusCode.TooManyRequests => true,
                HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => request is not null && await IsSafeToRepeatAsync(request),
                _ => false,
            };
        }

        return outcome.Exception is HttpRequestException or TimeoutRejectedException && request is not null && await IsSafeToRepeatAsync(request);
    }

    /// <summary>
    /// A read (GET), a POST marked <see cref="IdempotentRequestOption"/>, or a <c>$batch</c> whose every step is a GET:
    /// Microsoft's batching page has the service run each step as its own request, so a batch of reads changes nothing.
    /// </summary>
    internal static async ValueTask<bool> IsSafeToRepeatAsync(HttpRequestMessage request)
    {
        if (request.Method != HttpMethod.Post ||
            request.Options.TryGetValue(new HttpRequestOptionsKey<IRequestOption>(typeof(IdempotentRequestOption).FullName!), out _))
        {
            return true;
        }

        return IsBatch(request) && IsBatchOfReads(await request.Content!.ReadAsStringAsync());
    }

    internal static bool IsBatchOfReads(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var steps = document.RootElement.GetProperty("requests");
            return steps.GetArrayLength() > 0 && steps.EnumerateArray().All(s =>
                s.TryGetProperty("method", out var method) && string.Equals(method.GetString(), "GET", StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }
}
