using System.Net;
using GraphNetworker.GraphEmulator.Control;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Hosting;
using GraphNetworker.GraphEmulator.Routing;
using GraphNetworker.GraphEmulator.Tenants;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace GraphNetworker.GraphEmulator;

/// <summary>
/// A running Graph emulator: Graph v1.0 at <see cref="BaseUrl"/>, the control API at <see cref="ControlUrl"/>,
/// and the same control operations in-process through <see cref="Control"/>. The state belongs to the options
/// instance, so <see cref="StopAsync"/> followed by <see cref="RestartAsync"/> (or <see cref="StartAsync"/>
/// with the same options and URL) serves the same tenant, tokens and log, as a restarted emulator would.
/// </summary>
public sealed class GraphEmulatorServer : IAsyncDisposable
{
    private readonly GraphEmulatorOptions _options;
    private readonly EmulatorState _state;
    private readonly GraphPipeline _pipeline;
    private WebApplication? _app;
    private int _port;

    private GraphEmulatorServer(GraphEmulatorOptions options, EmulatorState state)
    {
        _options = options;
        _state = state;
        _pipeline = new GraphPipeline(state, GraphRoutes.Build());
        Control = new EmulatorControl(state);
    }

    /// <summary>The Graph base URL, e.g. <c>http://127.0.0.1:41234/v1.0</c> (no trailing slash).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The control API, e.g. <c>http://127.0.0.1:41234/_emulator</c>.</summary>
    public Uri ControlUrl { get; private set; } = null!;

    /// <summary>Seed, mutate, faults, clock, tokens, request log, statistics and snapshots, in-process.</summary>
    public EmulatorControl Control { get; }

    public bool IsRunning => _app is not null;

    /// <summary>Starts Kestrel on 127.0.0.1 (an ephemeral port unless <see cref="GraphEmulatorOptions.Url"/> is set).</summary>
    public static async Task<GraphEmulatorServer> StartAsync(GraphEmulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new GraphEmulatorOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(GraphEmulatorOptions.SectionName, typeof(GraphEmulatorOptions), validation.Failures);
        }

        if (options.State is null)
        {
            var clock = new EmulatorClock(options.TimeProvider);
            var tenant = TenantLoader.Load(options, clock);
            options.State = new EmulatorState(options, clock, tenant);
            Log.TenantLoaded(options.State.Logger, options.TenantSnapshot is null ? options.Tenant : "memory", tenant.Directory.UserCount, tenant.Seed);
        }

        var server = new GraphEmulatorServer(options, options.State);
        await server.StartKestrelAsync(ParsePort(options.Url), ct);
        return server;
    }

    /// <summary>Starts again on the same port with the same state (after <see cref="StopAsync"/>, or stops first).</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await StopAsync(ct);
        await StartKestrelAsync(_port, ct);
    }

    /// <summary>Stops listening; the state is kept for a restart.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is null)
        {
            return;
        }

        await app.StopAsync(ct);
        await app.DisposeAsync();
        Log.Stopped(_state.Logger);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartKestrelAsync(int port, CancellationToken ct)
    {
        // Embedded: no appsettings.json, environment or Kestrel section of the hosting process, no signal handling.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.Logging.ClearProviders();
        if (_options.LoggerFactory is { } loggerFactory)
        {
            builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        var host = ParseHost(_options.Url);
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(host, port);
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        var app = builder.Build();
        var graph = new HttpGraphEndpoint(_pipeline);
        var control = new ControlApi(_state, Control, _options.ControlToken, _options.SnapshotRoot);
        app.Run(http => Dispatch(http, graph, control));
        await app.StartAsync(ct);
        _app = app;

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _port = new Uri(address).Port;
        var authority = "http://" + (host.Equals(IPAddress.Any) ? "127.0.0.1" : host.ToString()) + ":" + _port;
        BaseUrl = new Uri(authority + "/v1.0");
        ControlUrl = new Uri(authority + "/_emulator");
        Log.Listening(_state.Logger, BaseUrl, ControlUrl);
    }

    private static Task Dispatch(HttpContext http, HttpGraphEndpoint graph, ControlApi control)
    {
        if (http.Request.Path.StartsWithSegments("/v1.0", StringComparison.OrdinalIgnoreCase, out var rest))
        {
            return graph.HandleAsync(http, rest);
        }

        if (http.Request.Path.StartsWithSegments("/_emulator", StringComparison.OrdinalIgnoreCase, out var controlPath))
        {
            return control.HandleAsync(http, controlPath);
        }

        http.Response.StatusCode = 400;
        http.Response.ContentType = HttpGraphEndpoint.ContentType;
        return http.Response.WriteAsync("{\"error\":{\"code\":\"BadRequest\",\"message\":\"Invalid version: use /v1.0 (Graph) or /_emulator (control API).\"}}");
    }

    private static int ParsePort(string? url) => url is null ? 0 : new Uri(url).Port;

    private static IPAddress ParseHost(string? url)
    {
        if (url is null)
        {
            return IPAddress.Loopback;
        }

        var host = new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal)).Host;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? ip : IPAddress.Loopback;
    }
}
