using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Scoring;

/// <summary>Why an item involving a person did not count as contact with them.</summary>
public enum IgnoredBecause
{
    None,
    Bulk,
    MassMail,
    LargeMeeting,
    Cancelled,
    OwnerDeclined,
    TheyDeclined,
    FutureMeeting,
    FutureDated,
    CoRecipient,
    OwnHold,

    /// <summary>Mail received while none of the owner's addresses was on To or Cc: it came through a list or as Bcc.</summary>
    NotAddressed,
}

/// <summary>The contact one item gives one person: a weight on a channel, or the reason it gives none.</summary>
public readonly record struct ContactWeight(double Weight, ContactChannel Channel, IgnoredBecause Ignored)
{
    public static ContactWeight None(ContactChannel channel, IgnoredBecause because) => new(0, channel, because);
}

/// <summary>
/// What counts as contact, and how much. Outbound direct mail counts most (To 1.0, Cc/Bcc 0.5), inbound less (0.6 when
/// you were on To, 0.3 on Cc, nothing when you were on neither: it came through a list or as Bcc); every mail weight is
/// divided by √(other people on it), each person counted once after identity resolution. A held meeting weighs 2.0/√(other
/// attendees): a 1:1 is 2.0, a meeting with nine others 0.67. Mail and meetings with more other people than the mass
/// threshold weigh nothing.
/// </summary>
public sealed class ContactWeighting(EngineOptions options)
{
    public const double SentTo = 1.0;
    public const double SentCc = 0.5;
    public const double ReceivedAsTo = 0.6;
    public const double ReceivedAsCc = 0.3;
    public const double Meeting = 2.0;
    public const double UnansweredInvitationFactor = 0.5;

    /// <summary>Weight of a completed suggestion: the user reached out, as much as one direct mail.</summary>
    public const double CompletedSuggestion = 1.0;

    public ContactWeight Weigh(Interaction item, Participant participant, ParticipantRole? ownerRole, int otherPeople, DateTimeOffset now) =>
        item.Kind switch
        {
            InteractionKind.EmailSent => WeighSent(item, participant, otherPeople, now),
            InteractionKind.EmailReceived => WeighReceived(item, participant, ownerRole, otherPeople, now),
            InteractionKind.TeamsChatSent or InteractionKind.TeamsChatReceived => TeamsWeighting.WeighChat(item, otherPeople, options.MassThreshold, now),
            InteractionKind.TeamsCall => TeamsWeighting.WeighCall(item, otherPeople, options.MassThreshold, now),
            _ => WeighMeeting(item, participant, otherPeople, now),
        };

    private ContactWeight WeighSent(Interaction item, Participant participant, int recipients, DateTimeOffset now)
    {
        const ContactChannel channel = ContactChannel.EmailSent;
        if (participant.Role is not (ParticipantRole.To or ParticipantRole.Cc or ParticipantRole.Bcc))
        {
            return ContactWeight.None(channel, IgnoredBecause.CoRecipient);
        }

        if (item.OccurredAt > now)
        {
            return ContactWeight.None(channel, IgnoredBecause.FutureDated);
        }

        if (recipients > options.MassThreshold)
        {
            return ContactWeight.None(channel, IgnoredBecause.MassMail);
        }

        var role = participant.Role == ParticipantRole.To ? SentTo : SentCc;
        return new ContactWeight(role / Math.Sqrt(Math.Max(recipients, 1)), channel, IgnoredBecause.None);
    }

    private ContactWeight WeighReceived(Interaction item, Participant participant, ParticipantRole? ownerRole, int recipients, DateTimeOffset now)
    {
        const ContactChannel channel = ContactChannel.EmailReceived;
        if (participant.Role != ParticipantRole.From)
        {
            return ContactWeight.None(channel, IgnoredBecause.CoRecipient);
        }

        if (IsBulk(item.Bulk))
        {
            return ContactWeight.None(channel, IgnoredBecause.Bulk);
        }

        if (item.OccurredAt > now)
        {
            return ContactWeight.None(channel, IgnoredBecause.FutureDated);
        }

        // Direct contact only: mail that reached the owner through a distribution list or as Bcc was not written to them.
        if (ownerRole is not (ParticipantRole.To or ParticipantRole.Cc))
        {
            return ContactWeight.None(channel, IgnoredBecause.NotAddressed);
        }

        if (recipients > options.MassThreshold)
        {
            return ContactWeight.None(channel, IgnoredBecause.MassMail);
        }

        var role = ownerRole == ParticipantRole.To ? ReceivedAsTo : ReceivedAsCc;
        return new ContactWeight(role / Math.Sqrt(Math.Max(recipients, 1)), channel, IgnoredBecause.None);
    }

    private ContactWeight WeighMeeting(Interaction item, Participant participant, int otherAttendees, DateTimeOffset now)
    {
        const ContactChannel channel = ContactChannel.Meeting;
        if (item.IsOwnHold)
        {
            return ContactWeight.None(channel, IgnoredBecause.OwnHold);
        }

        if (item.IsCancelled)
        {
            return ContactWeight.None(channel, IgnoredBecause.Cancelled);
        }

        if (item.OwnerResponse == MeetingResponse.Declined)
        {
            return ContactWeight.None(channel, IgnoredBecause.OwnerDeclined);
        }

        if (participant.Response == MeetingResponse.Declined)
        {
            return ContactWeight.None(channel, IgnoredBecause.TheyDeclined);
        }

        if (otherAttendees > options.MassThreshold)
        {
            return ContactWeight.None(channel, IgnoredBecause.LargeMeeting);
        }

        if (item.OccurredAt > now)
        {
            return ContactWeight.None(channel, IgnoredBecause.FutureMeeting);
        }

        var weight = Meeting / Math.Sqrt(Math.Max(otherAttendees, 1));
        if (item.OwnerResponse == MeetingResponse.NotResponded)
        {
            weight *= UnansweredInvitationFactor;
        }

        return new ContactWeight(weight, channel, IgnoredBecause.None);
    }

    /// <summary>
    /// Bulk mail: an RFC list header (see <see cref="BulkSignals"/>). Graph's Focused Inbox "Other" classification alone
    /// is not enough: real people land in Other routinely (a first message, a colleague the owner rarely opens), so it
    /// is kept but never by itself makes mail bulk; one-way senders it holds are caught as cold inbound instead.
    /// </summary>
    public static bool IsBulk(BulkSignals bulk) => (bulk & ~BulkSignals.ClassifiedOther) != BulkSignals.None;
}
