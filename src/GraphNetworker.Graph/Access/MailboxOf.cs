using System.Text.Json;
using System.Text.RegularExpressions;

namespace GraphNetworker.Graph.Access;

/// <summary>Which mailbox a Graph request is for, read from its URL (<c>/users/{id}</c> or <c>/users('{id}')</c>), or from a $batch body.</summary>
internal static partial class MailboxOf
{
    public const string Tenant = "(tenant)";

    public static string Url(Uri uri)
    {
        var match = UserSegment().Match(Uri.UnescapeDataString(uri.AbsolutePath));
        return match.Success ? match.Groups["id"].Value.Trim('\'').ToLowerInvariant() : Tenant;
    }

    /// <summary>The mailbox of a $batch's requests and how many sub-requests it carries (each counts against the limits).</summary>
    public static (string Mailbox, int Requests) Batch(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var requests = document.RootElement.GetProperty("requests");
            var first = requests.EnumerateArray().Select(r => r.GetProperty("url").GetString()).FirstOrDefault(u => u is not null);
            var mailbox = first is null ? Tenant : Url(new Uri(new Uri("http://batch/v1.0/"), first.TrimStart('/')));
            return (mailbox, Math.Max(1, requests.GetArrayLength()));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or UriFormatException)
        {
            return (Tenant, 1);
        }
    }

    [GeneratedRegex(@"/users(?:/|\()(?<id>'[^']+'|[^/()?]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UserSegment();
}
