using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Store.Tests.Infrastructure;

/// <summary>One empty or migrated test database, and the store registered on it exactly as the worker registers it.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly Func<ValueTask> _drop;
    private ServiceProvider? _services;

    internal TestDatabase(StoreProvider provider, string connectionString, Func<ValueTask> drop)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _drop = drop;
    }

    public StoreProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// The store's own registration (<see cref="StoreServiceCollectionExtensions.AddGraphNetworkerStore"/>) bound
    /// from configuration, with the given clock: a worker process, as far as the store can tell.
    /// </summary>
    public ServiceProvider Services(TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{StoreOptions.SectionName}:Provider"] = Provider.ToString(),
            [$"{StoreOptions.SectionName}:ConnectionString"] = ConnectionString,
            [$"{StoreOptions.SectionName}:CommandTimeout"] = "00:00:30",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddGraphNetworkerStore();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>A context on this database with the store's provider configuration (no migrations applied by it).</summary>
    public GraphNetworkerDbContext CreateContext()
    {
        _services ??= Services();
        return _services.GetRequiredService<IDbContextFactory<GraphNetworkerDbContext>>().CreateDbContext();
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _drop();
    }
}
