using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.SqlServer;

/// <summary>
/// SQL Server and Azure SQL for the store: the same model and the same provider-neutral migrations as SQLite and
/// PostgreSQL (they live in the store's assembly), with EF Core's retrying execution strategy for transient faults.
/// </summary>
internal sealed class SqlServerStoreProvider : IStoreProviderConfigurator
{
    public StoreProvider Provider => StoreProvider.SqlServer;

    public void Configure(DbContextOptionsBuilder builder, StoreOptions options) =>
        builder.UseSqlServer(options.WithPoolLimit(options.EffectiveConnectionString, "Max Pool Size", "MaxPoolSize"), sql =>
        {
            sql.CommandTimeout((int)options.CommandTimeout.TotalSeconds);

            // Azure SQL drops connections on failover and throttles under load: retry those errors (EF's list of
            // transient SQL Server error numbers), never anything else. Repositories run their transactions
            // through CreateExecutionStrategy(), so a retried commit is replayed whole.
            sql.EnableRetryOnFailure(maxRetryCount: 6, maxRetryDelay: TimeSpan.FromSeconds(30), errorNumbersToAdd: (ICollection<int>?)null);
            sql.MigrationsAssembly(typeof(GraphNetworkerDbContext).Assembly.FullName);
        });
}
