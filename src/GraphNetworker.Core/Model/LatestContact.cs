namespace GraphNetworker.Core.Model;

/// <summary>A <see cref="DateTimeOffset"/> kept as its UTC ticks and its offset in minutes, so that several pack into a ledger without padding.</summary>
internal static class Instants
{
    public static DateTimeOffset Of(long utcTicks, short offsetMinutes) =>
        new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    public static short OffsetOf(DateTimeOffset at) => (short)at.TotalOffsetMinutes;
}

/// <summary>
/// The latest contact on one side of a relationship, kept as plain values in the person's ledger while the items go by;
/// the assessment reads it from there, and a <see cref="ContactPoint"/> is made only when someone reads one, rather than
/// one per person and side whether it is read or not.
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
        if (Beats(other, this))
        {
            this = other;
        }
    }

    public readonly ContactChannel Channel => _channel;

    /// <summary>When it was, without making a <see cref="ContactPoint"/>.</summary>
    public readonly DateTimeOffset? At => _isSet ? Instants.Of(_ticks, _offset) : null;

    public readonly ContactPoint? ToPoint() => _isSet ? new ContactPoint(Instants.Of(_ticks, _offset), _channel, _itemId, _webLink, _subject) : null;

    /// <summary>A point given by whoever made an assessment themselves (a store reading its rows, a test).</summary>
    public static LatestContact Of(ContactPoint? point) => point is null
        ? default
        : new LatestContact
        {
            _ticks = point.At.UtcTicks, _offset = Instants.OffsetOf(point.At), _channel = point.Channel, _itemId = point.ItemId,
            _webLink = point.WebLink, _subject = point.Subject, _isSet = true,
        };

    /// <summary>
    /// True when <paramref name="candidate"/> is the later of the two: the later instant, then (at the same instant) the
    /// stronger evidence, a meeting over mail, then the smaller item id, so that order never matters.
    /// </summary>
    public static bool Beats(in LatestContact candidate, in LatestContact current) =>
        candidate._isSet &&
        (!current._isSet || candidate._ticks > current._ticks ||
         (candidate._ticks == current._ticks && (candidate._channel > current._channel ||
             (candidate._channel == current._channel && string.CompareOrdinal(candidate._itemId, current._itemId) < 0))));
}

/// <summary>A person's latest contact on each side: what they wrote, what they received, a meeting.</summary>
internal struct ContactSides
{
    public LatestContact Outbound;
    public LatestContact Inbound;
    public LatestContact Meeting;

    /// <summary>Takes the other's contacts where they are later (a merged identity's history).</summary>
    public void Offer(in ContactSides other)
    {
        Outbound.Offer(other.Outbound);
        Inbound.Offer(other.Inbound);
        Meeting.Offer(other.Meeting);
    }

    /// <summary>The latest of the three, by the order <see cref="LatestContact.Beats"/> gives.</summary>
    public readonly LatestContact Latest
    {
        get
        {
            var latest = LatestContact.Beats(Inbound, Outbound) ? Inbound : Outbound;
            return LatestContact.Beats(Meeting, latest) ? Meeting : latest;
        }
    }
}
