using GraphNetworker.GraphEmulator;
using GraphNetworker.Store;
using Npgsql;
using GraphNetworker.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GraphNetworker.Benchmarks.Harness;

/// <summary>
/// A benchmark tenant: the Graph emulator in a process of its own on loopback (lazy synthetic tenant, real time,
/// modelled latency and limits), so this process holds the worker alone, and a fresh database: SQLite in a temp
/// folder, or a new database on the PostgreSQL server that <c>GRAPHNETWORKER_BENCH_POSTGRES</c> names
/// (<c>--store postgres</c>). <see cref="StartWorkerAsync"/> builds the real worker's services on it exactly as the
/// host does (<c>AddGraphNetworkerWorker</c>), on <see cref="TimeProvider.System"/>.
/// </summary>
internal sealed class BenchTenant : IAsyncDisposable
{
    /// <summary>The PostgreSQL server a <c>--store postgres</c> run creates its database on.</summary>
    public const string PostgresVariable = "GRAPHNETWORKER_BENCH_POSTGRES";

    /// <summary>Set by a measuring process that attaches to a tenant its parent started (<see cref="Attached"/>).</summary>
    public const string AttachVariable = "GRAPHNETWORKER_BENCH_ATTACH";

    private ServiceProvider? _services;
    private string? _postgresDatabase;
    private int _stores;
    private bool _warmingUp;
    private readonly string? _connectionString;

    private BenchTenant(BenchSpec spec, EmulatorProcess emulator, string dataFolder, string? connectionString = null)
    {
        Spec = spec;
        Emulator = emulator;
        DataFolder = dataFolder;
        _connectionString = connectionString;
    }

    /// <summary>
    /// What a measuring process needs to work on a tenant another process owns (the scale-out suite's workers): the
    /// emulator's URLs and token and the database, as one line (<c>baseUrl|controlUrl|token|connection string</c>).
    /// </summary>
    public string Attached(string connectionString) => string.Join('|', Emulator.BaseUrl, Emulator.ControlUrl, Emulator.Token, connectionString);

    /// <summary>A tenant another process started: its emulator and its PostgreSQL database, neither stopped or dropped here.</summary>
    public static async Task<BenchTenant> AttachAsync(BenchSpec spec, string attached, CancellationToken cancellationToken)
    {
        var parts = attached.Split('|', 4);
        var emulator = await EmulatorProcess.AttachAsync(new Uri(parts[0]), new Uri(parts[1]), parts[2], cancellationToken);
        return new BenchTenant(spec, emulator, Directory.CreateTempSubdirectory("gn-bench-attached-").FullName, parts[3]);
    }

    /// <summary>Creates a fresh PostgreSQL database on the benchmark's server and returns its connection string (the caller drops it).</summary>
    public static async Task<string> CreatePostgresDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await using var server = new NpgsqlConnection(PostgresServer());
        await server.OpenAsync(cancellationToken);
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", server))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", server))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(PostgresServer()) { Database = name }.ConnectionString;
    }

    public BenchSpec Spec { get; }

    public EmulatorProcess Emulator { get; }

    public string DataFolder { get; }

    public WarningCounter Warnings { get; } = new();

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Start the worker or the store first.");

    public static async Task<BenchTenant> StartAsync(BenchSpec spec, CancellationToken cancellationToken)
    {
        var emulator = await EmulatorProcess.StartAsync(spec, cancellationToken);
        var folder = Path.Combine(Path.GetTempPath(), "gn-bench-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        return new BenchTenant(spec, emulator, folder);
    }

    /// <summary>The real worker: Graph:Mode=Emulator, SQLite in the temp folder, WriteToOutlook=false (sync, score and plan only).</summary>
    public Task StartWorkerAsync(CancellationToken cancellationToken) => BuildAsync(services => services.AddGraphNetworkerWorker(), cancellationToken);

    /// <summary>
    /// Stops the worker and starts a new one in this process on a fresh, empty store (a new SQLite folder or PostgreSQL
    /// database) against the same emulator: the next cycle backfills the tenant again, with the process's code already
    /// compiled and tuned by the first, as in a worker that has been running for a while. An attached tenant's worker
    /// goes back to the database it was given (the first worker then had a private one: see <see cref="StartWarmUpWorkerAsync"/>).
    /// </summary>
    public async Task RestartWorkerOnFreshStoreAsync(CancellationToken cancellationToken)
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
            _services = null;
        }

        await DropPostgresDatabaseAsync();
        _warmingUp = false;
        await StartWorkerAsync(cancellationToken);
    }

    /// <summary>
    /// The worker that warms a process up: on the tenant's own store, except for an attached tenant, whose database is
    /// shared with other processes: its warm-up runs on a private PostgreSQL database of its own, dropped afterwards.
    /// </summary>
    public Task StartWarmUpWorkerAsync(CancellationToken cancellationToken)
    {
        _warmingUp = _connectionString is not null;
        return StartWorkerAsync(cancellationToken);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await Emulator.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await DropPostgresDatabaseAsync();

        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp folder is cleaned by the OS.
        }
    }

    private async Task DropPostgresDatabaseAsync()
    {
        if (_postgresDatabase is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(PostgresServer());
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
        _postgresDatabase = null;
    }

    private static string PostgresServer() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException($"--store postgres needs {PostgresVariable}: a connection string to a PostgreSQL server where the benchmark may create databases.");

    private async Task BuildAsync(Action<IServiceCollection> add, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            // Each worker started in this process gets a store folder of its own (see RestartWorkerOnFreshStoreAsync).
            ["GraphNetworker:Store:DataFolder"] = Directory.CreateDirectory(Path.Combine(DataFolder, "store" + _stores++)).FullName,
            ["GraphNetworker:Graph:Mode"] = "Emulator",
            ["GraphNetworker:Graph:BaseUrl"] = Emulator.BaseUrl.ToString(),
            ["GraphNetworker:Graph:EmulatorToken"] = GraphEmulatorOptions.DeveloperToken,
            ["GraphNetworker:Graph:MaxPageSize"] = BenchSpec.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GraphNetworker:Scope:OptInGroupId"] = Emulator.GroupId,
            ["GraphNetworker:Sync:MailboxParallelism"] = Spec.Parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GraphNetworker:Worker:WorkerId"] = Environment.GetEnvironmentVariable("GRAPHNETWORKER_BENCH_WORKER") ?? "bench",
            ["GraphNetworker:Worker:WriteToOutlook"] = "false",
        };
        if (Spec.MaxParallelism is { } max)
        {
            settings["GraphNetworker:Sync:MaxMailboxParallelism"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (_connectionString is not null && !_warmingUp)
        {
            settings["GraphNetworker:Store:Provider"] = "PostgreSql";
            settings["GraphNetworker:Store:ConnectionString"] = _connectionString;
        }
        else if (Spec.Store == BenchStore.Postgres || _warmingUp)
        {
            _postgresDatabase = "gn_bench_" + Guid.NewGuid().ToString("N")[..10];
            await using (var server = new NpgsqlConnection(PostgresServer()))
            {
                await server.OpenAsync(cancellationToken);
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_postgresDatabase}\"", server);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            settings["GraphNetworker:Store:Provider"] = "PostgreSql";
            settings["GraphNetworker:Store:ConnectionString"] = new NpgsqlConnectionStringBuilder(PostgresServer()) { Database = _postgresDatabase }.ConnectionString;
        }

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
