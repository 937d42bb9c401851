using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace GraphNetworker.Store.SqlServer;

/// <summary>
/// What <c>dotnet ef</c> uses to build the context at design time, for any provider:
/// <c>dotnet ef migrations list --project src/GraphNetworker.Store --startup-project src/GraphNetworker.Store.SqlServer -- --provider SqlServer</c>
/// (also <c>Sqlite</c>, <c>PostgreSql</c>; <c>--connection</c> for a real database). The migrations are the store's one
/// provider-neutral set; without a reachable database <c>migrations list</c> lists them and says none is applied.
/// </summary>
public sealed class GraphNetworkerDesignTimeFactory : IDesignTimeDbContextFactory<GraphNetworkerDbContext>
{
    public GraphNetworkerDbContext CreateDbContext(string[] args)
    {
        var provider = Enum.Parse<StoreProvider>(Argument(args, "--provider") ?? nameof(StoreProvider.Sqlite), ignoreCase: true);
        var options = new StoreOptions
        {
            Provider = provider,
            ConnectionString = Argument(args, "--connection") ?? provider switch
            {
                StoreProvider.Sqlite => "Data Source=graphnetworker-design.db",
                StoreProvider.PostgreSql => "Host=127.0.0.1;Database=graphnetworker;Username=postgres",
                _ => "Server=localhost;Database=graphnetworker;Integrated Security=true;TrustServerCertificate=true;Connect Timeout=2",
            },
        };
        IStoreProviderConfigurator configurator = provider switch
        {
            StoreProvider.SqlServer => new SqlServerStoreProvider(),
            StoreProvider.PostgreSql => new PostgreSqlStoreProvider(),
            _ => new SqliteStoreProvider(),
        };
        var builder = new DbContextOptionsBuilder<GraphNetworkerDbContext>();
        configurator.Configure(builder, options);
        return new GraphNetworkerDbContext(builder.Options);
    }

    private static string? Argument(string[] args, string name) =>
        Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
