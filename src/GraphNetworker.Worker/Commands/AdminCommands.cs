using System.CommandLine;
using GraphNetworker.Core.Model;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Repositories;

namespace GraphNetworker.Worker.Commands;

/// <summary>Commands an administrator (or a user, through one) runs: consent, opt-out and purge, overrides, blocklists.</summary>
internal static class AdminCommands
{
    public static IReadOnlyList<string> RequiredPermissions => GraphNetworker.Graph.GraphPermissions.Application;

    public static Command ConsentUrl()
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant id or domain.", Required = true };
        var clientId = new Option<string>("--client-id") { Description = "The app registration's client id.", Required = true };
        var redirect = new Option<string>("--redirect-uri") { Description = "A redirect URI registered on the app.", DefaultValueFactory = _ => "https://localhost" };
        var command = new Command("consent-url", "Print the admin consent URL for an app registration (for tenants that use one instead of managed-identity grants).") { tenant, clientId, redirect };
        command.SetAction(parse =>
        {
            Console.WriteLine(Build(parse.GetValue(tenant)!, parse.GetValue(clientId)!, parse.GetValue(redirect)!));
            Console.WriteLine();
            Console.WriteLine("The app must request these application permissions (and nothing that reads message bodies):");
            foreach (var permission in RequiredPermissions)
            {
                Console.WriteLine("  " + permission);
            }

            return 0;
        });
        return command;
    }

    public static string Build(string tenant, string clientId, string redirectUri) =>
        $"https://login.microsoftonline.com/{Uri.EscapeDataString(tenant.Trim())}/v2.0/adminconsent" +
        $"?client_id={Uri.EscapeDataString(clientId.Trim())}&scope={Uri.EscapeDataString("https://graph.microsoft.com/.default")}" +
        $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&state=graphnetworker";

    public static Command Purge()
    {
        var mailbox = CommandHost.Mailbox();
        var outlook = new Option<bool>("--remove-from-outlook") { Description = "Also delete the \"Keep in touch\" list and future coffee holds from the user's Outlook." };
        var command = new Command("purge", "Delete everything stored about one mailbox and stop reading it (per-user opt-out). Undo with opt-in.") { mailbox, outlook };
        command.SetAction(async (parse, ct) =>
        {
            using var host = await CommandHost.StartAsync(parse, ct);
            if (await FindOrSayAsync(host.Services, parse.GetValue(mailbox)!, ct) is not { } box)
            {
                return 1;
            }

            if (parse.GetValue(outlook))
            {
                var holds = await host.Services.GetRequiredService<OutlookWriter>().RemoveAllAsync(MailboxRepository.ProfileOf(box), ct);
                Console.WriteLine($"Removed the To Do list and {GraphNetworker.Core.Planning.Wording.Plural(holds, "future coffee hold")} from {box.UserPrincipalName}'s Outlook.");
            }

            var removed = await host.Services.GetRequiredService<MailboxPurge>().PurgeAsync(box.Id, ScopeState.OptedOut, ct);
            Console.WriteLine($"Purged {box.UserPrincipalName}: {removed} rows deleted. The mailbox is opted out and will not be read again until 'opt-in'.");
            return 0;
        });
        return command;
    }

    public static Command OptIn()
    {
        var mailbox = CommandHost.Mailbox();
        var command = new Command("opt-in", "Read a mailbox again after 'purge' (it must still be in the opt-in group).") { mailbox };
        command.SetAction(async (parse, ct) =>
        {
            using var host = await CommandHost.StartAsync(parse, ct);
            if (await FindOrSayAsync(host.Services, parse.GetValue(mailbox)!, ct) is not { } box)
            {
                return 1;
            }

            await host.Services.GetRequiredService<MailboxRepository>().OptInAsync(box.Id, ct);
            Console.WriteLine($"{box.UserPrincipalName} opted in again: the next cycle reads it if it is in the opt-in group.");
            return 0;
        });
        return command;
    }

    public static Command Person()
    {
        var mailbox = CommandHost.Mailbox();
        var person = new Option<string>("--person") { Description = "Any address of the person.", Required = true };
        var tier = new Option<string?>("--tier") { Description = "inner, regular, distant, or auto (the engine decides)." };
        tier.AcceptOnlyFromAmong("inner", "regular", "distant", "auto");
        var mute = new Option<bool?>("--mute") { Description = "true: never suggest this person; false: undo." };
        var snooze = new Option<int?>("--snooze-days") { Description = "No suggestion for this many days (0 clears)." };
        var senior = new Option<bool?>("--senior") { Description = "true: very senior (distant cadence by default)." };
        var unlink = new Option<string?>("--unlink") { Description = "An address linked to this person that is someone else: the link is undone and never made again." };
        var link = new Option<string?>("--link") { Description = "Another address of this same person." };
        var command = new Command("person", "Override what the engine decides for one person: tier, mute, snooze, seniority, and identity links.") { mailbox, person, tier, mute, snooze, senior, unlink, link };
        command.SetAction(async (parse, ct) =>
        {
            using var host = await CommandHost.StartAsync(parse, ct);
            var decisions = host.Services.GetRequiredService<UserDecisions>();
            var box = await host.Services.GetRequiredService<MailboxRepository>().FindByNameAsync(parse.GetValue(mailbox)!, ct);
            var key = box is null ? null : await decisions.PersonKeyAsync(box.Id, parse.GetValue(person)!, ct);
            if (box is null || key is null)
            {
                await Console.Error.WriteLineAsync(box is null ? $"No mailbox '{parse.GetValue(mailbox)}' is known." : $"{parse.GetValue(person)} is not among this mailbox's people.");
                return 1;
            }

            var chosen = parse.GetValue(tier);
            await decisions.ApplyAsync(box.Id, key, new PersonOverride(
                Tier: chosen is null or "auto" ? null : Enum.Parse<Tier>(chosen, ignoreCase: true),
                ClearTier: chosen == "auto",
                Muted: parse.GetValue(mute),
                SnoozeDays: parse.GetValue(snooze),
                Senior: parse.GetValue(senior),
                LinkTo: parse.GetValue(link),
                UnlinkFrom: parse.GetValue(unlink)), ct);
            Console.WriteLine($"Saved for {key} in {box.UserPrincipalName}; the next cycle applies it.");
            return 0;
        });
        return command;
    }

    public static Command Exclude()
    {
        var pattern = new Option<string>("--pattern") { Description = "An address, a domain (fabrikam.com), or a wildcard (news*@*).", Required = true };
        var mailbox = CommandHost.Mailbox(required: false);
        mailbox.Description = "Whose personal blocklist; without it, the rule is the administrator's and applies to everyone.";
        var remove = new Option<bool>("--remove") { Description = "Remove the rule instead of adding it." };
        var note = new Option<string?>("--note") { Description = "Why (shown in explanations)." };
        var command = new Command("exclude", "Add or remove a blocklist rule (administrator's or one user's).") { pattern, mailbox, remove, note };
        command.SetAction(async (parse, ct) =>
        {
            using var host = await CommandHost.StartAsync(parse, ct);
            string? mailboxId = null;
            if (parse.GetValue(mailbox) is { } name)
            {
                mailboxId = (await host.Services.GetRequiredService<MailboxRepository>().FindByNameAsync(name, ct))?.Id;
                if (mailboxId is null)
                {
                    await Console.Error.WriteLineAsync($"No mailbox '{name}' is known.");
                    return 1;
                }
            }

            var text = await host.Services.GetRequiredService<UserDecisions>().SetExclusionAsync(mailboxId, parse.GetValue(pattern)!, parse.GetValue(note), parse.GetValue(remove), ct);
            Console.WriteLine($"{(parse.GetValue(remove) ? "Removed" : "Added")} {(mailboxId is null ? "administrator" : "personal")} rule '{text}'; the next cycle applies it.");
            return 0;
        });
        return command;
    }

    /// <summary>The mailbox, or null after telling the user it is unknown.</summary>
    private static async Task<Mailbox?> FindOrSayAsync(IServiceProvider services, string name, CancellationToken ct)
    {
        var box = await services.GetRequiredService<MailboxRepository>().FindByNameAsync(name, ct);
        if (box is null)
        {
            await Console.Error.WriteLineAsync($"No mailbox '{name}' is known.");
        }

        return box;
    }
}
