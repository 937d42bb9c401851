using System.CommandLine;

namespace GraphNetworker.Worker.Commands;

/// <summary>
/// The command line is the table of contents: each command builds the worker's services (AddGraphNetworkerWorker)
/// and does one job. <c>run</c> is the hosted worker; the rest are what an administrator runs beside it.
/// </summary>
public static class WorkerCommandLine
{
    public static RootCommand Create()
    {
        ConsoleOutput.Configure();

        var root = new RootCommand("GraphNetworker: keeps you in touch with the people who matter, from Microsoft 365 mail and calendar metadata.")
        {
            RunCommand.Create(),
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
        return root;
    }
}
