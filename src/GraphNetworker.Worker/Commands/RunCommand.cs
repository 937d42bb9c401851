using System.CommandLine;
using GraphNetworker.Worker.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace GraphNetworker.Worker.Commands;

/// <summary><c>run</c>: the hosted worker, with liveness and readiness endpoints for the container probes.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the worker: a cycle now and then every GraphNetworker:Worker:CycleInterval. Health at /healthz/live and /healthz/ready.");
        command.SetAction(async (parse, ct) =>
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
            CommandHost.Configure(builder.Configuration, parse);
            builder.Services.AddGraphNetworkerWorker().AddGraphNetworkerHostedWorker(builder.Configuration);
            await using var app = builder.Build();
            app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
            app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
            await app.RunAsync(ct);
            return 0;
        });
        return command;
    }
}
