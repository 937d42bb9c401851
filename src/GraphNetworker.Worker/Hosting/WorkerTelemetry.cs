using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using OpenTelemetry;

namespace GraphNetworker.Worker.Hosting;

/// <summary>
/// The worker's traces (source <c>GraphNetworker</c>): a span per cycle, per mailbox, and per step of a mailbox (sync,
/// read-back, score, plan, write), with Graph's HTTP calls beneath them, one span per attempt: a retry carries its
/// resend count, a throttled answer the mark and the wait Graph asked for. No attribute carries personal data: mailboxes
/// appear as a short hash, Graph URLs with every id replaced, and never a subject or an address.
/// </summary>
public static class WorkerTelemetry
{
    public const string SourceName = "GraphNetworker";

    /// <summary>The .NET HTTP client's own spans (one per attempt, so retries show).</summary>
    public const string HttpSourceName = "System.Net.Http";

    /// <summary>OpenTelemetry's name for which resend of a request a span is (1 for the first retry; absent on the first try).</summary>
    public const string ResendCountTag = "http.request.resend_count";

    public const string ThrottledTag = "graphnetworker.graph.throttled";

    /// <summary>How long Graph asked to wait (its Retry-After) when it throttled the request.</summary>
    public const string RetryAfterTag = "graphnetworker.graph.retry_after_ms";

    /// <summary>
    /// Which attempt an HTTP span is: the retry layer numbers each resend in Graph's own <c>Retry-Attempt</c> header (as
    /// the Graph SDK's handler does), read here from the request the span was made for.
    /// </summary>
    public static void EnrichRequest(Activity activity, HttpRequestMessage request)
    {
        if (request.Headers.TryGetValues("Retry-Attempt", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) && attempt > 0)
        {
            activity.SetTag(ResendCountTag, attempt);
        }
    }

    /// <summary>A throttled answer (429) is marked, with the wait Graph asked for.</summary>
    public static void EnrichResponse(Activity activity, HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return;
        }

        activity.SetTag(ThrottledTag, true);
        if (response.Headers.RetryAfter is { } retryAfter
            && (retryAfter.Delta ?? (retryAfter.Date - (response.Headers.Date ?? retryAfter.Date))) is { } wait)
        {
            activity.SetTag(RetryAfterTag, (long)Math.Max(0, wait.TotalMilliseconds));
        }
    }

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A mailbox as telemetry names it: a stable fingerprint of its user id, not the id.</summary>
    public static string MailboxHash(string mailboxId) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(mailboxId.ToLowerInvariant())))[..12].ToLowerInvariant();

    /// <summary>
    /// A Graph URL without what identifies anyone: the query goes, and every path segment that is not a plain word of
    /// Graph's own (users, mailFolders, delta, $batch, …) becomes <c>{id}</c> — user ids and names, folder, item and
    /// list ids.
    /// </summary>
    public static string RedactUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "{url}";
        }

        var segments = uri.AbsolutePath.Split('/').Select(s => IsGraphWord(s) ? s : "{id}");
        return $"{uri.Scheme}://{uri.Authority}{string.Join('/', segments)}";
    }

    private static bool IsGraphWord(string segment)
    {
        // A function call without arguments (delta()) is one of Graph's words too; anything with an argument is not kept.
        var word = segment.EndsWith("()", StringComparison.Ordinal) ? segment[..^2] : segment;
        return word is "" or "v1.0" or "beta" || (word.Length <= 40 && word.All(c => char.IsAsciiLetter(c) || c is '.' or '$'));
    }

    /// <summary>Rewrites the HTTP client's spans before any exporter sees them: the redacted URL, and throttling marked (also where no response reached the enrichment).</summary>
    internal sealed class RedactingProcessor : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (data.Source.Name != HttpSourceName)
            {
                return;
            }

            if (data.GetTagItem("url.full") is string url)
            {
                data.SetTag("url.full", RedactUrl(url));
            }

            data.SetTag("url.query", null);
            data.SetTag("url.path", data.GetTagItem("url.path") is string path ? RedactUrl("http://x" + path)[8..] : null);
            if (data.GetTagItem("http.response.status_code") is 429 or "429")
            {
                data.SetTag(ThrottledTag, true);
            }

            data.DisplayName = data.GetTagItem("http.request.method") is string method ? $"{method} graph" : data.DisplayName;
        }
    }
}
