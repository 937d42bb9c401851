using Azure.Core;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Authentication.Azure;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Graph.Access;

/// <summary>
/// Builds the one <see cref="GraphServiceClient"/> the worker uses: the configured credential (managed identity,
/// workload identity, certificate, secret, Azure CLI, or the emulator's fixed token) and Graph's default middleware
/// without its RetryHandler, over the named <see cref="HttpClient"/> pipeline of IHttpClientFactory that holds the one
/// retry layer (<see cref="GraphResilience"/>, <c>AddResilienceHandler</c>) and, inside it, the per-mailbox
/// <see cref="MailboxGate"/> for every attempt.
/// </summary>
public sealed class GraphClientBuilder(IOptions<GraphOptions> options, System.Net.Http.IHttpMessageHandlerFactory handlers)
{
    private static readonly string[] GraphScopes = ["https://graph.microsoft.com/.default"];

    public GraphServiceClient Build()
    {
        var settings = options.Value;
        var sdk = GraphClientFactory.CreateDefaultHandlers().Where(h => h is not RetryHandler).ToList();
        var http = GraphClientFactory.Create(sdk, finalHandler: handlers.CreateHandler(GraphResilience.HttpClientName));
        http.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own timeout in the retry layer
        return new GraphServiceClient(http, AuthenticationFor(settings), settings.BaseUrl.TrimEnd('/'));
    }

    /// <summary>The credential the configuration names (null for the emulator, which takes a fixed token).</summary>
    public static TokenCredential? CredentialFor(GraphOptions settings) => settings.Mode switch
    {
        GraphMode.ManagedIdentity when !string.IsNullOrWhiteSpace(settings.ClientId) => ManagedIdentityAsFederatedCredential(settings),
        GraphMode.ManagedIdentity => new ManagedIdentityCredential(
            Environment.GetEnvironmentVariable("AZURE_CLIENT_ID") is { Length: > 0 } id ? ManagedIdentityId.FromUserAssignedClientId(id) : ManagedIdentityId.SystemAssigned),
        GraphMode.WorkloadIdentity => new WorkloadIdentityCredential(),
        GraphMode.ClientCertificate => new ClientCertificateCredential(settings.TenantId, settings.ClientId, settings.CertificatePath),
        GraphMode.ClientSecret => new ClientSecretCredential(settings.TenantId, settings.ClientId, settings.ClientSecret),
        GraphMode.AzureCli => new AzureCliCredential(),
        _ => null,
    };

    private static IAuthenticationProvider AuthenticationFor(GraphOptions settings)
    {
        var host = new Uri(settings.BaseUrl).Host;
        if (settings.Mode == GraphMode.Emulator)
        {
            return new BaseBearerTokenAuthenticationProvider(new FixedTokenProvider(settings.EmulatorToken, host));
        }

        return new AzureIdentityAuthenticationProvider(CredentialFor(settings)!, allowedHosts: [host], scopes: GraphScopes);
    }

    /// <summary>The managed identity signs an assertion for the app registration: secretless, and the app can be consented in other tenants.</summary>
    private static ClientAssertionCredential ManagedIdentityAsFederatedCredential(GraphOptions settings)
    {
        var clientId = Environment.GetEnvironmentVariable("AZURE_CLIENT_ID");
        var identity = new ManagedIdentityCredential(string.IsNullOrWhiteSpace(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId));
        var exchange = new TokenRequestContext(["api://AzureADTokenExchange/.default"]);
        return new ClientAssertionCredential(settings.TenantId, settings.ClientId,
            async ct => (await identity.GetTokenAsync(exchange, ct)).Token);
    }

    /// <summary>The emulator's token: a fixed string, sent only to the configured host.</summary>
    private sealed class FixedTokenProvider(string token, string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? token : string.Empty);
    }
}
