using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Scoring;

/// <summary>One weighted contact on the timeline.</summary>
internal readonly record struct ContactEvent(long Ticks, ContactChannel Channel, float Weight);

/// <summary>
/// Everything seen about one person in one mailbox, gathered in one pass over the interactions. Ledgers of two
/// identities can be merged (a person who moved) before they are scored.
/// </summary>
internal sealed class ContactLedger(string key)
{
    private static readonly int ReasonCount = Enum.GetValues<IgnoredBecause>().Length;

    // Most people go by one or two names: a short list beats a dictionary per person.
    private readonly List<(string Name, int Count, long LastTicks)> _names = new(1);
    private readonly int[] _ignored = new int[ReasonCount];

    public string Key { get; private set; } = key;

    /// <summary>Every address this person was seen with (usually one; unsorted).</summary>
    public List<string> Addresses { get; } = new(1);

    public List<ContactEvent> Events { get; } = [];

    public ContactPoint? LastAny { get; private set; }

    public ContactPoint? LastOutbound { get; private set; }

    public ContactPoint? LastInbound { get; private set; }

    public ContactPoint? LastMeeting { get; private set; }

    public DateTimeOffset? NextMeeting { get; private set; }

    /// <summary>Earliest and latest time this identity appeared at all (counted or not): used to detect moves.</summary>
    public DateTimeOffset? FirstSeen { get; private set; }

    public DateTimeOffset? LastSeen { get; private set; }

    public int OutboundItems { get; private set; }

    /// <summary>Mail the owner sent with this person on To that counted as contact: the owner wrote to them, not just copied them.</summary>
    public int WrittenToItems { get; private set; }

    public int InboundItems { get; private set; }

    public int MeetingItems { get; private set; }

    /// <summary>Days of Teams chat counted (a chat counts once a day, at its last message).</summary>
    public int ChatItems { get; private set; }

    /// <summary>Teams calls counted; they are meetings too (<see cref="MeetingItems"/> includes them).</summary>
    public int CallItems { get; private set; }

    public int CompletedSuggestions { get; private set; }

    public DateTimeOffset? LastCompletedSuggestion { get; private set; }

    /// <summary>The last touch that restarts the cadence: the last contact, or a completed suggestion if later.</summary>
    public DateTimeOffset? LastTouch => Max(LastAny?.At, LastCompletedSuggestion);

    public bool SeenAsResource { get; set; }

    /// <summary>Set when another identity was linked as this person's new address (a move).</summary>
    public (string Address, DateTimeOffset? Since)? MovedTo { get; set; }

    public int CountedItems => OutboundItems + InboundItems + MeetingItems + ChatItems;

    public int IgnoredItems => _ignored.Sum() - _ignored[(int)IgnoredBecause.CoRecipient] - _ignored[(int)IgnoredBecause.FutureMeeting];

    public int IgnoredFor(IgnoredBecause reason) => _ignored[(int)reason];

    public void SeeName(string? name, DateTimeOffset at)
    {
        if (name is null)
        {
            return;
        }

        var ticks = at.UtcTicks;
        for (var i = 0; i < _names.Count; i++)
        {
            if (string.Equals(_names[i].Name, name, StringComparison.Ordinal))
            {
                _names[i] = (name, _names[i].Count + 1, Math.Max(_names[i].LastTicks, ticks));
                return;
            }
        }

        _names.Add((name, 1, ticks));
    }

    public void SeeAddress(string address)
    {
        foreach (var known in Addresses)
        {
            if (string.Equals(known, address, StringComparison.Ordinal))
            {
                return;
            }
        }

        Addresses.Add(address);
    }

    /// <summary>The most used name, the most recent on a tie.</summary>
    public string? BestName() =>
        _names.Count == 0 ? null : _names.MaxBy(n => (n.Count, n.LastTicks, n.Name)).Name;

