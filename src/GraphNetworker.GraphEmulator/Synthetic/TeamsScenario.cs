using System.Globalization;
using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Teams;

namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>
/// The synthetic tenant's Teams: per mailbox user a one-on-one chat with the chatty colleague (mail stopped five
/// months ago, chat a few hours ago, whenever the tenant is generated), one with the weekly 1:1 colleague, a small group chat, a community chat above the mass
/// threshold, a meeting chat (its meeting is on the calendar), a chat with someone from another organisation
/// whom Graph gives no email for, and a chat silent for longer than the history window; between the first two
/// mailbox users a chat of their own. Calls: a peer-to-peer call and an ad hoc group call with the chatty
/// colleague, a scheduled meeting's call (it has a join link), and one older than the 30 days call records are kept.
/// Previews carry message text, as Graph's do, so tests can prove it is never kept. Everything follows from the seed.
/// </summary>
internal static class TeamsScenario
{
    private static readonly string[] Lines =
    [
        "Can you look at the draft before the review?", "Thanks, that helps a lot!", "Running five minutes late",
        "Lunch on Thursday?", "I pushed the fix, can you check?", "Here are the numbers you asked for", "Sounds good, let's do it",
    ];

    private static readonly string[] OutsideNames = ["Robin Okafor", "Kai Lindqvist", "Noor Haddad", "Mateo Rossi"];

    public static (JsonObject Teams, List<(string Upn, string Chatty, string Outsider)> Facts) Build(
        SyntheticPeople people, Func<int, Relationships> relationshipsOf, string tenantId, ulong seed, DateTimeOffset now, int months)
    {
        var chats = new List<JsonObject>();
        var calls = new List<JsonObject>();
        var facts = new List<(string, string, string)>();
        for (var index = 0; index < people.MailboxUsers.Count; index++)
        {
            var owner = people.MailboxUsers[index];
            var rel = relationshipsOf(index);
            if (rel.Chatty is not [var chatty, ..])
            {
                continue;
            }

            var clock = new ScenarioClock(Hashing.Random(seed, (ulong)index, 6), owner.TimeZone, now, months);
            var r = clock.Random;
            var since = clock.Start;
            var weekly = rel.Weekly[0];
            var others = people.Peers.Where(p => p != chatty && p != weekly).ToList();

            chats.Add(Chat([owner, chatty], "oneOnOne", null, since, tenantId,
                Said(r, now.AddMinutes(-30 - r.Next(150)), r.Next(2) == 0 ? owner : chatty)));
            chats.Add(Chat([owner, weekly], "oneOnOne", null, since, tenantId, Said(r, Past(clock, now, now.AddDays(-4 - r.Next(3))), owner)));
            chats.Add(Chat([owner, chatty, .. others.Take(2)], "group", "Launch prep", now.AddDays(-90), tenantId,
                Said(r, Past(clock, now, now.AddDays(-2)), others.Count > 0 ? others[0] : chatty)));
            chats.Add(Chat([.. people.MailboxUsers, .. people.Colleagues, .. people.Externals.Take(6)], "group", people.CompanyName + " partner community", now.AddDays(-300), tenantId,
                Said(r, Past(clock, now, now.AddDays(-1)), people.Ceo)));
            chats.Add(Chat([owner, weekly, chatty], "meeting", "Weekly sync", now.AddDays(-60), tenantId,
                Said(r, Past(clock, now, now.AddDays(-1)), weekly), joinWebUrl: JoinUrl(owner, "sync")));
            if (others.Count > 2)
            {
                chats.Add(Chat([owner, others[2]], "oneOnOne", null, now.AddDays(-900), tenantId, Said(r, now.AddDays(-800), others[2])));
            }

            // Someone from another organisation (Teams federation): Graph gives their id and name, no email.
            var outsiderName = OutsideNames[index % OutsideNames.Length];
            var outsiderTenant = Guid(seed, "outside-tenant", index);
            var outsiderId = Guid(seed, "outsider", index);
            var outsideChat = TeamsShapes.Chat(
                "19:" + string.Join('_', new[] { owner.Id, outsiderId }.Order(StringComparer.Ordinal)) + "@unq.gbl.spaces", "oneOnOne", null, now.AddDays(-120), tenantId,
                [Member(owner, tenantId), TeamsShapes.Member(outsiderId, null, outsiderName, outsiderTenant)]);
            outsideChat["lastMessagePreview"] = TeamsShapes.Preview(Past(clock, now, now.AddDays(-3)), outsiderId, outsiderName, Lines[r.Next(Lines.Length)]);
            chats.Add(outsideChat);
            facts.Add((owner.Address, chatty.Address, outsiderName));

            calls.Add(Call(seed, "p2p", index, [owner, chatty], Past(clock, now, now.AddDays(-8)), TimeSpan.FromMinutes(25), tenantId, null));
            calls.Add(Call(seed, "group", index, [chatty, owner, weekly], Past(clock, now, now.AddDays(-4)), TimeSpan.FromMinutes(40), tenantId, null));
            calls.Add(Call(seed, "meeting", index, [owner, weekly, chatty], Past(clock, now, now.AddDays(-2)), TimeSpan.FromMinutes(30), tenantId, JoinUrl(owner, "sync")));
            calls.Add(Call(seed, "old", index, [owner, chatty], Past(clock, now, now.AddDays(-45)), TimeSpan.FromMinutes(20), tenantId, null));
        }

        if (people.MailboxUsers.Count >= 2)
        {
            var (a, b) = (people.MailboxUsers[0], people.MailboxUsers[1]);
            var clock = new ScenarioClock(Hashing.Random(seed, 7, 7), a.TimeZone, now, months);
            chats.Add(Chat([a, b], "oneOnOne", null, clock.Start, tenantId, Said(clock.Random, Past(clock, now, now.AddDays(-2)), b)));
        }

        return (new JsonObject
        {
            ["chats"] = new JsonArray([.. chats.DistinctBy(c => c.GetString("id")).Select(c => (JsonNode)c)]),
            ["callRecords"] = new JsonArray([.. calls.Select(c => (JsonNode)c)]),
        }, facts);
    }

