using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace GraphNetworker.Store.Migrations;

/// <summary>
/// Serialises migrating workers for the whole run, not per migration. EF Core's own lock covers SQLite (a lock row)
/// and SQL Server (a session app lock), but on PostgreSQL it is <c>LOCK TABLE</c> inside each migration's transaction:
/// it is released between two migrations, and a second worker that read the history earlier applies the next
/// migration again ("column already exists"). A session-level advisory lock, held on the context's open connection
/// around <c>Migrate</c>, closes that gap. On SQL Server a session application lock does the same, because an upgrade
/// moves data in code between two migrations (<see cref="CompactItemsUpgrade"/>) and EF Core's lock covers each
/// <c>Migrate</c> call only. Two workers starting together is the normal case in a rolling deployment.
/// </summary>
internal static class MigrationLock
{
    /// <summary>"GNSTORE" in ASCII: a fixed key, so every worker of every version takes the same lock.</summary>
    private const long PostgresLockKey = 0x47_4E_53_54_4F_52_45;

    public static async Task<IAsyncDisposable> AcquireAsync(DatabaseFacade database, StoreProvider provider, CancellationToken cancellationToken)
    {
        if (provider is not (StoreProvider.PostgreSql or StoreProvider.SqlServer))
        {
            return NoLock.Instance;
        }

        // An open connection stays open for the context's Migrate, so the session lock spans every migration.
        await database.OpenConnectionAsync(cancellationToken);
        if (provider == StoreProvider.PostgreSql)
        {
            await database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({PostgresLockKey})", cancellationToken);
            return new SessionLock(database, $"SELECT pg_advisory_unlock({PostgresLockKey})");
        }

        await database.ExecuteSqlRawAsync(
            $"EXEC sp_getapplock @Resource = '{SqlServerResource}', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1", cancellationToken);
        return new SessionLock(database, $"EXEC sp_releaseapplock @Resource = '{SqlServerResource}', @LockOwner = 'Session'");
    }

    private const string SqlServerResource = "GraphNetworker.Store.Migrate";

    private sealed class SessionLock(DatabaseFacade database, string release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await database.ExecuteSqlRawAsync(release, CancellationToken.None);
            }
            finally
            {
                // Closing returns the session to the pool; a broken connection drops the lock with the session.
                await database.CloseConnectionAsync();
            }
        }
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
