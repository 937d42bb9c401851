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
/// workload identity, certificate, secret, Azure CLI, or the emulator's fixed token), Graph's default middleware with
/// its RetryHandler replaced by <see cref="GraphRetryHandler"/>, and the per-mailbox <see cref="MailboxGate"/>.
/// </summary>
public sealed class GraphClientBuilder(IOptions<GraphOptions> options, MailboxGate gate, TimeProvider time)
{
    private static readonly string[] GraphScopes = ["https://graph.microsoft.com/.default"];

    public GraphServiceClient Build(HttpMessageHandler? finalHandler = null)
    {
        var settings = options.Value;
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        var retryAt = handlers.ToList().FindIndex(h => h is RetryHandler);
        handlers = [.. handlers.Where(h => h is not RetryHandler)];
        handlers.Insert(Math.Max(retryAt, 0), new GraphRetryHandler(settings, time));
        handlers.Insert(Math.Max(retryAt, 0) + 1, new MailboxGateHandler(gate));

        var http = GraphClientFactory.Create(handlers, finalHandler: finalHandler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        });
        http.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own timeout in GraphRetryHandler
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
