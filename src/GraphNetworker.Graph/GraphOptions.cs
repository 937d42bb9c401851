using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Graph;

/// <summary>How the worker authenticates to Microsoft Graph.</summary>
public enum GraphMode
{
    /// <summary>The built-in emulator (or any Graph look-alike) with a fixed token.</summary>
    Emulator,

    /// <summary>A managed identity (<c>AZURE_CLIENT_ID</c> picks a user-assigned one); with <see cref="GraphOptions.ClientId"/> it is a federated credential of that app.</summary>
    ManagedIdentity,
    WorkloadIdentity,
    ClientCertificate,

    /// <summary>Allowed but discouraged: a secret can leak; prefer a managed identity.</summary>
    ClientSecret,

    /// <summary>A developer's own Azure CLI login.</summary>
    AzureCli,
}

/// <summary>Microsoft Graph access. Section <c>GraphNetworker:Graph</c>.</summary>
public sealed class GraphOptions : IValidatableObject
{
    public const string SectionName = "GraphNetworker:Graph";

    public GraphMode Mode { get; set; } = GraphMode.Emulator;

    /// <summary>Graph's base URL, ending in <c>/v1.0</c>. The emulator's is <c>http://127.0.0.1:5080/v1.0</c>.</summary>
    [Required]
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    public string? TenantId { get; set; }

    /// <summary>The app registration's client id (certificate, secret, or a managed identity used as its federated credential).</summary>
    public string? ClientId { get; set; }

    public string? CertificatePath { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The emulator's bearer token.</summary>
    public string EmulatorToken { get; set; } = "emulator-token";

    /// <summary>Largest page asked for with <c>Prefer: odata.maxpagesize</c>.</summary>
    [Range(10, 1000)]
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>Requests in flight per mailbox (Outlook allows four).</summary>
    [Range(1, 4)]
    public int MaxConcurrentRequestsPerMailbox { get; set; } = 4;

    /// <summary>Requests per mailbox per <see cref="BudgetWindow"/>: below Outlook's 10,000 per 10 minutes, so the worker never provokes throttling it could avoid.</summary>
    [Range(1, 10_000)]
    public int RequestsPerWindow { get; set; } = 9_000;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BudgetWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Teams reads a second this process sends, evenly spaced, against each of Teams' limits per app per tenant (chats;
    /// call records), however many mailboxes it syncs at once: a little under Microsoft's 30, so that the network's jitter
    /// stays inside it. Each replica paces itself: with several, give each a share.
    /// </summary>
    [Range(0.1, 10_000.0)]
    public double TeamsRequestsPerSecond { get; set; } = 25;

    /// <summary>
    /// Time allowed for one attempt of one request until its headers arrive, and then again for its whole body to be read
    /// (a body that stalls past it fails the read with a <see cref="TimeoutException"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Retries after throttling (429) or an unavailable service (503, 504), honouring Retry-After.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 5;

    /// <summary>The first backoff when Graph gives no Retry-After (doubles each attempt).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var baseUrl) || !baseUrl.AbsolutePath.TrimEnd('/').EndsWith("/v1.0", StringComparison.Ordinal))
        {
            yield return Invalid("GraphNetworker:Graph:BaseUrl must be an absolute URL ending in /v1.0.", nameof(BaseUrl));
        }

        var needs = Mode switch
        {
            GraphMode.ClientCertificate => new[] { (nameof(TenantId), TenantId), (nameof(ClientId), ClientId), (nameof(CertificatePath), CertificatePath) },
            GraphMode.ClientSecret => [(nameof(TenantId), TenantId), (nameof(ClientId), ClientId), (nameof(ClientSecret), ClientSecret)],
            GraphMode.Emulator => [(nameof(EmulatorToken), EmulatorToken)],
            _ => [],
        };
        foreach (var (name, value) in needs.Where(n => string.IsNullOrWhiteSpace(n.Item2)))
        {
            yield return Invalid($"GraphNetworker:Graph:{name} is required when GraphNetworker:Graph:Mode is {Mode}.", name);
        }

        if (Mode == GraphMode.ManagedIdentity && !string.IsNullOrWhiteSpace(ClientId) && string.IsNullOrWhiteSpace(TenantId))
        {
            yield return Invalid("GraphNetworker:Graph:TenantId is required when a managed identity is used as the federated credential of GraphNetworker:Graph:ClientId.", nameof(TenantId));
        }
    }

    private static ValidationResult Invalid(string message, string member) => new(message, [member]);
}

/// <summary>Validates <see cref="GraphOptions"/> on start, naming the key that is wrong.</summary>
[OptionsValidator]
internal sealed partial class GraphOptionsValidator : IValidateOptions<GraphOptions>;
