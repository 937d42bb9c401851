using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Store;

/// <summary>Registration of the store.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the relationship store: options (validated on start), the provider, the context factory, the repositories
    /// (and the ports the Graph adapter writes through), and the migrator that runs before anything else.
    /// </summary>
    public static IServiceCollection AddGraphNetworkerStore(this IServiceCollection services, Action<StoreOptions>? configure = null)
    {
        var options = services.AddOptionsWithValidateOnStart<StoreOptions, StoreOptionsValidator>().BindConfiguration(StoreOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton<IStoreProviderConfigurator, SqliteStoreProvider>();
        services.AddSingleton<IStoreProviderConfigurator, PostgreSqlStoreProvider>();
        // Pooled: a context handed out keeps the EF Core services it resolved when first made (the model, the query
        // cache's handles, its connection object), and is reset when disposed. A store makes a short-lived context per
        // call, several per mailbox in every cycle, and resolving those services anew each time was about a tenth of a
        // quiet mailbox's CPU (docs/benchmarks.md#steady).
        services.AddPooledDbContextFactory<GraphNetworkerDbContext>((provider, builder) =>
        {
            var store = provider.GetRequiredService<IOptions<StoreOptions>>().Value;
            var configurator = provider.GetServices<IStoreProviderConfigurator>().LastOrDefault(c => c.Provider == store.Provider)
                ?? throw new InvalidOperationException(
                    $"GraphNetworker:Store:Provider is {store.Provider}, but no {store.Provider} provider is registered " +
                    "(the SQL Server provider is added by GraphNetworker.Store.SqlServer's AddSqlServerStoreProvider()).");
            configurator.Configure(builder, store);
        });

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Items.ItemStore>();
        services.AddSingleton<MailboxRepository>();
        services.AddSingleton<MailboxLeases>();
        services.AddSingleton<MailboxPurge>();
        services.AddSingleton<DirectoryStore>();
        services.AddSingleton<SyncStore>();
        services.AddSingleton<IMailboxSyncStore>(sp => sp.GetRequiredService<SyncStore>());
        services.AddSingleton<EvaluationStore>();
        services.AddSingleton<SuggestionStore>();
        services.AddSingleton<IOutlookLedger>(sp => sp.GetRequiredService<SuggestionStore>());
        services.AddSingleton<UserDecisions>();
        services.AddSingleton<ReportQueries>();
        services.AddSingleton<DatabaseStatus>();
        services.AddSingleton<StoreMigrator>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreMigrator>());
        return services;
    }
}
