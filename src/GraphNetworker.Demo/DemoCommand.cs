using System.CommandLine;
using System.Text.Json.Nodes;
using GraphNetworker.Graph.Sync;
using GraphNetworker.GraphEmulator;
using GraphNetworker.Store;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Worker.Pipeline;
using GraphNetworker.Demo.Preview;
using GraphNetworker.Worker.Commands;
using GraphNetworker.Worker.Reports;
using Spectre.Console;

namespace GraphNetworker.Demo;

/// <summary>
/// <c>demo</c>: the whole product on the embedded default. Starts the Graph emulator in-process with a synthetic tenant
/// (or a snapshot folder), syncs and scores every mailbox into SQLite in the data folder, writes tasks and holds,
/// prints what it concluded, and serves a preview of what each user now sees in Outlook. The emulator's state is saved
/// in the data folder, so running the demo again continues in the same Outlook (and writes no duplicates).
/// </summary>
internal static class DemoCommand
{
    public const string DefaultTenant = "synthetic:users=3,months=12,seed=42";

    public static Command Create()
    {
        var tenant = new Option<string?>("--tenant") { Description = $"A tenant snapshot folder or a synthetic spec (default: the saved demo tenant, else {DefaultTenant})." };
        var noPreview = new Option<bool>("--no-preview") { Description = "Exit after the cycle instead of serving the preview page." };
        var port = new Option<int>("--preview-port") { Description = "Port of the preview page on 127.0.0.1.", DefaultValueFactory = _ => 5081 };
        var cycles = new Option<int>("--cycles") { Description = "Cycles to run.", DefaultValueFactory = _ => 1 };
        var command = new Command("demo", "Run GraphNetworker end to end on a built-in Microsoft Graph emulator and a local SQLite database.") { tenant, noPreview, port, cycles };
        command.SetAction(async (parse, ct) => await RunAsync(parse, parse.GetValue(tenant), parse.GetValue(noPreview), parse.GetValue(port), Math.Max(1, parse.GetValue(cycles)), ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, string? tenant, bool noPreview, int port, int cycles, CancellationToken ct)
    {
        var console = AnsiConsole.Console;
        var data = CommandHost.DataFolder(parse);
        var saved = Path.Combine(data, "tenant");
        var source = tenant ?? (File.Exists(Path.Combine(saved, "tenant.json")) ? saved : DefaultTenant);
        console.MarkupLine($"[bold]GraphNetworker demo[/] · tenant [blue]{Markup.Escape(source)}[/] · data [blue]{Markup.Escape(data)}[/]");

        await using var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions { Tenant = source }, ct);
        var settings = new Dictionary<string, string?>
        {
            [StoreOptions.SectionName + ":DataFolder"] = data,
            ["GraphNetworker:Graph:Mode"] = "Emulator",
            ["GraphNetworker:Graph:BaseUrl"] = emulator.BaseUrl.ToString(),
            ["GraphNetworker:Graph:EmulatorToken"] = GraphEmulatorOptions.DeveloperToken,

            // An item the sync cannot use is counted after the cycle (below), not written between the progress bars.
            ["Logging:Console:LogLevel:" + SkippedItemLog.Category] = "None",
        };
        ScopeOf(emulator, settings);
        var skipped = new SkippedItemTally();
        using var host = await CommandHost.StartAsync(parse, ct, settings, logs: skipped);
        var pipeline = host.Services.GetRequiredService<CyclePipeline>();

        try
        {
            for (var cycle = 1; cycle <= cycles; cycle++)
            {
                var report = await RunCycleAsync(console, pipeline, cycle, ct);
                console.MarkupLine($"Cycle {cycle}: {report.Synced} mailboxes synced, {report.Failed} failed, {report.Items:N0} items, " +
                                   $"[green]{report.TasksWritten} tasks[/] and [green]{report.HoldsWritten} coffee holds[/] written in {report.Duration.TotalSeconds:0.0} s.");
                if (skipped.Take() is { Items: > 0 } unusable)
                {
                    console.MarkupLine($"[grey]{unusable.Items:N0} {(unusable.Items == 1 ? "item could not be used and was" : "items could not be used and were")} skipped: {Markup.Escape(unusable.Reasons)}.[/]");
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM mid-cycle: every committed page stays, the leases were released as each mailbox stopped,
            // and the next run continues from there. Stopping is a normal end, as it is for `run`.
            emulator.Control.ExportSnapshot(saved);
            console.MarkupLine("[grey]Stopped. Run the demo again to continue where it stopped.[/]");
            return 0;
        }

        await PrintAsync(console, host.Services, ct);
        emulator.Control.ExportSnapshot(saved);
        console.MarkupLine($"[grey]Outlook state saved to {Markup.Escape(saved)}: run the demo again to continue where it stopped.[/]");

        if (noPreview)
        {
            return 0;
        }

        await using var preview = await PreviewServer.StartAsync(host.Services, $"http://127.0.0.1:{port}", ct);
        console.MarkupLine($"\n[bold]Preview of what each user now sees in Outlook:[/] [link]{preview.Url}[/]  (Ctrl+C to stop)");
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, ct);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: done; the preview, the emulator and the store close below.
        }

        console.MarkupLine("[grey]Preview stopped.[/]");
        return 0;
    }

    /// <summary>"synced, 941 items, 2 skipped, 1 written": a mailbox's line when its cycle ends.</summary>
    private static string Progress(MailboxOutcome outcome) =>
        $"{outcome.Status.ToString().ToLowerInvariant()}, {outcome.Items} items, {(outcome.Rejected > 0 ? $"{outcome.Rejected} skipped, " : "")}{outcome.Tasks + outcome.Holds} written";

    private static async Task<CycleReport> RunCycleAsync(IAnsiConsole console, CyclePipeline pipeline, int cycle, CancellationToken ct)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            // A file or a pipe gets one line per mailbox instead of live progress bars.
            void Line(Store.Entities.Mailbox mailbox, MailboxOutcome outcome) => console.WriteLine(
                $"{mailbox.UserPrincipalName}: {Progress(outcome)}");
            pipeline.MailboxDone += Line;
            try
            {
                return await pipeline.RunOnceAsync(ct);
            }
            finally
            {
                pipeline.MailboxDone -= Line;
            }
        }

