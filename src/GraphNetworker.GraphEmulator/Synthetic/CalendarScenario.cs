using System.Globalization;
using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Calendar;
using GraphNetworker.GraphEmulator.Core;

namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>
/// The calendar of one synthetic mailbox: a weekly 1:1 series (one occurrence moved, one cancelled), team
/// meetings with a room, 1:1s with externals, a declined invitation, an attendee who declined, a cancelled
/// meeting, monthly all-hands (more than 15 attendees), meetings that fade, and meetings still to come.
/// </summary>
internal sealed class CalendarScenario
{
    private readonly SyntheticPeople _people;
    private readonly Person _owner;
    private readonly ScenarioClock _clock;
    private readonly Relationships _rel;
    private readonly ulong _seed;
    private readonly ulong _mailboxKey;
    private readonly List<JsonObject> _events = [];
    private ulong _idCounter;

    public CalendarScenario(SyntheticPeople people, Person owner, ScenarioClock clock, Relationships relationships, ulong seed, ulong mailboxKey)
    {
        _people = people;
        _owner = owner;
        _clock = clock;
        _rel = relationships;
        _seed = seed;
        _mailboxKey = mailboxKey;
    }

    public string? SeriesMasterId { get; private set; }

    public List<JsonObject> Build()
    {
        OneOnOneSeries();
        var r = _clock.Random;
        foreach (var when in _clock.Cadence(_clock.Start, _clock.Now.AddDays(21), TimeSpan.FromDays(14)))
        {
            var attendees = _people.Peers.OrderBy(_ => r.Next()).Take(4 + r.Next(3)).Select(p => Attendee(p, "accepted")).ToList();
            if (r.NextDouble() < 0.5)
            {
                attendees.Add(Resource());
            }

            Add(Meeting("Team sync", _clock.At(when, 11), 60, organizer: null, attendees));
        }

        foreach (var when in _clock.Cadence(_clock.Start, _clock.Now.AddDays(14), TimeSpan.FromDays(30)))
        {
            Add(Meeting("Catch-up with " + _rel.Weekly[2].Company, _clock.At(when, 15), 30, null, [Attendee(_rel.Weekly[2], "accepted")]));
        }

        foreach (var when in _clock.Cadence(_clock.Start, _clock.Now, TimeSpan.FromDays(60)))
        {
            Add(Meeting("Account review", _clock.At(when, 14), 45, null, [Attendee(_rel.Monthly[0], "accepted")]));
        }

        // A close colleague you used to meet every fortnight, until the relationship faded: the person a coffee hold is for.
        foreach (var contact in _rel.Fading)
        {
            foreach (var when in _clock.Cadence(_clock.Start, MailScenario.FadeAt(_clock), TimeSpan.FromDays(14)))
            {
                Add(Meeting("Working session", _clock.At(when, 10), 60, null, [Attendee(contact, "accepted")]));
            }
        }

        foreach (var when in _clock.Cadence(_clock.Start, MailScenario.LeftAt(_clock), TimeSpan.FromDays(30)))
        {
            Add(Meeting("Partnership pipeline", _clock.At(when, 13), 30, null, [Attendee(_people.Leaver, "accepted")]));
        }

        AllHands();
        Specials();
        return _events;
    }

