using System.CommandLine;
using GraphNetworker.Core.Identity;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Worker.Reports;
using Spectre.Console;

namespace GraphNetworker.Worker.Commands;

/// <summary><c>report</c> and <c>explain</c>: what the worker concluded, read from the store.</summary>
internal static class ReportCommands
{
    public static Command Report()
    {
        var mailbox = CommandHost.Mailbox();
        var format = new Option<string>("--format") { Description = "table (default) or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var all = new Option<bool>("--all") { Description = "In the table, also list excluded people with their reason (json always does)." };
        var command = new Command("report", "Relationships and suggestions of one mailbox.") { mailbox, format, all };
        command.SetAction(async (parse, ct) =>
        {
            using var host = await CommandHost.StartAsync(parse, ct);
            var report = await MailboxReport.LoadAsync(host.Services, parse.GetValue(mailbox)!, ct);
            if (report is null)
            {
                await Console.Error.WriteLineAsync($"No mailbox '{parse.GetValue(mailbox)}' in {parse.GetValue(CommandHost.Data)}. Run the worker (or the demo) first.");
                return 1;
            }

            if (parse.GetValue(format) == "json")
            {
                Console.WriteLine(report.ToJson());
            }
            else
            {
                Tables.Relationships(AnsiConsole.Console, report, parse.GetValue(all));
                Tables.Suggestions(AnsiConsole.Console, report);
            }

            return 0;
        });
        return command;
    }

    public static Command Explain()
    {
        var mailbox = CommandHost.Mailbox();
        var person = new Option<string>("--person") { Description = "Any address of the person.", Required = true };
        var command = new Command("explain", "Why a person has their score, tier and status (or why they are excluded).") { mailbox, person };
        command.SetAction(async (parse, ct) =>
        {
            using var host = await CommandHost.StartAsync(parse, ct);
            var report = await MailboxReport.LoadAsync(host.Services, parse.GetValue(mailbox)!, ct);
            var wanted = Addresses.Normalize(parse.GetValue(person)) ?? parse.GetValue(person)!.Trim().ToLowerInvariant();
            var entry = report?.Relationships.FirstOrDefault(r => r.Person == wanted || r.Addresses.Contains(wanted, StringComparer.OrdinalIgnoreCase));
            if (report is null || entry is null)
            {
                await Console.Error.WriteLineAsync(report is null
                    ? $"No mailbox '{parse.GetValue(mailbox)}' in {parse.GetValue(CommandHost.Data)}."
                    : $"{parse.GetValue(person)} never appeared in {report.Mailbox}'s mail or calendar.");
                return 1;
            }

            var mailboxId = (await host.Services.GetRequiredService<MailboxRepository>().FindByNameAsync(report.Mailbox, ct))!.Id;
            var links = await host.Services.GetRequiredService<UserDecisions>().LinksAsync(mailboxId, entry.Person, ct);
            Tables.Explain(AnsiConsole.Console, report, entry, links);
            return 0;
        });
        return command;
    }
}
