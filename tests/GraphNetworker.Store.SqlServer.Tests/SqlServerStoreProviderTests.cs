using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Store.SqlServer.Tests;

/// <summary>The provider as the worker registers it: <c>Provider = SqlServer</c> gives a SQL Server context that retries transient faults.</summary>
public sealed class SqlServerStoreProviderTests
{
    [Fact]
    public void CreateDbContext_SqlServerAsTheWorkerRegistersIt_IsSqlServerWithRetries()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GraphNetworker:Store:Provider"] = "SqlServer",
            ["GraphNetworker:Store:ConnectionString"] = "Server=tcp:contoso.database.windows.net,1433;Database=graphnetworker;Authentication=Active Directory Managed Identity",
        }).Build());
        services.AddLogging();
        services.AddGraphNetworkerStore();
        services.AddSqlServerStoreProvider();
        using var provider = services.BuildServiceProvider();

        using var db = provider.GetRequiredService<IDbContextFactory<GraphNetworkerDbContext>>().CreateDbContext();

        Assert.True(db.Database.IsSqlServer());
        Assert.True(db.Database.CreateExecutionStrategy().RetriesOnFailure);
    }
}
