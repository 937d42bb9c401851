using System.CommandLine;
using GraphNetworker.Worker.Commands;
using Spectre.Console;

// Redirected output (CI logs, pipes) has no window: honour COLUMNS for the tables' width.
if (Console.IsOutputRedirected && int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns >= 40)
{
    AnsiConsole.Profile.Width = columns;
}

// The command line is the table of contents: each command builds the worker's services (AddGraphNetworkerWorker)
// and does one job. `run` is the hosted worker; `demo` runs everything on the built-in Graph emulator.
var root = new RootCommand("GraphNetworker: keeps you in touch with the people who matter, from Microsoft 365 mail and calendar metadata.")
{
    RunCommand.Create(),
    DemoCommand.Create(),
    ReportCommands.Report(),
    ReportCommands.Explain(),
    DoctorCommand.Create(),
    AdminCommands.ConsentUrl(),
    AdminCommands.Purge(),
    AdminCommands.OptIn(),
    AdminCommands.Person(),
    AdminCommands.Exclude(),
};
root.Options.Add(CommandHost.Data);
return await root.Parse(args).InvokeAsync();
