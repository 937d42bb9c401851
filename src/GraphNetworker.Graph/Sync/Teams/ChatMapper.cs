using System.Globalization;
using System.Text.Json;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Graph.Sync.Teams;

/// <summary>
/// Maps one chat (as listed with <c>$expand=lastMessagePreview</c>) and its members to the engine's interaction:
/// metadata only. What is kept: the chat type, the members (email where Graph gives it, otherwise the Entra user id
/// as <c>teams:&lt;id&gt;</c>), who wrote the last message and when. The preview's <c>body</c> — the message text —
/// is never read: nothing here touches it, so it can be neither stored nor logged. A chat is one touch a day at its
/// last message (item id: chat and UTC day); meeting chats follow their meeting (the calendar counts it), and a last
/// message from an app or a system event is nobody writing.
/// </summary>
public static class ChatMapper
{
    /// <summary>The item id of a chat's touch on the day of its last message.</summary>
    public static string ItemId(string chatId, DateTimeOffset lastMessageAt) =>
        "teams-chat:" + chatId + "@" + lastMessageAt.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>When the chat's last message was written, or null when it has none (or none we can read).</summary>
    public static DateTimeOffset? LastMessageAt(JsonElement chat) =>
        Json.Object(chat, "lastMessagePreview") is { } preview ? Json.Time(preview, "createdDateTime") : null;

    public static string? ChatType(JsonElement chat) =>
        Json.OneOf(chat, "chatType", "oneOnOne", "group", "meeting", "unknownFutureValue");

    /// <summary>
    /// The chat's touch, or null when it is not contact: a meeting chat, no message yet, or a last message no person
    /// wrote. Throws <see cref="MalformedItemException"/> (with a reason, never content) for a chat that cannot be read.
    /// </summary>
    public static Interaction? Map(JsonElement chat, IReadOnlyList<JsonElement> members, MailboxContext mailbox, string ownerAddress)
    {
        if (chat.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedItemException($"a chat that is {chat.ValueKind}, not an object");
        }

        var id = Json.Text(chat, "id", 400, clean: false);
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new MalformedItemException("a chat without an id");
        }

        if (ChatType(chat) is not ("oneOnOne" or "group"))
        {
            return null;
        }

        if (Json.Object(chat, "lastMessagePreview") is not { } preview || Json.Time(preview, "createdDateTime") is not { } at)
        {
            return null;
        }

        if (Json.OneOf(preview, "messageType", "message", "chatEvent", "typing", "unknownFutureValue", "systemEventMessage") is not "message")
        {
            return null;
        }

        var sender = Json.Object(preview, "from") is { } from && Json.Object(from, "user") is { } user ? Json.Text(user, "id", 128) : null;
        if (sender is null)
        {
            return null;
        }

        var participants = new List<Participant>(members.Count);
        var total = 0;
        foreach (var member in members)
        {
            total++;
            if (Participant(member, mailbox, ownerAddress, sender) is { } participant)
            {
                participants.Add(participant);
            }
        }

        if (participants.Count == 0)
        {
            throw new MalformedItemException("a chat whose members could not be read");
        }

        return new Interaction
        {
            ItemId = ItemId(id, at),
            Kind = string.Equals(sender, mailbox.MailboxId, StringComparison.OrdinalIgnoreCase) ? InteractionKind.TeamsChatSent : InteractionKind.TeamsChatReceived,
            OccurredAt = at,
            Participants = participants,
            ParticipantCount = total,
            WebLink = Json.Text(chat, "webUrl", 2048, clean: false),
        };
    }

    /// <summary>
    /// A member as a participant: the owner by their own address; others by email, or by Entra id when Graph gives
    /// no email (someone from another organisation, typically), so the directory can still resolve them.
    /// </summary>
    private static Participant? Participant(JsonElement member, MailboxContext mailbox, string ownerAddress, string sender)
    {
        if (member.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var userId = Json.Text(member, "userId", 128);
        var email = Json.Address(member, "email");
        var name = Json.Text(member, "displayName", 256);
        var role = userId is not null && string.Equals(userId, sender, StringComparison.OrdinalIgnoreCase) ? ParticipantRole.From : ParticipantRole.Attendee;
        if (userId is not null && string.Equals(userId, mailbox.MailboxId, StringComparison.OrdinalIgnoreCase))
        {
            return new Participant(ownerAddress, name, role);
        }

        if (Addresses.Normalize(email) is not null)
        {
            return new Participant(email!, name, role);
        }

        return userId is not null ? new Participant(Addresses.TeamsUser(userId), name, role) : null;
    }
}
