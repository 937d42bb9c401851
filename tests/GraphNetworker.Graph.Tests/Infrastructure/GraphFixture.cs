using Microsoft.Extensions.Time.Testing;
using GraphNetworker.Core.Ports;
using GraphNetworker.GraphEmulator;
using GraphNetworker.Tests.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GraphNetworker.Graph.Tests.Infrastructure;

/// <summary>
/// The Graph adapter's own services (AddGraphNetworkerGraph, the unmodified Microsoft Graph SDK) over an in-process
/// emulator and an in-memory store: no database anywhere.
/// </summary>
public sealed class GraphFixture : IAsyncDisposable
{
    private GraphFixture(GraphEmulatorServer emulator, ServiceProvider services, FakeTimeProvider clock, InMemorySyncStore store, InMemoryLedger ledger)
    {
        Ledger = ledger;
        Emulator = emulator;
        Services = services;
        Clock = clock;
        Store = store;
    }

    public GraphEmulatorServer Emulator { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Clock { get; }

    public InMemorySyncStore Store { get; }

    public InMemoryLedger Ledger { get; }

    public SyntheticManifest Manifest => Emulator.Control.SyntheticManifest!;

    /// <summary>The roles the worker is granted in production (<see cref="GraphPermissions.Application"/>).</summary>
    public static IReadOnlyList<string> LeastPrivilegeRoles => GraphPermissions.Application;

    public static async Task<GraphFixture> StartAsync(
        string tenant = "synthetic:users=2,months=6,seed=7", Action<GraphEmulatorOptions>? emulator = null, DateTimeOffset? now = null, Action<Dictionary<string, string?>>? settings = null,
        FakeTimeProvider? clock = null)
    {
        clock ??= new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var options = new GraphEmulatorOptions { Tenant = tenant, TimeProvider = clock };
        emulator?.Invoke(options);
        var server = await GraphEmulatorServer.StartAsync(options);
        var configuration = new Dictionary<string, string?>
        {
            ["GraphNetworker:Graph:Mode"] = "Emulator",
            ["GraphNetworker:Graph:BaseUrl"] = server.BaseUrl.ToString(),
            ["GraphNetworker:Graph:EmulatorToken"] = GraphEmulatorOptions.DeveloperToken,
            ["GraphNetworker:Scope:OptInGroupId"] = server.Control.SyntheticManifest?.GroupId ?? "none",

            // The clock stands still unless a test moves it, and a paced read would wait for it forever: the Teams pace
            // is raised so that its burst (400 reads at once at this rate) covers a test's Teams reads.
            // TeamsPaceTests and TeamsPaceSyncTests pace them.
            ["GraphNetworker:Graph:TeamsRequestsPerSecond"] = "10000",
        };
        settings?.Invoke(configuration);
        var store = new InMemorySyncStore(clock);
        var ledger = new InMemoryLedger(clock);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build())
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<IMailboxSyncStore>(store)
            .AddSingleton<IOutlookLedger>(ledger)
            .AddGraphNetworkerGraph()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        return new GraphFixture(server, services, clock, store, ledger);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public MailboxProfile Mailbox(int index = 0)
    {
        var user = Manifest.MailboxUsers[index];
        return new MailboxProfile { Id = user.Id!, UserPrincipalName = user.Address, PrimaryAddress = user.Address, DisplayName = user.DisplayName };
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