    public void Record(Interaction item, ContactWeight contact, bool writtenTo = false)
    {
        FirstSeen = FirstSeen is null || item.OccurredAt < FirstSeen ? item.OccurredAt : FirstSeen;
        LastSeen = LastSeen is null || item.OccurredAt > LastSeen ? item.OccurredAt : LastSeen;

        if (contact.Ignored == IgnoredBecause.FutureMeeting)
        {
            NextMeeting = NextMeeting is null || item.OccurredAt < NextMeeting ? item.OccurredAt : NextMeeting;
        }

        if (contact.Ignored != IgnoredBecause.None)
        {
            _ignored[(int)contact.Ignored]++;
            return;
        }

        Events.Add(new ContactEvent(item.OccurredAt.UtcTicks, contact.Channel, (float)contact.Weight));
        switch (contact.Channel)
        {
            case ContactChannel.EmailSent:
                OutboundItems++;
                WrittenToItems += writtenTo ? 1 : 0;
                LastOutbound = Later(LastOutbound, item, contact.Channel);
                break;
            case ContactChannel.EmailReceived:
                InboundItems++;
                LastInbound = Later(LastInbound, item, contact.Channel);
                break;
            case ContactChannel.TeamsChatSent:
                ChatItems++;
                LastOutbound = Later(LastOutbound, item, contact.Channel);
                break;
            case ContactChannel.TeamsChatReceived:
                ChatItems++;
                LastInbound = Later(LastInbound, item, contact.Channel);
                break;
            default:
                MeetingItems++;
                CallItems += contact.Channel == ContactChannel.TeamsCall ? 1 : 0;
                LastMeeting = Later(LastMeeting, item, contact.Channel);
                break;
        }

        LastAny = Later(LastAny, LastOutbound);
        LastAny = Later(LastAny, LastInbound);
        LastAny = Later(LastAny, LastMeeting);
    }

    /// <summary>A completed suggestion: the user reached out (we cannot see how), so the cadence restarts from here.</summary>
    public void RecordCompletedSuggestion(DateTimeOffset at)
    {
        CompletedSuggestions++;
        Events.Add(new ContactEvent(at.UtcTicks, ContactChannel.Suggestion, (float)ContactWeighting.CompletedSuggestion));
        LastCompletedSuggestion = Max(LastCompletedSuggestion, at);
    }

    /// <summary>Folds another identity's history into this one (the other identity is the same human).</summary>
    public void Absorb(ContactLedger other)
    {
        foreach (var address in other.Addresses)
        {
            SeeAddress(address);
        }

        Events.AddRange(other.Events);
        foreach (var (name, count, lastTicks) in other._names)
        {
            var index = _names.FindIndex(n => string.Equals(n.Name, name, StringComparison.Ordinal));
            if (index >= 0)
            {
                _names[index] = (name, _names[index].Count + count, Math.Max(_names[index].LastTicks, lastTicks));
            }
            else
            {
                _names.Add((name, count, lastTicks));
            }
        }

        for (var i = 0; i < _ignored.Length; i++)
        {
            _ignored[i] += other._ignored[i];
        }

        LastAny = Later(LastAny, other.LastAny);
        LastOutbound = Later(LastOutbound, other.LastOutbound);
        LastInbound = Later(LastInbound, other.LastInbound);
        LastMeeting = Later(LastMeeting, other.LastMeeting);
        NextMeeting = Min(NextMeeting, other.NextMeeting);
        FirstSeen = Min(FirstSeen, other.FirstSeen);
        LastSeen = Max(LastSeen, other.LastSeen);
        OutboundItems += other.OutboundItems;
        WrittenToItems += other.WrittenToItems;
        InboundItems += other.InboundItems;
        MeetingItems += other.MeetingItems;
        ChatItems += other.ChatItems;
        CallItems += other.CallItems;
        CompletedSuggestions += other.CompletedSuggestions;
        LastCompletedSuggestion = Max(LastCompletedSuggestion, other.LastCompletedSuggestion);
        SeenAsResource |= other.SeenAsResource;
    }

    /// <summary>The later of the current point and this item, allocating a point only when the item wins.</summary>
    private static ContactPoint? Later(ContactPoint? current, Interaction item, ContactChannel channel)
    {
        if (current is not null && (item.OccurredAt < current.At ||
            (item.OccurredAt == current.At && (channel < current.Channel ||
                (channel == current.Channel && string.CompareOrdinal(item.ItemId, current.ItemId) >= 0)))))
        {
            return current;
        }

        return new ContactPoint(item.OccurredAt, channel, item.ItemId, item.WebLink, item.Subject);
    }

    private static ContactPoint? Later(ContactPoint? current, ContactPoint? candidate)
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

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
