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
/// one per person and side whether it is read or not. Sixteen bytes: the item's texts (its id, link and subject) are
/// written to the evaluation's <see cref="ContactTexts"/> only when the item becomes the latest, and the ledger, read on
/// every item, stays small.
/// </summary>
internal struct LatestContact
{
    private long _ticks;

    // Where the item's texts are in the evaluation's store, plus one (zero: none kept, as for a point given from outside).
    private int _texts;
    private short _offset;
    private byte _channelValue;
    private bool _isSet;

    /// <summary>Takes the item when it is later (at the same instant: the stronger channel, then the smaller item id), so order never matters.</summary>
    public void Offer(Interaction item, ContactChannel channel, ContactTexts texts)
    {
        var ticks = item.OccurredAt.UtcTicks;
        if (_isSet && (ticks < _ticks ||
            (ticks == _ticks && (channel < Channel ||
                (channel == Channel && string.CompareOrdinal(item.ItemId, texts.ItemIdAt(_texts)) >= 0)))))
        {
            return;
        }

        (_ticks, _offset, _channelValue, _isSet) = (ticks, Instants.OffsetOf(item.OccurredAt), (byte)channel, true);
        _texts = texts.Write(_texts, item.ItemId, item.WebLinkSource, item.Subject);
    }

    /// <summary>Takes the other's contact when it is later, by the same order (a merged identity's history, its texts in the same store).</summary>
    public void Offer(in LatestContact other, ContactTexts texts)
    {
        if (Beats(other, this, texts))
        {
            this = other;
        }
    }

    public readonly ContactChannel Channel => (ContactChannel)_channelValue;

    /// <summary>When it was, without making a <see cref="ContactPoint"/>.</summary>
    public readonly DateTimeOffset? At => _isSet ? Instants.Of(_ticks, _offset) : null;

    /// <summary>The point, its texts read from the store they were written to.</summary>
    public readonly ContactPoint? ToPoint(ContactTexts texts) => _isSet
        ? new ContactPoint(Instants.Of(_ticks, _offset), Channel, texts.ItemIdAt(_texts), texts.WebLinkAt(_texts), texts.SubjectAt(_texts))
        : null;

    /// <summary>When and how a point given by whoever made an assessment themselves (a store reading its rows, a test) was; its texts stay with the point.</summary>
    public static LatestContact Of(ContactPoint? point) => point is null
        ? default
        : new LatestContact { _ticks = point.At.UtcTicks, _offset = Instants.OffsetOf(point.At), _channelValue = (byte)point.Channel, _isSet = true };

    /// <summary>
    /// True when <paramref name="candidate"/> is the later of the two: the later instant, then (at the same instant) the
    /// stronger evidence, a meeting over mail, then the smaller item id, so that order never matters.
    /// </summary>
    public static bool Beats(in LatestContact candidate, in LatestContact current, ContactTexts texts) =>
        candidate._isSet &&
        (!current._isSet || candidate._ticks > current._ticks ||
         (candidate._ticks == current._ticks && (candidate._channelValue > current._channelValue ||
             (candidate._channelValue == current._channelValue && string.CompareOrdinal(texts.ItemIdAt(candidate._texts), texts.ItemIdAt(current._texts)) < 0))));
}

/// <summary>
/// The texts of the items that are someone's latest contact on a side, for one evaluation: each side holds one entry,
/// overwritten when a later item takes its place, in pages that are added as needed and never copied.
/// </summary>
internal sealed class ContactTexts
{
    private const int PageShift = 10;
    private const int PageSize = 1 << PageShift;

    private readonly List<Entry[]> _pages = [];
    private int _count;

    /// <summary>
    /// Writes an item's texts to the entry numbered <paramref name="entry"/> (plus one), or to a new one when it is zero;
    /// the entry's number plus one. The link is kept as the item had it (<see cref="Interaction.WebLinkSource"/>: a text,
    /// or the format it is made from), and made only when read: many items are someone's latest for a while.
    /// </summary>
    public int Write(int entry, string itemId, object? webLink, string? subject)
    {
        if (entry == 0)
        {
            if ((_count & (PageSize - 1)) == 0)
            {
                _pages.Add(new Entry[PageSize]);
            }

            entry = ++_count;
        }

        At(entry) = new Entry(itemId, webLink, subject);
        return entry;
    }

    public string? ItemIdAt(int entry) => entry == 0 ? null : At(entry).ItemId;

    public string? WebLinkAt(int entry) => entry == 0 ? null : At(entry) switch
    {
        { WebLink: string text } => text,
        { WebLink: IWebLinkFormat format } e => format.LinkFor(e.ItemId),
        _ => null,
    };

    public string? SubjectAt(int entry) => entry == 0 ? null : At(entry).Subject;

    private ref Entry At(int entry) => ref _pages[(entry - 1) >> PageShift][(entry - 1) & (PageSize - 1)];

    /// <summary>An item's id, its link (a text or an <see cref="IWebLinkFormat"/>) and its subject.</summary>
    private readonly record struct Entry(string ItemId, object? WebLink, string? Subject);
}

/// <summary>A person's latest contact on each side: what they wrote, what they received, a meeting.</summary>
internal struct ContactSides
{
    public LatestContact Outbound;
    public LatestContact Inbound;
    public LatestContact Meeting;

    /// <summary>Takes the other's contacts where they are later (a merged identity's history).</summary>
    public void Offer(in ContactSides other, ContactTexts texts)
    {
        Outbound.Offer(other.Outbound, texts);
        Inbound.Offer(other.Inbound, texts);
        Meeting.Offer(other.Meeting, texts);
    }

    /// <summary>The latest of the three, by the order <see cref="LatestContact.Beats"/> gives, their texts in <paramref name="texts"/>.</summary>
    public readonly LatestContact Latest(ContactTexts texts)
    {
        var latest = LatestContact.Beats(Inbound, Outbound, texts) ? Inbound : Outbound;
        return LatestContact.Beats(Meeting, latest, texts) ? Meeting : latest;
    }
}
