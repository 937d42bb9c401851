using GraphNetworker.GraphEmulator;
using GraphNetworker.Store;
using GraphNetworker.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GraphNetworker.Benchmarks.Harness;

/// <summary>
/// A benchmark tenant: the Graph emulator in this process on loopback (lazy synthetic tenant, real time, modelled
/// latency and limits) and a fresh SQLite database in a temp folder. <see cref="StartWorkerAsync"/> builds the real
/// worker's services on it exactly as the host does (<c>AddGraphNetworkerWorker</c>), as the integration tests'
/// WorkerHarness does, on <see cref="TimeProvider.System"/>.
/// </summary>
internal sealed class BenchTenant : IAsyncDisposable
{
    private ServiceProvider? _services;

    private BenchTenant(BenchSpec spec, GraphEmulatorServer emulator, string dataFolder)
    {
        Spec = spec;
        Emulator = emulator;
        DataFolder = dataFolder;
    }

    public BenchSpec Spec { get; }

    public GraphEmulatorServer Emulator { get; }

    public string DataFolder { get; }

    public WarningCounter Warnings { get; } = new();

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Start the worker or the store first.");

    public static async Task<BenchTenant> StartAsync(BenchSpec spec, CancellationToken cancellationToken)
    {
        var options = new GraphEmulatorOptions
        {
            Tenant = spec.Tenant,
            TimeProvider = TimeProvider.System,
            Latency = TimeSpan.FromMilliseconds(spec.LatencyMs),
            RequestLogCapacity = 0, // the log would keep 10,000 requests in memory: counters are enough here
            Throttling = new EmulatorThrottlingOptions { Enabled = spec.Throttling },
        };
        var emulator = await GraphEmulatorServer.StartAsync(options, cancellationToken);
        var folder = Path.Combine(Path.GetTempPath(), "gn-bench-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        return new BenchTenant(spec, emulator, folder);
    }

    /// <summary>The real worker: Graph:Mode=Emulator, SQLite in the temp folder, WriteToOutlook=false (sync, score and plan only).</summary>
    public Task StartWorkerAsync(CancellationToken cancellationToken) => BuildAsync(services => services.AddGraphNetworkerWorker(), cancellationToken);

    /// <summary>Only the store (the same schema, migrated), for the SDK baseline.</summary>
    public Task StartStoreAsync(CancellationToken cancellationToken) => BuildAsync(services => services.AddGraphNetworkerStore(), cancellationToken);

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await Emulator.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp folder is cleaned by the OS.
        }
    }

    private async Task BuildAsync(Action<IServiceCollection> add, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["GraphNetworker:Store:DataFolder"] = DataFolder,
            ["GraphNetworker:Graph:Mode"] = "Emulator",
            ["GraphNetworker:Graph:BaseUrl"] = Emulator.BaseUrl.ToString(),
            ["GraphNetworker:Graph:EmulatorToken"] = GraphEmulatorOptions.DeveloperToken,
            ["GraphNetworker:Graph:MaxPageSize"] = BenchSpec.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GraphNetworker:Scope:OptInGroupId"] = Emulator.Control.SyntheticManifest!.GroupId,
            ["GraphNetworker:Sync:MailboxParallelism"] = Spec.Parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GraphNetworker:Worker:WorkerId"] = "bench",
            ["GraphNetworker:Worker:WriteToOutlook"] = "false",
        };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging(l => l.AddProvider(Warnings).SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        add(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await _services.GetRequiredService<StoreMigrator>().MigrateAsync(cancellationToken);
    }
}

/// <summary>Counts warnings and errors logged (rejected items, failed mailboxes, throttling), so a run that went wrong shows it.</summary>
internal sealed class WarningCounter : ILoggerProvider, ILogger
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void Dispose()
    {
    }
}
