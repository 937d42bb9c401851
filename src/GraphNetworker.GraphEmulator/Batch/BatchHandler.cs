using System.Text;
using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Batch;

/// <summary>
/// JSON batching as Graph answers <c>POST /$batch</c>: steps run through the same pipeline (auth, limiter, faults) with at most 4 at a
/// time, or one by one when any step uses <c>dependsOn</c> (dependents of a failed step get 424). The
/// envelope is 200 whenever it parses; throttled steps carry 429 and Retry-After inside it, including the
/// steps of an unordered batch beyond a mailbox's concurrency limit.
/// </summary>
internal static class BatchHandler
{
    private const int Parallelism = 4;

    public static void Register(RouteTable routes) =>
        routes.Add("POST", "$batch", RouteScope.Batch, Permissions.None, ExecuteAsync);

    private static async ValueTask<GraphResponse> ExecuteAsync(GraphContext context)
    {
        if (context.Request.BatchStepId is not null)
        {
            throw GraphErrors.BadRequest("A $batch request can't contain another $batch request.");
        }

        var steps = BatchStep.ParseEnvelope(context.Request);
        var results = new JsonObject?[steps.Count];
        if (steps.Any(s => s.DependsOn.Count > 0))
        {
            var failed = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                if (step.DependsOn.Any(failed.Contains))
                {
                    failed.Add(step.Id);
                    results[i] = FailedDependency(step);
                    continue;
                }

                results[i] = await RunAsync(context, step, beyondConcurrency: false);
                if (results[i]!["status"]!.GetValue<int>() >= 400)
                {
                    failed.Add(step.Id);
                }
            }
        }
        else
        {
            var beyond = BeyondMailboxConcurrency(context, steps);
            using var gate = new SemaphoreSlim(Parallelism);
            await Task.WhenAll(steps.Select(async (step, i) =>
            {
                await gate.WaitAsync(context.Aborted);
                try
                {
                    results[i] = await RunAsync(context, step, beyond.Contains(i));
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        IEnumerable<JsonObject> ordered = results!;
        if (context.Settings.ShuffleBatchResponses)
        {
            var random = Hashing.Random(context.State.Seed, Hashing.Of(context.RequestId));
            ordered = ordered.OrderBy(_ => random.Next());
        }

        return GraphResponse.Ok(new JsonObject { ["responses"] = new JsonArray(ordered.Select(r => (JsonNode)r).ToArray()) });
    }

    /// <summary>
    /// The steps (by index) that Outlook would run beyond a mailbox's concurrency limit: an unordered batch is
    /// concurrent, so the fifth and later steps to one mailbox are throttled (steps chained by dependsOn run
    /// one at a time and never get here).
    /// </summary>
    private static HashSet<int> BeyondMailboxConcurrency(GraphContext context, List<BatchStep> steps)
    {
        var beyond = new HashSet<int>();
        if (context.Settings.Fidelity.BatchMailboxConcurrency != BatchMailboxConcurrency.ThrottleExcessSteps)
        {
            return beyond;
        }

        var perMailbox = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < steps.Count; i++)
        {
            var (path, _) = SplitUrl(steps[i].Url);
            if (context.Pipeline.MailboxOf(steps[i].Method, path) is { } mailbox)
            {
                perMailbox[mailbox] = perMailbox.GetValueOrDefault(mailbox) + 1;
                if (perMailbox[mailbox] > context.Settings.Throttling.ConcurrentPerMailbox)
                {
                    beyond.Add(i);
                }
            }
        }

        return beyond;
    }

    private static async Task<JsonObject> RunAsync(GraphContext context, BatchStep step, bool beyondConcurrency)
    {
        var (path, query) = SplitUrl(step.Url);
        var headers = new Dictionary<string, string>(step.Headers, StringComparer.OrdinalIgnoreCase);
        if (context.Request.Header("Authorization") is { } auth)
        {
            headers["Authorization"] = auth;
        }

        var body = step.Body switch
        {
            null => ReadOnlyMemory<byte>.Empty,
            JsonValue v when v.TryGetValue<string>(out var text) => Encoding.UTF8.GetBytes(text),
            _ => Encoding.UTF8.GetBytes(step.Body.ToJsonString()),
        };
        var request = new GraphRequest
        {
            Method = step.Method,
            Path = path,
            Query = query,
            Headers = headers,
            Body = body,
            BatchStepId = step.Id,
            BatchRequestId = context.RequestId,
            BeyondBatchConcurrency = beyondConcurrency,
        };
        var response = await context.Pipeline.ExecuteAsync(request, context.BaseUrl, context.Aborted);
        var responseHeaders = new JsonObject();
        foreach (var (name, value) in response.Headers)
        {
            if (!name.Equals("request-id", StringComparison.OrdinalIgnoreCase) && !name.Equals("client-request-id", StringComparison.OrdinalIgnoreCase))
            {
                responseHeaders[name] = value;
            }
        }

        var result = new JsonObject { ["id"] = step.Id, ["status"] = response.Status, ["headers"] = responseHeaders };
        if (response.Body is not null && response.Status != 204)
        {
            responseHeaders["Content-Type"] = "application/json; charset=utf-8";
            result["body"] = response.Body.DeepClone();
        }

        return result;
    }

    /// <summary>Steps carry relative, unescaped URLs (<c>/users/…</c>, maybe without '/' or with <c>/v1.0</c>).</summary>
    private static (string Path, string Query) SplitUrl(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            url = absolute.PathAndQuery;
        }

        if (!url.StartsWith('/'))
        {
            url = "/" + url;
        }

        if (url.StartsWith("/v1.0/", StringComparison.OrdinalIgnoreCase))
        {
            url = url[5..];
        }

        var q = url.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? (url, string.Empty) : (url[..q], url[(q + 1)..]);
    }

    private static JsonObject FailedDependency(BatchStep step) => new()
    {
        ["id"] = step.Id,
        ["status"] = 424,
        ["headers"] = new JsonObject { ["Content-Type"] = "application/json; charset=utf-8" },
        ["body"] = new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = "FailedDependency", ["message"] = "The request depends on a request that failed." },
        },
    };
}
