using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>
/// The mail of one synthetic mailbox: two-way threads at weekly, monthly and rare cadences, a fading
/// relationship, the leaver before and after leaving, X500 senders, newsletters with list headers, no-reply
/// notifications, distribution-list mail, all-hands broadcasts, cold inbound mail, copies across folders,
/// a draft, junk and deleted items, and correspondents that are not people (role, helpdesk, number-only and robot
/// addresses) beside a real person known only by a handle. Everything follows from (seed, mailbox index, now).
/// </summary>
internal sealed partial class MailScenario
{
    private readonly SyntheticPeople _people;
    private readonly Person _owner;
    private readonly ScenarioClock _clock;
    private readonly MessageFactory _factory;
    private readonly Relationships _rel;
    private readonly Dictionary<string, List<JsonObject>> _folders = new(StringComparer.Ordinal);

    public MailScenario(SyntheticPeople people, Person owner, ScenarioClock clock, MessageFactory factory, Relationships relationships)
    {
        _people = people;
        _owner = owner;
        _clock = clock;
        _factory = factory;
        _rel = relationships;
    }

    public const string ProjectsFolder = "Projects";

    public List<string> CopiedInternetMessageIds { get; } = [];

    public Dictionary<string, List<JsonObject>> Build(int fillTo)
    {
        var start = _clock.Start;
        var now = _clock.Now;
        var archiveBefore = now.AddDays(-270);
        foreach (var c in _rel.Weekly)
        {
            Threads(c, _clock.Cadence(start, now, TimeSpan.FromDays(7)), c == _rel.Weekly[1] ? archiveBefore : null);
        }

        foreach (var c in _rel.Monthly)
        {
            Threads(c, _clock.Cadence(start, now, TimeSpan.FromDays(30)), null);
        }

        foreach (var c in _rel.Rare)
        {
            Threads(c, _clock.Cadence(start, now, TimeSpan.FromDays(75)), null);
        }

        var fadeAt = FadeAt(_clock);
        foreach (var c in _rel.Fading)
        {
            Threads(c, _clock.Cadence(start, fadeAt, TimeSpan.FromDays(7)), null);
        }

        Leaver();
        Departed();
        Newsletters();
        Notifications();
        DistributionList();
        Broadcasts();
        ColdInbound();
        Copies();
        Singles();
        Filler(fillTo);

        // The chatty colleague's mail stopped five months ago: on mail alone they look lost; they moved to Teams.
        foreach (var c in _rel.Chatty ?? [])
        {
            Threads(c, _clock.Cadence(start, now.AddDays(-150), TimeSpan.FromDays(30)), null);
        }

        NotPeople();
        foreach (var list in _folders.Values)
        {
            list.Sort((a, b) => string.CompareOrdinal(a["receivedDateTime"]!.GetValue<string>(), b["receivedDateTime"]!.GetValue<string>()));
        }

        return _folders;
    }

    private void Add(string folder, JsonObject message)
    {
        if (!_folders.TryGetValue(folder, out var list))
        {
            list = [];
            _folders[folder] = list;
        }

        list.Add(message);
    }

    /// <summary>A thread per moment: inbound then a reply, or outbound then an answer; sometimes a cc.</summary>
    private void Threads(Person contact, IEnumerable<DateTimeOffset> moments, DateTimeOffset? archiveBefore)
    {
        var r = _clock.Random;
        foreach (var when in moments)
        {
            var subject = Topics.Subject(r);
            var key = contact.Address + "/" + when.ToUnixTimeSeconds();
            var cc = r.NextDouble() < 0.2 ? new[] { Party.Of(_people.Peers[r.Next(_people.Peers.Count)]) } : [];
            var inboundFirst = r.NextDouble() < 0.6;
            var inboxFolder = archiveBefore is { } cutoff && when < cutoff ? "archive" : "inbox";
            var from = FromAddress(contact, r);
            var reply = when.AddMinutes(20 + r.Next(600));
            if (inboundFirst)
            {
                Add(inboxFolder, Inbound(from, contact, subject, when, key, cc));
                if (r.NextDouble() < 0.8)
                {
                    Add("sentitems", Outbound(contact, "RE: " + subject, reply, key, cc));
                }
            }
            else
            {
                Add("sentitems", Outbound(contact, subject, when, key, cc, bcc: r.NextDouble() < 0.1));
                if (r.NextDouble() < 0.75)
                {
                    Add(inboxFolder, Inbound(from, contact, "RE: " + subject, reply, key, cc));
                }
            }
        }
    }

    /// <summary>X500 senders use their Exchange address on about half of their mail.</summary>
    private Party FromAddress(Person contact, Random r) =>
        contact.X500 is not null && _people.X500Senders.Contains(contact) && r.NextDouble() < 0.5
            ? new Party(contact.DisplayName, contact.X500)
            : Party.Of(contact);

    private JsonObject Inbound(Party from, Person contact, string subject, DateTimeOffset when, string key, IReadOnlyList<Party>? cc = null, bool isRead = true) =>
        _factory.Create(new MessageSpec
        {
            From = from,
            To = [Party.Of(_owner)],
            Cc = cc,
            Subject = subject,
            Sent = when,
            ThreadKey = key,
            InternetMessageId = _factory.InternetMessageId(contact.Domain, contact.Domain == _people.Domain),
            IsRead = isRead,
        });

    private JsonObject Outbound(Person contact, string subject, DateTimeOffset when, string key, IReadOnlyList<Party>? cc = null, bool bcc = false) =>
        _factory.Create(new MessageSpec
        {
            From = Party.Of(_owner),
            To = [Party.Of(contact)],
            Cc = cc,
            Bcc = bcc ? [Party.Of(_people.Peers[^1])] : null,
            Subject = subject,
            Sent = when,
            ThreadKey = key,
            InternetMessageId = _factory.InternetMessageId(_people.Domain, internalSender: true),
            Outbound = true,
        });
}
