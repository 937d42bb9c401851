using GraphNetworker.Graph.Access;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Graph.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GraphNetworker.Graph;

/// <summary>Registration of Graph access and mailbox sync.</summary>
public static class GraphServiceCollectionExtensions
{
    /// <summary>Adds the Graph client (validated options, one retry layer, per-mailbox gate), the sync and the Outlook writer.</summary>
    public static IServiceCollection AddGraphNetworkerGraph(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<GraphOptions, GraphOptionsValidator>().BindConfiguration(GraphOptions.SectionName);
        services.AddOptionsWithValidateOnStart<SyncOptions, SyncOptionsValidator>().BindConfiguration(SyncOptions.SectionName);
        services.AddOptionsWithValidateOnStart<ScopeOptions, ScopeOptionsValidator>().BindConfiguration(ScopeOptions.SectionName);
        services.AddOptionsWithValidateOnStart<OutlookOptions, OutlookOptionsValidator>().BindConfiguration(OutlookOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MailboxGate>();
        services.AddSingleton<GraphClientBuilder>();
        services.AddSingleton(sp => sp.GetRequiredService<GraphClientBuilder>().Build());
        services.AddSingleton<Sync.Teams.TeamsAccess>();
        services.AddSingleton<Sync.Teams.TeamsSync>();
        services.AddSingleton<MailboxSync>();
        services.AddSingleton<DirectoryReader>();
        services.AddSingleton<ScopeReader>();
        services.AddSingleton<OutlookWriter>();
        return services;
    }
}
