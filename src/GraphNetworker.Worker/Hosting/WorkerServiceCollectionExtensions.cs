using GraphNetworker.Core;
using GraphNetworker.Graph;
using GraphNetworker.Store;
using GraphNetworker.Worker.Pipeline;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GraphNetworker.Worker.Hosting;

/// <summary>Registration of the whole worker: every command and every test builds its services here.</summary>
public static class WorkerServiceCollectionExtensions
{
    public static IServiceCollection AddGraphNetworkerWorker(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<WorkerOptions, WorkerOptionsValidator>().BindConfiguration(WorkerOptions.SectionName);
        services.AddGraphNetworkerEngine();

        services.AddGraphNetworkerStore();
        GraphNetworker.Store.SqlServer.SqlServerStoreExtensions.AddSqlServerStoreProvider(services);
        services.AddGraphNetworkerGraph();
        services.AddMetrics();
        services.AddSingleton<WorkerMetrics>();
        services.AddSingleton<MailboxEvaluator>();
        services.AddSingleton<MailboxRecorder>();
        services.AddSingleton<CyclePipeline>();
        services.AddSingleton<CycleHealth>();
        services.AddSingleton<ScopeHealth>();
        return services;
    }

    /// <summary>
    /// The hosted worker: the cycle loop, health checks for the probes, and OpenTelemetry through its hosting
    /// integration — metrics (the worker's, the runtime's) and traces (cycle, mailbox and step spans, Graph's HTTP
    /// calls) exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the standard
    /// <c>OTEL_*</c> variables itself) and to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is.
    /// </summary>
    public static IServiceCollection AddGraphNetworkerHostedWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostedService<CycleService>();
        services.AddHealthChecks()
            .AddDbContextCheck<GraphNetworkerDbContext>("database", tags: ["ready"])
            .AddCheck<CycleHealth>("cycle", tags: ["ready"])
            .AddCheck<ScopeHealth>("scope", tags: ["ready"]);

        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var applicationInsights = !string.IsNullOrWhiteSpace(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        if (!otlp && !applicationInsights)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? "graphnetworker"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(WorkerMetrics.MeterName).AddRuntimeInstrumentation();
                if (applicationInsights)
                {
                    metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
                }
            })
            .WithTracing(tracing =>
            {
                // The redaction runs before any exporter: a span leaves the process with no id in its URL.
                tracing.AddSource(WorkerTelemetry.SourceName)
                    .AddHttpClientInstrumentation(http =>
                    {
                        http.EnrichWithHttpRequestMessage = WorkerTelemetry.EnrichRequest;
                        http.EnrichWithHttpResponseMessage = WorkerTelemetry.EnrichResponse;
                    })
                    .AddProcessor(new WorkerTelemetry.RedactingProcessor());
                if (applicationInsights)
                {
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
                }
            });
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