        CycleReport? report = null;
        await console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var overall = progress.AddTask($"Cycle {cycle}: discover, sync, score, write", maxValue: 1);
                var bars = new System.Collections.Concurrent.ConcurrentDictionary<string, ProgressTask>();
                void Done(Store.Entities.Mailbox mailbox, MailboxOutcome outcome)
                {
                    var bar = bars.GetOrAdd(mailbox.Id, _ => progress.AddTask(Markup.Escape(mailbox.UserPrincipalName), maxValue: 1));
                    bar.Description = $"{Markup.Escape(mailbox.UserPrincipalName)} [grey]{Markup.Escape(Progress(outcome))}[/]";
                    bar.Value = 1;
                    overall.Increment(0);
                }

                pipeline.MailboxDone += Done;
                try
                {
                    report = await pipeline.RunOnceAsync(ct);
                }
                finally
                {
                    pipeline.MailboxDone -= Done;
                }

                overall.Value = 1;
            });
        return report!;
    }

    private static async Task PrintAsync(IAnsiConsole console, IServiceProvider services, CancellationToken ct)
    {
        foreach (var mailbox in await services.GetRequiredService<MailboxRepository>().AllAsync(ct))
        {
            var report = await MailboxReport.LoadAsync(services, mailbox.Id, ct);
            if (report is null)
            {
                continue;
            }

            console.WriteLine();
            Tables.Relationships(console, report, includeExcluded: false, limit: 12);
            Tables.Suggestions(console, report);
        }
    }

    /// <summary>The demo's opt-in group: the synthetic tenant's, a "GraphNetworker" group of the snapshot, or every mailbox.</summary>
    private static void ScopeOf(GraphEmulatorServer emulator, Dictionary<string, string?> settings)
    {
        if (emulator.Control.SyntheticManifest is { } manifest)
        {
            settings["GraphNetworker:Scope:OptInGroupId"] = manifest.GroupId;
            return;
        }

        var snapshot = emulator.Control.ExportSnapshot();
        var group = (snapshot.Tenant["groups"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(g => g["displayName"]?.GetValue<string>() is { } name && name.Contains("GraphNetworker", StringComparison.OrdinalIgnoreCase));
        if (group?["id"]?.GetValue<string>() is { } id)
        {
            settings["GraphNetworker:Scope:OptInGroupId"] = id;
            return;
        }

        var index = 0;
        foreach (var upn in snapshot.Mailboxes.Keys.Order(StringComparer.Ordinal))
        {
            settings[$"GraphNetworker:Scope:Mailboxes:{index++}"] = upn;
        }
    }
}
