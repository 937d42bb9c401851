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
    private readonly Dictionary<string, (int Count, long LastTicks)> _names = new(StringComparer.Ordinal);
    private readonly int[] _ignored = new int[Enum.GetValues<IgnoredBecause>().Length];

    public string Key { get; private set; } = key;

    public SortedSet<string> Addresses { get; } = new(StringComparer.Ordinal);

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

    public int InboundItems { get; private set; }

    public int MeetingItems { get; private set; }

    public int CompletedSuggestions { get; private set; }

    public DateTimeOffset? LastCompletedSuggestion { get; private set; }

    /// <summary>The last touch that restarts the cadence: the last contact, or a completed suggestion if later.</summary>
    public DateTimeOffset? LastTouch => Max(LastAny?.At, LastCompletedSuggestion);

    public bool SeenAsResource { get; set; }

    /// <summary>Set when another identity was linked as this person's new address (a move).</summary>
    public (string Address, DateTimeOffset? Since)? MovedTo { get; set; }

    public int CountedItems => OutboundItems + InboundItems + MeetingItems;

    public int IgnoredItems => _ignored.Sum() - _ignored[(int)IgnoredBecause.CoRecipient] - _ignored[(int)IgnoredBecause.FutureMeeting];

    public int IgnoredFor(IgnoredBecause reason) => _ignored[(int)reason];

    public void SeeName(string? name, DateTimeOffset at)
    {
        if (name is null)
        {
            return;
        }

        var ticks = at.UtcTicks;
        _names[name] = _names.TryGetValue(name, out var seen) ? (seen.Count + 1, Math.Max(seen.LastTicks, ticks)) : (1, ticks);
    }

    /// <summary>The most used name, the most recent on a tie.</summary>
    public string? BestName() =>
        _names.Count == 0 ? null : _names.MaxBy(n => (n.Value.Count, n.Value.LastTicks, n.Key)).Key;

    public void Record(Interaction item, ContactWeight contact)
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
        var point = new ContactPoint(item.OccurredAt, contact.Channel, item.ItemId, item.WebLink, item.Subject);
        LastAny = Later(LastAny, point);
        switch (contact.Channel)
        {
            case ContactChannel.EmailSent:
                OutboundItems++;
                LastOutbound = Later(LastOutbound, point);
                break;
            case ContactChannel.EmailReceived:
                InboundItems++;
                LastInbound = Later(LastInbound, point);
                break;
            default:
                MeetingItems++;
                LastMeeting = Later(LastMeeting, point);
                break;
        }
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
        Addresses.UnionWith(other.Addresses);
        Events.AddRange(other.Events);
        foreach (var (name, seen) in other._names)
        {
            _names[name] = _names.TryGetValue(name, out var mine) ? (mine.Count + seen.Count, Math.Max(mine.LastTicks, seen.LastTicks)) : seen;
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
        InboundItems += other.InboundItems;
        MeetingItems += other.MeetingItems;
        CompletedSuggestions += other.CompletedSuggestions;
        LastCompletedSuggestion = Max(LastCompletedSuggestion, other.LastCompletedSuggestion);
        SeenAsResource |= other.SeenAsResource;
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
