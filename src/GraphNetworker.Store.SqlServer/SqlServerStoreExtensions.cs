using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Store.SqlServer;

/// <summary>Registration of the SQL Server provider for the store.</summary>
public static class SqlServerStoreExtensions
{
    /// <summary>
    /// Makes <c>GraphNetworker:Store:Provider = SqlServer</c> available. Call it next to
    /// <c>AddGraphNetworkerStore()</c> (order does not matter); the configured provider still decides which one is used.
    /// </summary>
    public static IServiceCollection AddSqlServerStoreProvider(this IServiceCollection services)
    {
        services.AddSingleton<IStoreProviderConfigurator, SqlServerStoreProvider>();
        return services;
    }
}
