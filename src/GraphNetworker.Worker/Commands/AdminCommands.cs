using System.CommandLine;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Store;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Worker.Reports;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Worker.Commands;

/// <summary>Commands an administrator (or a user, through one) runs: consent, opt-out and purge, overrides, blocklists.</summary>
internal static class AdminCommands
{
    public static readonly string[] RequiredPermissions =
        ["Mail.ReadBasic.All", "Calendars.ReadWrite", "Tasks.ReadWrite.All", "MailboxSettings.Read", "User.Read.All", "GroupMember.Read.All"];

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
            await using var db = await host.Services.GetRequiredService<IDbContextFactory<GraphNetworkerDbContext>>().CreateDbContextAsync(ct);
            if (await FindOrSayAsync(db, parse.GetValue(mailbox)!, ct) is not { } box)
            {
                return 1;
            }

            if (parse.GetValue(outlook))
            {
                await RemoveFromOutlookAsync(host.Services, box, ct);
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
            await using var db = await host.Services.GetRequiredService<IDbContextFactory<GraphNetworkerDbContext>>().CreateDbContextAsync(ct);
            if (await FindOrSayAsync(db, parse.GetValue(mailbox)!, ct) is not { } box)
            {
                return 1;
            }

            await db.Mailboxes.Where(m => m.Id == box.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ScopeState, ScopeState.LeftScope).SetProperty(m => m.InScopeSince, (DateTime?)null), ct);
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
            await using var db = await host.Services.GetRequiredService<IDbContextFactory<GraphNetworkerDbContext>>().CreateDbContextAsync(ct);
            var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var box = await MailboxReport.FindMailboxAsync(db, parse.GetValue(mailbox)!, ct);
            var key = await PersonKeyAsync(db, box, parse.GetValue(person)!, ct);
            if (box is null || key is null)
            {
                await Console.Error.WriteLineAsync(box is null ? $"No mailbox '{parse.GetValue(mailbox)}' is known." : $"{parse.GetValue(person)} is not among this mailbox's people.");
                return 1;
            }

            var preference = await db.PersonPreferences.SingleOrDefaultAsync(p => p.MailboxId == box.Id && p.PersonKey == key, ct)
                ?? db.PersonPreferences.Add(new PersonPreferenceRow { MailboxId = box.Id, PersonKey = key }).Entity;
            if (parse.GetValue(tier) is { } chosen)
            {
                preference.TierOverride = chosen == "auto" ? null : (int)Enum.Parse<Tier>(chosen, ignoreCase: true);
            }

            preference.Muted = parse.GetValue(mute) ?? preference.Muted;
            preference.Senior = parse.GetValue(senior) ?? preference.Senior;
            if (parse.GetValue(snooze) is { } days)
            {
                preference.SnoozedUntil = days <= 0 ? null : now.AddDays(days);
            }

            preference.UpdatedAt = now;
            await DecideLinkAsync(db, box.Id, key, parse.GetValue(unlink), accepted: false, now, ct);
            await DecideLinkAsync(db, box.Id, key, parse.GetValue(link), accepted: true, now, ct);
            await db.SaveChangesAsync(ct);
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
            await using var db = await host.Services.GetRequiredService<IDbContextFactory<GraphNetworkerDbContext>>().CreateDbContextAsync(ct);
            string? mailboxId = null;
            if (parse.GetValue(mailbox) is { } name)
            {
                mailboxId = (await MailboxReport.FindMailboxAsync(db, name, ct))?.Id;
                if (mailboxId is null)
                {
                    await Console.Error.WriteLineAsync($"No mailbox '{name}' is known.");
                    return 1;
                }
            }

            var text = parse.GetValue(pattern)!.Trim().ToLowerInvariant();
            var existing = await db.ExclusionRules.Where(r => r.MailboxId == mailboxId && r.Pattern == text).ToListAsync(ct);
            if (parse.GetValue(remove))
            {
                db.ExclusionRules.RemoveRange(existing);
            }
            else if (existing.Count == 0)
            {
                db.ExclusionRules.Add(new ExclusionRuleRow { MailboxId = mailboxId, Pattern = text, Note = parse.GetValue(note), CreatedAt = host.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime });
            }

            await db.SaveChangesAsync(ct);
            Console.WriteLine($"{(parse.GetValue(remove) ? "Removed" : "Added")} {(mailboxId is null ? "administrator" : "personal")} rule '{text}'; the next cycle applies it.");
            return 0;
        });
        return command;
    }

    /// <summary>The mailbox, or null after telling the user it is unknown.</summary>
    private static async Task<Mailbox?> FindOrSayAsync(GraphNetworkerDbContext db, string name, CancellationToken ct)
    {
        var box = await MailboxReport.FindMailboxAsync(db, name, ct);
        if (box is null)
        {
            await Console.Error.WriteLineAsync($"No mailbox '{name}' is known.");
        }

        return box;
    }

    private static async Task<string?> PersonKeyAsync(GraphNetworkerDbContext db, Mailbox? box, string address, CancellationToken ct)
    {
        if (box is null)
        {
            return null;
        }

        var wanted = Addresses.Normalize(address) ?? address.Trim().ToLowerInvariant();
        var rows = await db.Relationships.AsNoTracking().Where(r => r.MailboxId == box.Id).Select(r => new { r.PersonKey, r.Addresses }).ToListAsync(ct);
        return rows.FirstOrDefault(r => r.PersonKey == wanted || r.Addresses.Contains('"' + wanted + '"', StringComparison.Ordinal))?.PersonKey;
    }

    private static async Task DecideLinkAsync(GraphNetworkerDbContext db, string mailboxId, string key, string? other, bool accepted, DateTime now, CancellationToken ct)
    {
        if (other is null || Addresses.Normalize(other) is not { } address)
        {
            return;
        }

        var links = await db.PersonLinks.Where(l => l.MailboxId == mailboxId && ((l.FromKey == key && l.ToKey == address) || (l.FromKey == address && l.ToKey == key))).ToListAsync(ct);
        if (links.Count == 0)
        {
            links.Add(db.PersonLinks.Add(new PersonLinkRow { MailboxId = mailboxId, FromKey = key, ToKey = address, CreatedAt = now, Reason = accepted ? "Linked by you." : "Unlinked by you." }).Entity);
        }

        foreach (var l in links)
        {
            l.Accepted = accepted;
            l.DecidedAt = now;
        }
    }

    private static async Task RemoveFromOutlookAsync(IServiceProvider services, Mailbox box, CancellationToken ct)
    {
        var holds = await services.GetRequiredService<OutlookWriter>().RemoveAllAsync(box, ct);
        Console.WriteLine($"Removed the To Do list and {holds} future coffee holds from {box.UserPrincipalName}'s Outlook.");
    }
}
