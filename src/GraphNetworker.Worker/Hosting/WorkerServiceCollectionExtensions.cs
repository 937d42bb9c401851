using GraphNetworker.Core;
using GraphNetworker.Graph;
using GraphNetworker.Store;
using GraphNetworker.Worker.Pipeline;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace GraphNetworker.Worker.Hosting;

/// <summary>Registration of the whole worker: every command and every test builds its services here.</summary>
public static class WorkerServiceCollectionExtensions
{
    public static IServiceCollection AddGraphNetworkerWorker(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<WorkerOptions, WorkerOptionsValidator>().BindConfiguration(WorkerOptions.SectionName);
        services.AddGraphNetworkerEngine();

        services.AddGraphNetworkerStore();
#if SQLSERVER
        GraphNetworker.Store.SqlServer.SqlServerStoreExtensions.AddSqlServerStoreProvider(services);
#endif
        services.AddGraphNetworkerGraph();
        services.AddMetrics();
        services.AddSingleton<WorkerMetrics>();
        services.AddSingleton<MailboxEvaluator>();
        services.AddSingleton<MailboxRecorder>();
        services.AddSingleton<CyclePipeline>();
        services.AddSingleton<CycleHealth>();
        return services;
    }

    /// <summary>The hosted worker: the cycle loop, health checks for the probes, and metrics over OTLP when an endpoint is configured.</summary>
    public static IServiceCollection AddGraphNetworkerHostedWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostedService<CycleService>();
        services.AddHealthChecks()
            .AddDbContextCheck<GraphNetworkerDbContext>("database", tags: ["ready"])
            .AddCheck<CycleHealth>("cycle", tags: ["ready"]);

        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // No OpenTelemetry.Extensions.Hosting here: the provider is built directly and disposed by the container on shutdown.
            services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
                .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? "graphnetworker"))
                .AddMeter(WorkerMetrics.MeterName)
                // The exporter reads the standard OTEL_EXPORTER_OTLP_* variables itself (endpoint, protocol, headers) and
                // adds the /v1/metrics path for http/protobuf; setting the endpoint in code would skip that.
                .AddOtlpExporter((_, reader) =>
                {
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds =
                        int.TryParse(configuration["OTEL_METRIC_EXPORT_INTERVAL"], out var interval) && interval > 0 ? interval : 60_000;
                })
                .Build());
            services.AddHostedService<MeterProviderStarter>();
        }

        return services;
    }

    /// <summary>Creates the meter provider at start (it is otherwise created on first use, which is never).</summary>
    private sealed class MeterProviderStarter(MeterProvider provider) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = provider;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            provider.ForceFlush(5_000);
            return Task.CompletedTask;
        }
    }
}
