using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Store.SqlServer;

/// <summary>
/// What <c>dotnet ef</c> uses to build the context at design time, for any provider:
/// <c>dotnet ef migrations list --project src/GraphNetworker.Store --startup-project src/GraphNetworker.Store.SqlServer -- --provider SqlServer</c>
/// (also <c>Sqlite</c>, <c>PostgreSql</c>; <c>--connection</c> for a real database). It goes through the worker's own
/// registration (<c>AddGraphNetworkerStore</c> and <c>AddSqlServerStoreProvider</c>), so the tool sees exactly the
/// context the worker runs; the migrations are the store's one provider-neutral set.
/// </summary>
public sealed class GraphNetworkerDesignTimeFactory : IDesignTimeDbContextFactory<GraphNetworkerDbContext>
{
    public GraphNetworkerDbContext CreateDbContext(string[] args)
    {
        var provider = Argument(args, "--provider") ?? nameof(StoreProvider.Sqlite);
        var settings = new Dictionary<string, string?>
        {
            ["GraphNetworker:Store:Provider"] = provider,
            ["GraphNetworker:Store:DataFolder"] = Path.Combine(Path.GetTempPath(), "graphnetworker-design"),
            ["GraphNetworker:Store:ConnectionString"] = Argument(args, "--connection") ?? (Enum.Parse<StoreProvider>(provider, ignoreCase: true) switch
            {
                StoreProvider.PostgreSql => "Host=127.0.0.1;Database=graphnetworker;Username=postgres",
                StoreProvider.SqlServer => "Server=localhost;Database=graphnetworker;Integrated Security=true;TrustServerCertificate=true;Connect Timeout=2",
                _ => null,
            }),
        };
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddGraphNetworkerStore()
            .AddSqlServerStoreProvider()
            .BuildServiceProvider();
        return services.GetRequiredService<IDbContextFactory<GraphNetworkerDbContext>>().CreateDbContext();
    }

    private static string? Argument(string[] args, string name) =>
        Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
