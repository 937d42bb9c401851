using Microsoft.Extensions.Time.Testing;
using GraphNetworker.GraphEmulator.Tenants;
using GraphNetworker.Tests.Common;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace GraphNetworker.GraphEmulator.Tests.Infrastructure;

/// <summary>Starts an in-process emulator on a test clock and hands out SDK and raw HTTP clients for it.</summary>
internal sealed class TestEmulator : IAsyncDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly List<HttpClient> _clients = [];

    private TestEmulator(GraphEmulatorServer server, FakeTimeProvider clock, GraphEmulatorOptions options)
    {
        Server = server;
        Clock = clock;
        Options = options;
    }

    public GraphEmulatorServer Server { get; }

    public FakeTimeProvider Clock { get; }

    public GraphEmulatorOptions Options { get; }

    public EmulatorControl Control => Server.Control;

    public static Task<TestEmulator> StartAsync(TenantSnapshot tenant, Action<GraphEmulatorOptions>? configure = null) =>
        StartAsync(o => { o.TenantSnapshot = tenant; configure?.Invoke(o); });

    public static async Task<TestEmulator> StartAsync(Action<GraphEmulatorOptions>? configure = null)
    {
        var clock = new FakeTimeProvider(Epoch);
        var options = new GraphEmulatorOptions { TimeProvider = clock, Tenant = "synthetic:users=2,months=3,seed=7" };
        configure?.Invoke(options);
        var server = await GraphEmulatorServer.StartAsync(options, TestContext.Current.CancellationToken);
        return new TestEmulator(server, clock, options);
    }

    /// <summary>The unmodified Graph SDK pointed at the emulator, with the developer token.</summary>
    public GraphServiceClient Graph(string token = GraphEmulatorOptions.DeveloperToken)
    {
        var auth = new BaseBearerTokenAuthenticationProvider(new StaticTokenProvider(token));
        return new GraphServiceClient(auth, Server.BaseUrl.ToString());
    }

    /// <summary>A plain HttpClient with the bearer token (for wire-level checks).</summary>
    public HttpClient Http(string? token = GraphEmulatorOptions.DeveloperToken)
    {
        var client = new HttpClient { BaseAddress = new Uri(Server.BaseUrl + "/") };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients)
        {
            c.Dispose();
        }

        await Server.DisposeAsync();
    }

    private sealed class StaticTokenProvider(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new(["127.0.0.1", "localhost"]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(token);
    }
}
