using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace GraphNetworker.Store.Migrations;

/// <summary>
/// Serialises migrating workers for the whole run, not per migration. EF Core's own lock covers SQLite (a lock row)
/// and SQL Server (a session app lock), but on PostgreSQL it is <c>LOCK TABLE</c> inside each migration's transaction:
/// it is released between two migrations, and a second worker that read the history earlier applies the next
/// migration again ("column already exists"). A session-level advisory lock, held on the context's open connection
/// around <c>Migrate</c>, closes that gap. Two workers starting together is the normal case in a rolling deployment.
/// </summary>
internal static class MigrationLock
{
    /// <summary>"GNSTORE" in ASCII: a fixed key, so every worker of every version takes the same lock.</summary>
    private const long PostgresLockKey = 0x47_4E_53_54_4F_52_45;

    public static async Task<IAsyncDisposable> AcquireAsync(DatabaseFacade database, StoreProvider provider, CancellationToken cancellationToken)
    {
        if (provider != StoreProvider.PostgreSql)
        {
            return NoLock.Instance;
        }

        // An open connection stays open for the context's Migrate, so the session lock spans every migration.
        await database.OpenConnectionAsync(cancellationToken);
        await database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({PostgresLockKey})", cancellationToken);
        return new PostgresAdvisoryLock(database);
    }

    private sealed class PostgresAdvisoryLock(DatabaseFacade database) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({PostgresLockKey})", CancellationToken.None);
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
