using GraphNetworker.Graph.Access;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Graph.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Graph;

/// <summary>Registration of Graph access and mailbox sync.</summary>
public static class GraphServiceCollectionExtensions
{
    /// <summary>Adds the Graph client (validated options, one retry layer, per-mailbox gate), the sync and the Outlook writer.</summary>
    public static IServiceCollection AddGraphNetworkerGraph(this IServiceCollection services)
    {
        services.AddOptions<GraphOptions>().BindConfiguration(GraphOptions.SectionName).ValidateOnStart();
        services.AddOptions<SyncOptions>().BindConfiguration(SyncOptions.SectionName).ValidateOnStart();
        services.AddOptions<ScopeOptions>().BindConfiguration(ScopeOptions.SectionName).ValidateOnStart();
        services.AddOptions<OutlookOptions>().BindConfiguration(OutlookOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutlookOptions>, OutlookOptionsValidator>();
        services.AddSingleton<IValidateOptions<GraphOptions>, GraphOptionsValidator>();
        services.AddSingleton<IValidateOptions<SyncOptions>, SyncOptionsValidator>();
        services.AddSingleton<IValidateOptions<ScopeOptions>, ScopeOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MailboxGate>();
        services.AddSingleton<GraphClientBuilder>();
        services.AddSingleton(sp => sp.GetRequiredService<GraphClientBuilder>().Build());
        services.AddSingleton<MailboxSync>();
        services.AddSingleton<DirectoryReader>();
        services.AddSingleton<ScopeReader>();
        services.AddSingleton<OutlookWriter>();
        return services;
    }
}

/// <summary>Validates <see cref="GraphOptions"/> on start, naming the key that is wrong.</summary>
[OptionsValidator]
internal sealed partial class GraphOptionsValidator : IValidateOptions<GraphOptions>;

[OptionsValidator]
internal sealed partial class SyncOptionsValidator : IValidateOptions<SyncOptions>;

[OptionsValidator]
internal sealed partial class ScopeOptionsValidator : IValidateOptions<ScopeOptions>;
