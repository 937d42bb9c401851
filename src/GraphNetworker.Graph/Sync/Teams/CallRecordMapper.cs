using System.Text.Json;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Graph.Sync.Teams;

/// <summary>
/// Maps one call record (read with <c>$expand=participants_v2</c>) to a held meeting with its participants:
/// metadata only (type, start, end, who took part). A call with a join link is an online meeting, which is on the
/// calendar of whoever was invited and counted there, so it is not counted twice. Participants are known by their
/// user principal name where Graph gives it, otherwise by Entra id (<c>teams:&lt;id&gt;</c>); phones and apps are
/// counted in the size of the call but are nobody to keep in touch with.
/// </summary>
public static class CallRecordMapper
{
    public static string ItemId(string recordId) => "teams-call:" + recordId;

    /// <summary>Whether the record is a scheduled (online) meeting rather than a call: it has a join link.</summary>
    public static bool IsMeeting(JsonElement record) => !string.IsNullOrWhiteSpace(Json.Text(record, "joinWebUrl", 4096, clean: false));

    /// <summary>
    /// The call as a held meeting, or null when it is not one to count (a meeting, or one the owner was not in).
    /// <c>morePages</c> is true when Graph said there are more participants than this page holds (a large call).
    /// </summary>
    public static Interaction? Map(JsonElement record, MailboxContext mailbox, string ownerAddress, bool morePages)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedItemException($"a call record that is {record.ValueKind}, not an object");
        }

        var id = Json.Text(record, "id", 128, clean: false);
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new MalformedItemException("a call record without an id");
        }

        if (IsMeeting(record))
        {
            return null;
        }

        var start = Json.Time(record, "startDateTime") ?? throw new MalformedItemException("a call record without a start");
        var participants = new List<Participant>();
        var total = 0;
        var ownerTookPart = false;
        foreach (var participant in Json.Array(record, "participants_v2"))
        {
            total++;
            var user = Json.Object(participant, "identity") is { } identity ? Json.Object(identity, "user") : null;
            var userId = user is { } u ? Json.Text(u, "id", 128) : null;
            if (userId is null)
            {
                continue;
            }

            var name = Json.Text(user!.Value, "displayName", 256);
            if (string.Equals(userId, mailbox.MailboxId, StringComparison.OrdinalIgnoreCase))
            {
                ownerTookPart = true;
                participants.Add(new Participant(ownerAddress, name, ParticipantRole.Attendee, MeetingResponse.Accepted));
                continue;
            }

            var upn = Json.Address(user.Value, "userPrincipalName");
            var address = Addresses.Normalize(upn) is not null ? upn! : Addresses.TeamsUser(userId);
            if (participants.All(p => !string.Equals(p.Address, address, StringComparison.OrdinalIgnoreCase)))
            {
                participants.Add(new Participant(address, name, ParticipantRole.Attendee, MeetingResponse.Accepted));
            }
        }

        if (!ownerTookPart)
        {
            return null;
        }

        return new Interaction
        {
            ItemId = ItemId(id),
            Kind = InteractionKind.TeamsCall,
            OccurredAt = start,
            EndsAt = Json.Time(record, "endDateTime"),
            Participants = participants,
            // A page holds up to 130 participants; a call with more is far above the mass threshold anyway.
            ParticipantCount = morePages ? total + 1 : total,
            OwnerResponse = MeetingResponse.Accepted,
        };
    }
}
