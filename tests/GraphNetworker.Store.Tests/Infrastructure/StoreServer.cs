using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GraphNetworker.Store.Tests.Infrastructure;

/// <summary>
/// A database server for one test class (a class fixture): it hands out fresh databases, drops them all at the end,
/// and keeps one migrated database that the class's tests share (each test works on its own mailboxes).
/// </summary>
public abstract class StoreServer : IAsyncLifetime
{
    private readonly Lock _gate = new();
    private readonly List<TestDatabase> _databases = [];
    private TestDatabase? _shared;

    public abstract StoreProvider Provider { get; }

    /// <summary>Why this server cannot run here (the tests are skipped, or fail when it is required), or null.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>Set when the environment demands this provider (CI): being unavailable is then a failure.</summary>
    public bool Required { get; private set; }

    /// <summary>The class's migrated database.</summary>
    public TestDatabase Shared => _shared ?? throw new InvalidOperationException(Unavailable ?? "The server is not initialized.");

    public async ValueTask InitializeAsync()
    {
        (Unavailable, Required) = Probe();
        if (Unavailable is not null)
        {
            return;
        }

        _shared = await CreateDatabaseAsync();
        await using var services = _shared.Services();
        await services.GetRequiredService<StoreMigrator>().MigrateAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A new, empty database (no schema) that lives until the test class ends.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync()
    {
        var database = await CreateEmptyAsync();
        lock (_gate)
        {
            _databases.Add(database);
        }

        return database;
    }

    /// <summary>Skips the calling test when the provider is unavailable, or fails it when the provider is required.</summary>
    public void SkipOrFailWhenUnavailable()
    {
        if (Unavailable is null)
        {
            return;
        }

        if (Required)
        {
            throw new InvalidOperationException($"{Provider} is required for this run but unavailable: {Unavailable}");
        }

        Assert.Skip(Unavailable);
    }

    public async ValueTask DisposeAsync()
    {
        List<TestDatabase> databases;
        lock (_gate)
        {
            databases = [.. _databases];
            _databases.Clear();
        }

        foreach (var database in databases)
        {
            await database.DisposeAsync();
        }

        await CleanUpAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract (string? Unavailable, bool Required) Probe();

    protected abstract Task<TestDatabase> CreateEmptyAsync();

    protected virtual ValueTask CleanUpAsync() => ValueTask.CompletedTask;
}

/// <summary>SQLite, the embedded default: a file per database in a folder per test class (a real file, as in production).</summary>
public sealed class SqliteServer : StoreServer
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "graphnetworker-store-tests", Guid.NewGuid().ToString("N"));
    private int _next;

    public override StoreProvider Provider => StoreProvider.Sqlite;

    protected override (string? Unavailable, bool Required) Probe() => (null, true);

    protected override Task<TestDatabase> CreateEmptyAsync()
    {
        Directory.CreateDirectory(_folder);
        var file = Path.Combine(_folder, $"store-{Interlocked.Increment(ref _next)}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, DefaultTimeout = 30, Pooling = true }.ToString();
        return Task.FromResult(new TestDatabase(Provider, connectionString, () =>
        {
            // Pooled connections keep the file open; close this database's before the folder goes.
            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
            return ValueTask.CompletedTask;
        }));
    }

    protected override ValueTask CleanUpAsync()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp folder behind.
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A real PostgreSQL server from <c>GRAPHNETWORKER_TEST_POSTGRES</c> (an administrator's connection string; .ci/run
/// starts one). Each database gets a unique name and is dropped at the end.
/// </summary>
public sealed class PostgresServer : StoreServer
{
    public const string ConnectionVariable = "GRAPHNETWORKER_TEST_POSTGRES";
    public const string RequireVariable = "GRAPHNETWORKER_REQUIRE_POSTGRES";

    private string _admin = string.Empty;

    public override StoreProvider Provider => StoreProvider.PostgreSql;

    protected override (string? Unavailable, bool Required) Probe()
    {
        var required = Environment.GetEnvironmentVariable(RequireVariable) == "1";
        _admin = Environment.GetEnvironmentVariable(ConnectionVariable) ?? string.Empty;
        return string.IsNullOrWhiteSpace(_admin)
            ? ($"{ConnectionVariable} is not set: no PostgreSQL server to test against (.ci/run starts one).", required)
            : (null, required);
    }

    protected override async Task<TestDatabase> CreateEmptyAsync()
    {
        var name = $"gn_test_{Guid.NewGuid():N}";
        await AdminAsync($"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = name }.ToString();
        return new TestDatabase(Provider, connectionString, async () =>
        {
            using (var connection = new NpgsqlConnection(connectionString))
            {
                NpgsqlConnection.ClearPool(connection);
            }

            await AdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        });
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