    /// <summary>A working-hours moment near <paramref name="around"/>, never after now (a weekend moves back to Friday).</summary>
    private static DateTimeOffset Past(ScenarioClock clock, DateTimeOffset now, DateTimeOffset around)
    {
        var at = clock.WorkTime(around);
        for (var back = 3; at >= now; back += 2)
        {
            at = clock.WorkTime(around.AddDays(-back));
        }

        return at;
    }

    private static (DateTimeOffset At, Person From, string Text) Said(Random r, DateTimeOffset at, Person from) => (at, from, Lines[r.Next(Lines.Length)]);

    private static JsonObject Chat(
        IReadOnlyList<Person> members, string type, string? topic, DateTimeOffset created, string tenantId,
        (DateTimeOffset At, Person From, string Text) last, string? joinWebUrl = null)
    {
        var id = type == "oneOnOne"
            ? "19:" + string.Join('_', members.Select(m => m.Id).Order(StringComparer.Ordinal)) + "@unq.gbl.spaces"
            : "19:" + (type == "meeting" ? "meeting_" : string.Empty) + Hashing.Of(string.Join(',', members.Select(m => m.Id)) + "/" + topic).ToString("x16", CultureInfo.InvariantCulture) + "@thread.v2";
        var chat = TeamsShapes.Chat(id, type, topic, created, tenantId, members.Select(m => Member(m, tenantId)), joinWebUrl);
        chat["lastMessagePreview"] = TeamsShapes.Preview(last.At, last.From.Id, last.From.DisplayName, last.Text);
        return chat;
    }

    private static JsonObject Member(Person person, string tenantId) => TeamsShapes.Member(person.Id, person.Address, person.DisplayName, tenantId);

    private static JsonObject Call(ulong seed, string kind, int index, IReadOnlyList<Person> people, DateTimeOffset start, TimeSpan duration, string tenantId, string? joinWebUrl) =>
        TeamsShapes.CallRecord(
            Guid(seed, "call/" + kind, index), people.Count == 2 && joinWebUrl is null ? "peerToPeer" : "groupCall", start, start + duration,
            (people[0].Id, people[0].DisplayName, tenantId), people.Select(p => TeamsShapes.CallParticipant(p.Id, p.DisplayName, p.Address)), joinWebUrl);

    private static string JoinUrl(Person owner, string meeting) =>
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + Hashing.Of(owner.Id + meeting).ToString("x16", CultureInfo.InvariantCulture) + "%40thread.v2/0";

    private static string Guid(ulong seed, string what, int index)
    {
        var a = Hashing.Mix(seed, Hashing.Of(what), (ulong)index);
        var b = Hashing.SplitMix(a);
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, a);
        BitConverter.TryWriteBytes(bytes[8..], b);
        return new System.Guid(bytes).ToString();
    }
}
