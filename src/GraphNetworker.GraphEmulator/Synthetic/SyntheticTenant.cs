using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Directory;
using GraphNetworker.GraphEmulator.Tenants;

namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>
/// Builds a synthetic tenant from a spec: the directory at once, mailbox content when each mailbox is first
/// used. Dates are relative to "now" (truncated to the minute), so the demo always looks current and the same
/// spec at the same clock gives the same tenant byte for byte.
/// </summary>
internal static class SyntheticTenant
{
    public static LoadedTenant Create(SyntheticTenantSpec spec, DateTimeOffset now)
    {
        var anchor = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var seed = Hashing.SplitMix((ulong)(uint)spec.Seed);
        return spec.Lazy ? LazyTenant.Create(spec, anchor, seed) : Realistic(spec, anchor, seed);
    }

    private static LoadedTenant Realistic(SyntheticTenantSpec spec, DateTimeOffset now, ulong seed)
    {
        var people = new SyntheticPeople(spec);
        var tenantSeed = spec.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var directory = new TenantDirectory { TenantId = DirectoryLoader.StableGuid(tenantSeed + "/tenant"), DefaultDomain = spec.Domain };
        var created = now.AddDays(-30.4 * (spec.Months + 6));
        foreach (var user in people.MailboxUsers)
        {
            directory.Upsert(user.Id, SyntheticDirectory.User(user, created), hasMailbox: true);
        }

        var historyStart = now.AddDays(-30.4 * spec.Months);
        foreach (var colleague in people.Colleagues)
        {
            var data = SyntheticDirectory.User(colleague, created, enabled: colleague != people.Leaver && colleague != people.Departed);
            if (colleague == people.Departed)
            {
                data["deletedDateTime"] = GraphTime.Utc(historyStart + ((now - historyStart) * 0.3));
            }

            directory.Upsert(colleague.Id, data, hasMailbox: colleague != people.Departed);
        }

        var room = SyntheticDirectory.Room(people.Room, tenantSeed);
        directory.Upsert(room["id"]!.GetValue<string>(), room, hasMailbox: false);
        var (groupId, nestedId) = SyntheticDirectory.AddGroups(directory, people, tenantSeed, people.MailboxUsers.Select(u => u.Id).ToList());

        var content = new SyntheticContentSource(spec, people, now, seed);
        var (teams, teamsFacts) = TeamsScenario.Build(people, content.RelationshipsOf, directory.TenantId, seed, now, spec.Months);
        var facts = people.MailboxUsers.Select(u => content.Facts(u.Id)).OfType<SyntheticMailboxFacts>()
            .Select(f => teamsFacts.FirstOrDefault(t => t.Upn == f.UserPrincipalName) is { Upn: not null } t ? f with { ChattyColleague = t.Chatty, TeamsOutsider = t.Outsider } : f)
            .ToList();
        var leftAt = now - ((now - historyStart) * 0.35);
        var manifest = new SyntheticManifest
        {
            Spec = spec.ToString(),
            Domain = spec.Domain,
            GeneratedAt = now,
            GroupId = groupId,
            NestedGroupId = nestedId,
            MailboxUsers = people.MailboxUsers.Select(p => p.ToPublic(true)).ToList(),
            Colleagues = people.Colleagues.Select(p => p.ToPublic(true)).ToList(),
            Externals = people.Externals.Select(p => p.ToPublic(false)).ToList(),
            Executives = people.Executives.Select(p => p.ToPublic(true)).ToList(),
            Leaver = new SyntheticLeaver(people.Leaver.ToPublic(true), leftAt, people.LeaverNewAddress, people.NewEmployer.Name, people.NewEmployer.Domain),
            DeletedColleague = people.Departed.ToPublic(true),
            RoomAddress = people.Room.Address,
            DistributionList = people.DistributionList.Address,
            NewsletterSenders = people.Newsletters.Select(n => n.Address).ToList(),
            NoReplySenders = people.NoReply.Select(n => n.Address).ToList(),
            SystemSenders = people.SystemSenders.Select(n => n.Address).ToList(),
            TwoWaySystemSenders = people.SystemSenders.Where(n => n.TwoWay).Select(n => n.Address).ToList(),
            MassSender = people.SystemSenders.Single(n => n.Name == SyntheticPeople.MassSenderName).Address,
            HandleNamedSender = people.HandleNamed.Address,
            Handle = people.HandleNamed.Name,
            X500Senders = people.X500Senders.Select(p => new SyntheticX500Sender(p.Id, p.Address, p.X500!)).ToList(),
            Mailboxes = facts,
        };
        return new LoadedTenant(directory, content, seed, manifest, teams);
    }
}
