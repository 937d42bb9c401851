using GraphNetworker.Demo;
using GraphNetworker.Worker.Commands;

// The worker's own commands (report, explain, person, …) work on the demo's data folder too; with no command, the demo runs.
var root = WorkerCommandLine.Create();
var demo = DemoCommand.Create();
root.Subcommands.Add(demo);
foreach (var option in demo.Options)
{
    root.Options.Add(option);
}

root.Action = demo.Action;
return await Signals.InvokeAsync(root.Parse(args));
