using System.Globalization;
using System.Text.Json;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Graph.Sync;

/// <summary>
/// Maps one calendar-view instance (single instance, occurrence or exception) to the engine's meeting: start and end, who
/// attended and how they answered, the owner's own answer, cancellation. Subjects are dropped unless enabled.
/// Occurrences that arrive thin (no attendees, no organizer) borrow them from their series master.
/// </summary>
public sealed class EventMapper(SyncOptions options)
{
    private static readonly string[] Types = ["singleInstance", "occurrence", "exception", "seriesMaster"];
    private static readonly string[] Responses = ["none", "organizer", "tentativelyAccepted", "accepted", "declined", "notResponded"];

    /// <summary>True when the instance carries no people of its own and needs its series master's.</summary>
    public static bool IsThin(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("seriesMasterId", out var master) && master.ValueKind == JsonValueKind.String &&
        !item.TryGetProperty("attendees", out _) && !item.TryGetProperty("organizer", out _);

    /// <summary>Null for a series master (its instances are what count); throws <see cref="MalformedItemException"/> for what cannot be read.</summary>
    public Interaction? Map(JsonElement item, JsonElement? master, MailboxContext mailbox)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedItemException($"an item that is {item.ValueKind}, not an object");
        }

        var id = Json.Text(item, "id", 1024);
        if (string.IsNullOrWhiteSpace(id) || id.Length > 512)
        {
            throw new MalformedItemException(string.IsNullOrWhiteSpace(id) ? "missing id" : "id longer than 512 characters");
        }

        var type = Json.OneOf(item, "type", Types) ?? "singleInstance";
        if (type == "seriesMaster")
        {
            return null;
        }

        var start = When(Json.Object(item, "start"), "start") ?? throw new MalformedItemException("missing start");
        var end = When(Json.Object(item, "end"), "end");
        if (end < start)
        {
            throw new MalformedItemException("ends before it starts");
        }

        var people = master ?? item;
        var isOrganizer = Json.Flag(people, "isOrganizer");
        var ownResponse = Json.Object(people, "responseStatus") is { } status ? Json.OneOf(status, "response", Responses) : null;

        // Everyone on the meeting once: the organizer, then attendees; the owner counts as one of them.
        var participants = new List<Participant>();
        var everyone = new HashSet<string>(StringComparer.Ordinal);
        var unreadable = 0;
        var others = 0;
        if (MessageMapper.Recipient(Json.Object(people, "organizer")) is { } o && Addresses.Normalize(o.Address) is { } organizer)
        {
            everyone.Add(organizer);
            others += mailbox.OwnerAddresses.Contains(organizer) ? 0 : 1;
            participants.Add(new Participant(o.Address, o.Name, ParticipantRole.Organizer, MeetingResponse.Organizer));
        }

        foreach (var attendee in Json.Array(people, "attendees"))
        {
            if (MessageMapper.Recipient(attendee) is not { } a || Addresses.Normalize(a.Address) is not { } normalized)
            {
                unreadable++;
                continue;
            }

            var isResource = string.Equals(Json.OneOf(attendee, "type", "required", "optional", "resource"), "resource", StringComparison.Ordinal);
            var response = Json.Object(attendee, "status") is { } s ? Response(Json.OneOf(s, "response", Responses)) : MeetingResponse.None;
            if (!everyone.Add(normalized))
            {
                continue;
            }

            others += mailbox.OwnerAddresses.Contains(normalized) || isResource ? 0 : 1;
            if (participants.Count < options.MaxStoredParticipants)
            {
                participants.Add(new Participant(a.Address, a.Name, ParticipantRole.Attendee, response, isResource));
            }
        }

        var ownerListed = everyone.Overlaps(mailbox.OwnerAddresses);
        return new Interaction
        {
            ItemId = id,
            Kind = InteractionKind.Meeting,
            OccurredAt = start,
            EndsAt = end,
            ParticipantCount = everyone.Count + unreadable + (ownerListed ? 0 : 1),
            Participants = participants,
            Subject = options.StoreSubjects ? Json.Text(people, "subject", 255) : null,
            WebLink = Json.Text(item, "webLink", 2048) ?? Json.Text(people, "webLink", 2048),
            IsCancelled = Json.Flag(item, "isCancelled") || Json.Flag(people, "isCancelled"),
            OwnerResponse = isOrganizer ? MeetingResponse.Organizer : Response(ownResponse),
            IsOwnHold = mailbox.OwnHoldIds.Contains(id) && others == 0,
        };
    }

    private static MeetingResponse Response(string? value) => value switch
    {
        "organizer" => MeetingResponse.Organizer,
        "accepted" => MeetingResponse.Accepted,
        "tentativelyAccepted" => MeetingResponse.TentativelyAccepted,
        "declined" => MeetingResponse.Declined,
        "notResponded" => MeetingResponse.NotResponded,
        _ => MeetingResponse.None,
    };

    /// <summary>A dateTimeTimeZone as UTC (the worker asks for UTC; other zones are converted, unknown ones refused).</summary>
    private static DateTimeOffset? When(JsonElement? value, string name)
    {
        if (value is not { } element)
        {
            return null;
        }

        var text = Json.Text(element, "dateTime", 64) ?? throw new MalformedItemException($"'{name}' has no dateTime");
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local) ||
            local.Year < 1900 || local.Year > 2200)
        {
            throw new MalformedItemException($"'{name}' is an impossible date");
        }

        var zone = Json.Text(element, "timeZone", 128) ?? "UTC";
        if (zone.Equals("UTC", StringComparison.OrdinalIgnoreCase) || zone.Equals("Etc/UTC", StringComparison.OrdinalIgnoreCase) || local.Kind == DateTimeKind.Utc)
        {
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), TimeSpan.Zero);
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var timeZone))
        {
            throw new MalformedItemException($"'{name}' has an unknown time zone");
        }

        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, timeZone.GetUtcOffset(unspecified)).ToUniversalTime();
    }
}
