using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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
        var provider = options.Value.Provider;
        var file = provider == StoreProvider.Sqlite ? SqliteFile(options.Value.EffectiveConnectionString) : null;
        await using var guard = file is null ? null : await Migrations.SqliteMigrationGuard.EnterAsync(file, cancellationToken);
        if (guard?.RestoreInterrupted() == true)
        {
            LogRestored(logger, Path.GetFileName(file!));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (guard is not null && pending.Count > 0)
        {
            await guard.KeepCopyAsync(db.Database, cancellationToken);
        }

        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var exclusive = await Migrations.MigrationLock.AcquireAsync(db.Database, provider, ct);
            if ((await db.Database.GetPendingMigrationsAsync(ct)).Contains(Migrations.DropLegacyInteractions.MigrationId))
            {
                // The compact items are filled in code between two migrations: participants are re-encoded.
                await db.GetService<IMigrator>().MigrateAsync(Migrations.CompactItems.MigrationId, ct);
                var moved = await Migrations.CompactItemsUpgrade.RunAsync(db, ct);
                LogItemsMoved(logger, moved);
            }

            await db.Database.MigrateAsync(ct);
        }, cancellationToken);
        guard?.Completed();
        if (provider == StoreProvider.Sqlite)
        {
            // WAL lets readers and one writer work at once, so several workers can share the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        LogMigrated(logger, provider, pending.Count);
    }

    /// <summary>The SQLite database file (its folder created), or null for an in-memory database.</summary>
    private static string? SqliteFile(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file::memory:", StringComparison.Ordinal))
        {
            return null;
        }

        var path = Path.GetFullPath(dataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Store ready on {Provider}: {Applied} migration(s) applied")]
    private static partial void LogMigrated(ILogger logger, StoreProvider provider, int applied);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Moved {Rows} stored items into the compact item tables")]
    private static partial void LogItemsMoved(ILogger logger, long rows);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "An earlier migration of {File} was interrupted: the copy taken before it was restored, and the migration runs again")]
    private static partial void LogRestored(ILogger logger, string file);
}
