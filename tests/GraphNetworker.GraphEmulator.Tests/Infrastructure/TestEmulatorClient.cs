using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace GraphNetworker.GraphEmulator.Tests.Infrastructure;

/// <summary>An SDK client for any running emulator server (e.g. one restarted by a test).</summary>
internal sealed class TestEmulatorClient(GraphEmulatorServer server)
{
    public GraphServiceClient Graph(string token = GraphEmulatorOptions.DeveloperToken) =>
        new(new BaseBearerTokenAuthenticationProvider(new Token(token)), server.BaseUrl.ToString());

    private sealed class Token(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new(["127.0.0.1", "localhost"]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(token);
    }
}
