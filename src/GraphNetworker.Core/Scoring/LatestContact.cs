using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Scoring;

/// <summary>
/// The latest contact on one side of a relationship, kept as plain values while the items go by: a
/// <see cref="ContactPoint"/> is made once, for the assessment, rather than each time a later item comes along.
/// </summary>
internal struct LatestContact
{
    public DateTimeOffset At;
    public string? ItemId;
    public string? WebLink;
    public string? Subject;
    public ContactChannel Channel;
    public bool IsSet;

    /// <summary>Takes the item when it is later (at the same instant: the stronger channel, then the smaller item id), so order never matters.</summary>
    public void Offer(Interaction item, ContactChannel channel)
    {
        if (IsSet && (item.OccurredAt < At ||
            (item.OccurredAt == At && (channel < Channel ||
                (channel == Channel && string.CompareOrdinal(item.ItemId, ItemId) >= 0)))))
        {
            return;
        }

        this = new LatestContact { At = item.OccurredAt, Channel = channel, ItemId = item.ItemId, WebLink = item.WebLink, Subject = item.Subject, IsSet = true };
    }

    /// <summary>Takes the other's contact when it is later, by the same order (a merged identity's history).</summary>
    public void Offer(in LatestContact other)
    {
        if (!other.IsSet)
        {
            return;
        }

        if (!IsSet || other.At > At ||
            (other.At == At && (other.Channel > Channel || (other.Channel == Channel && string.CompareOrdinal(other.ItemId, ItemId) < 0))))
        {
            this = other;
        }
    }

    public readonly ContactPoint? ToPoint() => IsSet ? new ContactPoint(At, Channel, ItemId, WebLink, Subject) : null;

    /// <summary>The later of two points by the same order: the last contact of any kind is the latest of the three sides.</summary>
    public static ContactPoint? Later(ContactPoint? current, ContactPoint? candidate)
    {
        if (candidate is null)
        {
            return current;
        }

        if (current is null || candidate.At > current.At)
        {
            return candidate;
        }

        // Same instant: prefer the stronger evidence (a meeting over mail), then the smaller item id, so order never matters.
        return candidate.At == current.At &&
               (candidate.Channel > current.Channel ||
                (candidate.Channel == current.Channel && string.CompareOrdinal(candidate.ItemId, current.ItemId) < 0))
            ? candidate
            : current;
    }
}
