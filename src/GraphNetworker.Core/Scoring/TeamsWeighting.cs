using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Scoring;

/// <summary>
/// What a Teams chat or call counts for. Graph gives a chat's last message only (its history is not free to read),
/// so a chat is one touch a day at its last message, never a count of messages. A one-on-one chat is an exchange,
/// weighed as an email each way (1.0 + 0.6 = 1.6); a group chat weighs 1.6 ÷ √(other members), and nothing above the
/// mass threshold. The direction (who wrote last) only decides whether it is the last outbound or inbound contact.
/// A call that took place is a held meeting with its participants: 2.0 ÷ √(other participants).
/// </summary>
internal static class TeamsWeighting
{
    /// <summary>A one-on-one chat with recent activity: an exchange, as much as one direct email each way.</summary>
    public const double Chat = ContactWeighting.SentTo + ContactWeighting.ReceivedAsTo;

    public static ContactWeight WeighChat(Interaction item, int otherMembers, int massThreshold, DateTimeOffset now)
    {
        var channel = item.Kind == InteractionKind.TeamsChatSent ? ContactChannel.TeamsChatSent : ContactChannel.TeamsChatReceived;
        if (item.OccurredAt > now)
        {
            return ContactWeight.None(channel, IgnoredBecause.FutureDated);
        }

        if (otherMembers > massThreshold)
        {
            return ContactWeight.None(channel, IgnoredBecause.LargeMeeting);
        }

        return new ContactWeight(Chat / Math.Sqrt(Math.Max(otherMembers, 1)), channel, IgnoredBecause.None);
    }

    public static ContactWeight WeighCall(Interaction item, int otherParticipants, int massThreshold, DateTimeOffset now)
    {
        const ContactChannel channel = ContactChannel.TeamsCall;
        if (item.OccurredAt > now)
        {
            return ContactWeight.None(channel, IgnoredBecause.FutureDated);
        }

        if (otherParticipants > massThreshold)
        {
            return ContactWeight.None(channel, IgnoredBecause.LargeMeeting);
        }

        return new ContactWeight(ContactWeighting.Meeting / Math.Sqrt(Math.Max(otherParticipants, 1)), channel, IgnoredBecause.None);
    }

    /// <summary>True for the kinds that come from Teams rather than Outlook.</summary>
    public static bool IsTeams(InteractionKind kind) => kind is InteractionKind.TeamsChatSent or InteractionKind.TeamsChatReceived or InteractionKind.TeamsCall;
}
