using GraphNetworker.Graph.Access;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Graph.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GraphNetworker.Graph;

/// <summary>Registration of Graph access and mailbox sync.</summary>
public static class GraphServiceCollectionExtensions
{
    /// <summary>Adds the Graph client (validated options, one retry layer, per-mailbox gate, tenant-wide Teams pace), the sync and the Outlook writer.</summary>
    public static IServiceCollection AddGraphNetworkerGraph(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<GraphOptions, GraphOptionsValidator>().BindConfiguration(GraphOptions.SectionName);
        services.AddOptionsWithValidateOnStart<SyncOptions, SyncOptionsValidator>().BindConfiguration(SyncOptions.SectionName);
        services.AddOptionsWithValidateOnStart<ScopeOptions, ScopeOptionsValidator>().BindConfiguration(ScopeOptions.SectionName);
        services.AddOptionsWithValidateOnStart<OutlookOptions, OutlookOptionsValidator>().BindConfiguration(OutlookOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OutOfScopeMailboxes>();
        services.AddGraphHttpPipeline();
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

    /// <summary>
    /// The HTTP pipeline under the Graph SDK's middleware: the deadline on every response body
    /// (<see cref="ResponseBodyDeadlineHandler"/>, outside the retries: it starts from the headers the caller gets), the one
    /// retry layer (<c>AddResilienceHandler</c>), then the per-mailbox gate and the tenant-wide Teams pace for every attempt, then the attempt's timeout (so
    /// a request waiting for its mailbox's turn is not timed out for it), then the socket handler. IHttpClientFactory's request logging is removed: a
    /// Graph URL carries mailbox ids and user principal names, which the logs never do.
    /// </summary>
    internal static IHttpClientBuilder AddGraphHttpPipeline(this IServiceCollection services)
    {
        // One gate and one Teams pace for the whole process, shared by every mailbox: Teams' limits are the tenant's.
        services.TryAddSingleton<MailboxGate>();
        services.TryAddSingleton<TeamsPace>();
        var builder = services.AddHttpClient(GraphResilience.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            })
            .RemoveAllLoggers();
        builder.AddHttpMessageHandler(sp => new ResponseBodyDeadlineHandler(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphOptions>>().Value.RequestTimeout, sp.GetRequiredService<TimeProvider>()));
        builder.AddResilienceHandler(GraphResilience.PipelineName, (pipeline, context) =>
            GraphResilience.ConfigureRetries(pipeline, context.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphOptions>>().Value));
        builder.AddHttpMessageHandler(sp => new MailboxGateHandler(sp.GetRequiredService<MailboxGate>(), sp.GetRequiredService<TeamsPace>()));
        builder.AddResilienceHandler(GraphResilience.AttemptPipelineName, (pipeline, context) =>
            GraphResilience.ConfigureAttempt(pipeline, context.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphOptions>>().Value));
        return builder;
    }
}
