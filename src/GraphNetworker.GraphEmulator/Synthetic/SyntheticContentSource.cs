using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Directory;
using GraphNetworker.GraphEmulator.Tenants;

namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>
/// Mailbox content of the realistic synthetic tenant, generated when a mailbox is first used, from
/// (seed, mailbox index, generation time) only, so the order in which mailboxes are read does not matter.
/// </summary>
internal sealed class SyntheticContentSource : IMailboxContentSource
{
    private readonly SyntheticTenantSpec _spec;
    private readonly SyntheticPeople _people;
    private readonly DateTimeOffset _now;
    private readonly ulong _seed;
    private readonly Dictionary<string, int> _mailboxIndex;

    public SyntheticContentSource(SyntheticTenantSpec spec, SyntheticPeople people, DateTimeOffset now, ulong seed)
    {
        _spec = spec;
        _people = people;
        _now = now;
        _seed = seed;
        _mailboxIndex = people.MailboxUsers.Select((p, i) => (p.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Who mailbox <paramref name="index"/> is in touch with (the same choice its mail and calendar follow). The chatty
    /// colleague is the next mailbox user when there is one: peers are all in the team meetings, so only a colleague
    /// outside them looks lost on mail and calendar alone.
    /// </summary>
    public Relationships RelationshipsOf(int index)
    {
        var chosen = Relationships.Choose(_people, Hashing.Random(_seed, (ulong)index, 1));
        var users = _people.MailboxUsers;
        return users.Count >= 2 ? chosen with { Chatty = [users[(index + 1) % users.Count]] } : chosen;
    }

    public MailboxContent Create(DirectoryUser user) =>
        SnapshotContentSource.Build(user.Id, Snapshot(user.Id, out _), _seed, _now);

    /// <summary>
    /// Generates a mailbox once to learn its facts for the manifest, then drops it: memory stays with the
    /// mailboxes in use (generation is deterministic, so the mailbox comes back identical on first use).
    /// </summary>
    public SyntheticMailboxFacts? Facts(string userId)
    {
        _ = Snapshot(userId, out var facts);
        return facts;
    }

    /// <summary>The mailbox as a snapshot (also used to build the manifest's per-mailbox facts).</summary>
    public MailboxSnapshot Snapshot(string userId, out SyntheticMailboxFacts? facts)
    {
        facts = null;
        var snapshot = new MailboxSnapshot();
        if (!_mailboxIndex.TryGetValue(userId, out var index))
        {
            return snapshot;
        }

        var owner = _people.MailboxUsers[index];
        var mailboxKey = Hashing.Of(owner.Id);
        var relationships = RelationshipsOf(index);
        var mailClock = new ScenarioClock(Hashing.Random(_seed, (ulong)index, 2), owner.TimeZone, _now, _spec.Months);
        var mail = new MailScenario(_people, owner, mailClock, new MessageFactory(_seed, mailboxKey), relationships);
        foreach (var (folder, messages) in mail.Build(_spec.MessagesPerMailbox))
        {
            snapshot.Messages[folder] = messages;
        }

        var calendarClock = new ScenarioClock(Hashing.Random(_seed, (ulong)index, 3), owner.TimeZone, _now, _spec.Months);
        var calendar = new CalendarScenario(_people, owner, calendarClock, relationships, _seed, mailboxKey);
        snapshot.Events.AddRange(calendar.Build());
        snapshot.Todo = new JsonObject { ["lists"] = new JsonArray(new JsonObject { ["displayName"] = "Tasks", ["wellknownListName"] = "defaultList" }) };
        facts = new SyntheticMailboxFacts
        {
            UserPrincipalName = owner.Address,
            Weekly = relationships.Weekly.Select(p => p.Address).ToList(),
            Monthly = relationships.Monthly.Select(p => p.Address).ToList(),
            Rare = relationships.Rare.Select(p => p.Address).ToList(),
            Fading = relationships.Fading.Select(p => p.Address).ToList(),
            Cold = relationships.Cold.Select(p => p.Address).ToList(),
            CopiedInternetMessageIds = mail.CopiedInternetMessageIds,
            OneOnOneColleague = relationships.Weekly[0].Address,
            RecurringSeriesMasterId = calendar.SeriesMasterId,
        };
        return snapshot;
    }
}
