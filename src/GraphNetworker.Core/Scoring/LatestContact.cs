using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Scoring;

/// <summary>A <see cref="DateTimeOffset"/> kept as its UTC ticks and its offset in minutes, so that several pack into a ledger without padding.</summary>
internal static class Instants
{
    public static DateTimeOffset Of(long utcTicks, short offsetMinutes) =>
        new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    public static short OffsetOf(DateTimeOffset at) => (short)at.TotalOffsetMinutes;
}

/// <summary>
/// The latest contact on one side of a relationship, kept as plain values while the items go by: a
/// <see cref="ContactPoint"/> is made once, for the assessment, rather than each time a later item comes along.
/// </summary>
internal struct LatestContact
{
    private long _ticks;
    private string? _itemId;
    private string? _webLink;
    private string? _subject;
    private short _offset;
    private ContactChannel _channel;
    private bool _isSet;

    /// <summary>Takes the item when it is later (at the same instant: the stronger channel, then the smaller item id), so order never matters.</summary>
    public void Offer(Interaction item, ContactChannel channel)
    {
        var ticks = item.OccurredAt.UtcTicks;
        if (_isSet && (ticks < _ticks ||
            (ticks == _ticks && (channel < _channel ||
                (channel == _channel && string.CompareOrdinal(item.ItemId, _itemId) >= 0)))))
        {
            return;
        }

        this = new LatestContact
        {
            _ticks = ticks, _offset = Instants.OffsetOf(item.OccurredAt), _channel = channel, _itemId = item.ItemId,
            _webLink = item.WebLink, _subject = item.Subject, _isSet = true,
        };
    }

    /// <summary>Takes the other's contact when it is later, by the same order (a merged identity's history).</summary>
    public void Offer(in LatestContact other)
    {
        if (!other._isSet)
        {
            return;
        }

        if (!_isSet || other._ticks > _ticks ||
            (other._ticks == _ticks && (other._channel > _channel || (other._channel == _channel && string.CompareOrdinal(other._itemId, _itemId) < 0))))
        {
            this = other;
        }
    }

    public readonly ContactPoint? ToPoint() => _isSet ? new ContactPoint(Instants.Of(_ticks, _offset), _channel, _itemId, _webLink, _subject) : null;

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