    /// <summary>The weekly 1:1 with the first weekly colleague, with an exception and a cancelled occurrence.</summary>
    private void OneOnOneSeries()
    {
        var colleague = _rel.Weekly[0];
        var first = _clock.At(_clock.Start.AddDays(7), 10);
        var master = Meeting("1:1 " + _owner.GivenName + " / " + colleague.GivenName, first, 30, null, [Attendee(colleague, "accepted")]);
        var localDate = DateOnly.ParseExact(master["start"]!["dateTime"]!.GetValue<string>()[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        master["type"] = "seriesMaster";
        master["recurrence"] = new JsonObject
        {
            ["pattern"] = new JsonObject
            {
                ["type"] = "weekly",
                ["interval"] = 1,
                ["daysOfWeek"] = new JsonArray(localDate.DayOfWeek.ToString().ToLowerInvariant()),
                ["firstDayOfWeek"] = "sunday",
            },
            ["range"] = new JsonObject
            {
                ["type"] = "noEnd",
                ["startDate"] = localDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["recurrenceTimeZone"] = _clock.ZoneName,
            },
        };
        Add(master);
        SeriesMasterId = master["id"]!.GetValue<string>();

        var occurrences = RecurrenceExpander.Occurrences(master["recurrence"]!.AsObject(), first, _clock.ZoneName, _clock.Now).ToList();
        if (occurrences.Count < 6)
        {
            return;
        }

        var moved = occurrences[^3];
        var exception = Exception(master, moved, moved.AddHours(2), "1:1 (moved) " + _owner.GivenName + " / " + colleague.GivenName);
        Add(exception);
        var cancelled = occurrences[^5];
        var cancelledException = Exception(master, cancelled, cancelled, "Canceled: 1:1 " + _owner.GivenName + " / " + colleague.GivenName);
        cancelledException["isCancelled"] = true;
        Add(cancelledException);
    }

    private JsonObject Exception(JsonObject master, DateTimeOffset originalStart, DateTimeOffset start, string subject)
    {
        var exception = (JsonObject)master.DeepClone();
        exception.Remove("recurrence");
        exception["id"] = NextId();
        exception["type"] = "exception";
        exception["seriesMasterId"] = master["id"]!.GetValue<string>();
        exception["originalStart"] = GraphTime.Utc(originalStart);
        exception["subject"] = subject;
        exception["start"] = _clock.EventTime(start);
        exception["end"] = _clock.EventTime(start.AddMinutes(30));
        return exception;
    }

    private void AllHands()
    {
        var everyone = _people.Colleagues.Where(c => c != _people.Departed).Concat(_people.MailboxUsers).Where(p => p != _owner)
            .Select(p => Attendee(p, p == _people.Ceo ? "organizer" : "accepted")).Append(Resource()).ToList();
        foreach (var when in _clock.Cadence(_clock.Start, _clock.Now.AddDays(30), TimeSpan.FromDays(30)))
        {
            var ev = Meeting("All hands", _clock.At(when, 16), 60, _people.Ceo, everyone);
            Add(ev);
        }
    }

    private void Specials()
    {
        var declinedBy = _rel.Monthly[1];
        var invitation = Meeting("Vendor pitch", _clock.At(_clock.Now.AddDays(-60), 9), 60, declinedBy, [Attendee(_owner, "declined")]);
        invitation["responseStatus"] = Response("declined");
        invitation["showAs"] = "free";
        Add(invitation);

        var rare = _rel.Rare[0];
        Add(Meeting("Proposal walkthrough", _clock.At(_clock.Now.AddDays(-30), 14), 45, null, [Attendee(rare, "declined")]));

        var peer = _people.Peers[0];
        var cancelled = Meeting("Canceled: Quarterly business review", _clock.At(_clock.Now.AddDays(-45), 10), 90, peer, [Attendee(_owner, "accepted"), Attendee(peer, "organizer")]);
        cancelled["isCancelled"] = true;
        Add(cancelled);

        Add(Meeting("Lunch with " + _rel.Weekly[2].GivenName, _clock.At(_clock.Now.AddDays(9), 12), 60, null, [Attendee(_rel.Weekly[2], "tentativelyAccepted")]));
        Add(Meeting("Planning with " + _rel.Weekly[0].GivenName, _clock.At(_clock.Now.AddDays(5), 9), 30, null, [Attendee(_rel.Weekly[0], "none")]));
    }

    private JsonObject Meeting(string subject, DateTimeOffset start, int minutes, Person? organizer, List<JsonObject> attendees)
    {
        var own = organizer is null || organizer == _owner;
        var org = organizer ?? _owner;
        attendees = attendees.Select(a => (JsonObject)a.DeepClone()).ToList();
        if (!own && attendees.All(a => a["emailAddress"]!["address"]!.GetValue<string>() != _owner.Address))
        {
            attendees.Add(Attendee(_owner, "accepted"));
        }

        var created = start < _clock.Now ? start.AddDays(-7) : _clock.Now.AddDays(-2);
        return new JsonObject
        {
            ["id"] = NextId(),
            ["subject"] = subject,
            ["start"] = _clock.EventTime(start),
            ["end"] = _clock.EventTime(start.AddMinutes(minutes)),
            ["isAllDay"] = false,
            ["isCancelled"] = false,
            ["isOrganizer"] = own,
            ["responseStatus"] = own ? Response("organizer") : Response("accepted"),
            ["organizer"] = Party.Of(org).ToRecipient(),
            ["attendees"] = new JsonArray(attendees.Select(a => (JsonNode)a).ToArray()),
            ["showAs"] = "busy",
            ["type"] = "singleInstance",
            ["importance"] = "normal",
            ["sensitivity"] = "normal",
            ["categories"] = new JsonArray(),
            ["location"] = new JsonObject { ["displayName"] = attendees.Any(a => a["type"]?.GetValue<string>() == "resource") ? _people.Room.Name : "Microsoft Teams Meeting" },
            ["isOnlineMeeting"] = true,
            ["onlineMeetingProvider"] = "teamsForBusiness",
            ["createdDateTime"] = GraphTime.UtcPrecise(created),
            ["lastModifiedDateTime"] = GraphTime.UtcPrecise(created),
        };
    }

    private JsonObject Attendee(Person p, string response) => new()
    {
        ["type"] = "required",
        ["status"] = Response(response == "organizer" ? "none" : response),
        ["emailAddress"] = new JsonObject { ["name"] = p.DisplayName, ["address"] = p.Address },
    };

    private JsonObject Resource() => new()
    {
        ["type"] = "resource",
        ["status"] = Response("accepted"),
        ["emailAddress"] = new JsonObject { ["name"] = _people.Room.Name, ["address"] = _people.Room.Address },
    };

    private static JsonObject Response(string response) => new() { ["response"] = response, ["time"] = "0001-01-01T00:00:00Z" };

    private void Add(JsonObject ev) => _events.Add(ev);

    private string NextId() => OpaqueIds.FromHash(IdKind.Event, _seed, _mailboxKey, ++_idCounter);
}
