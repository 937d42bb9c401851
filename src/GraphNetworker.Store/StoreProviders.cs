using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GraphNetworker.Store;

/// <summary>
/// Configures EF Core for one database provider. SQL Server's lives in GraphNetworker.Store.SqlServer, so the store
/// itself depends on no SQL Server package; the worker registers all three.
/// </summary>
public interface IStoreProviderConfigurator
{
    StoreProvider Provider { get; }

    void Configure(DbContextOptionsBuilder builder, StoreOptions options);
}

internal sealed class SqliteStoreProvider : IStoreProviderConfigurator
{
    public StoreProvider Provider => StoreProvider.Sqlite;

    public void Configure(DbContextOptionsBuilder builder, StoreOptions options) =>
        builder.UseSqlite(options.EffectiveConnectionString, sqlite =>
            {
                sqlite.CommandTimeout((int)options.CommandTimeout.TotalSeconds);
                sqlite.MigrationsAssembly(typeof(GraphNetworkerDbContext).Assembly.FullName);
            })

            // A table rebuild runs outside a transaction: Migrations.SqliteMigrationGuard makes it all-or-nothing.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.NonTransactionalMigrationOperationWarning));
}

internal sealed class PostgreSqlStoreProvider : IStoreProviderConfigurator
{
    public StoreProvider Provider => StoreProvider.PostgreSql;

    public void Configure(DbContextOptionsBuilder builder, StoreOptions options) =>
        builder.UseNpgsql(options.WithPoolLimit(options.EffectiveConnectionString, "Maximum Pool Size", "MaxPoolSize", "Max Pool Size"), npgsql =>
        {
            npgsql.CommandTimeout((int)options.CommandTimeout.TotalSeconds);
            npgsql.EnableRetryOnFailure(maxRetryCount: 6, maxRetryDelay: TimeSpan.FromSeconds(10), errorCodesToAdd: null);
            npgsql.MigrationsAssembly(typeof(GraphNetworkerDbContext).Assembly.FullName);
        });
}
