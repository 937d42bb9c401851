using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Store;

/// <summary>
/// Applies the store's migrations before anything else runs (a hosted service's StartAsync, through the execution
/// strategy). Migrations take EF Core's migration lock, so two workers starting together do not race.
/// </summary>
public sealed partial class StoreMigrator(
    IDbContextFactory<GraphNetworkerDbContext> contexts, IOptions<StoreOptions> options, ILogger<StoreMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Provider == StoreProvider.Sqlite)
        {
            PrepareSqliteFile(options.Value.EffectiveConnectionString);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var exclusive = await Migrations.MigrationLock.AcquireAsync(db.Database, options.Value.Provider, ct);
            await db.Database.MigrateAsync(ct);
        }, cancellationToken);
        if (options.Value.Provider == StoreProvider.Sqlite)
        {
            // WAL lets readers and one writer work at once, so several workers can share the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        LogMigrated(logger, options.Value.Provider, pending.Count);
    }

    private static void PrepareSqliteFile(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder) && dataSource != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Store ready on {Provider}: {Applied} migration(s) applied")]
    private static partial void LogMigrated(ILogger logger, StoreProvider provider, int applied);
}
