using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Scoring;

/// <summary>A display name as it came on the mail, with the address it came with: cleaned once, when the person is scored.</summary>
internal struct NameSighting
{
    public string Raw;
    public int Address;
    public int Count;
    public long LastTicks;
}

/// <summary>What few ledgers hold: completed suggestions and a move to a new address.</summary>
internal sealed class LedgerExtras
{
    public int CompletedSuggestions;
    public DateTimeOffset? LastCompletedSuggestion;
    public (string Address, DateTimeOffset? Since)? MovedTo;
}

[Flags]
internal enum LedgerFlags : byte
{
    None = 0,
    Seen = 1,
    HasNextMeeting = 2,
    SeenAsResource = 4,

    /// <summary>Merged into another ledger (the same human at a new address): no longer a person of its own.</summary>
    Absorbed = 8,

    /// <summary><see cref="ContactLedger.BestName"/> has been worked out (it may be null).</summary>
    NameKnown = 16,
}

/// <summary>
/// Everything seen about one person in one mailbox, gathered in one pass over the interactions: a value in the
/// <see cref="LedgerTable"/>, updated in place, with no objects of its own for the common case (one address, one
/// name, no ignored items). Ledgers of two identities can be merged (a person who moved) before they are scored.
/// </summary>
internal struct ContactLedger
{
    public string Key;

    /// <summary>The key's number in the address book, or <see cref="AddressBook.NotAnAddress"/> when the key is no address there.</summary>
    public int KeyAddress;

    /// <summary>Addresses besides the key, in the order first seen.</summary>
    public List<string>? MoreAddresses;

    public NameSighting FirstName;
    public List<NameSighting>? MoreNames;
    public EventChain Events;
    public int OutboundItems;

    /// <summary>Mail the owner sent with this person on To that counted as contact: the owner wrote to them, not just copied them.</summary>
    public int WrittenToItems;

    public int InboundItems;
    public int MeetingItems;

    /// <summary>Days of Teams chat counted (a chat counts once a day, at its last message).</summary>
    public int ChatItems;

    /// <summary>Teams calls counted; they are meetings too (<see cref="MeetingItems"/> includes them).</summary>
    public int CallItems;

    /// <summary>Earliest and latest time this identity appeared at all (counted or not): used to detect moves.</summary>
    public DateTimeOffset FirstSeen;
    public DateTimeOffset LastSeen;
    public DateTimeOffset NextMeeting;
    public LatestContact LastOutbound;
    public LatestContact LastInbound;
    public LatestContact LastMeeting;

    /// <summary>Items seen but not counted, by <see cref="IgnoredBecause"/> (co-recipients and future meetings are not kept).</summary>
    public int[]? Ignored;

    public LedgerExtras? Extras;
    public LedgerFlags Flags;
    private string? _bestName;

    public readonly int CountedItems => OutboundItems + InboundItems + MeetingItems + ChatItems;

    public readonly int CompletedSuggestions => Extras?.CompletedSuggestions ?? 0;

    public readonly DateTimeOffset? LastCompletedSuggestion => Extras?.LastCompletedSuggestion;

    public readonly (string Address, DateTimeOffset? Since)? MovedTo => Extras?.MovedTo;

    public readonly DateTimeOffset? FirstSeenAt => (Flags & LedgerFlags.Seen) != 0 ? FirstSeen : null;

    public readonly DateTimeOffset? LastSeenAt => (Flags & LedgerFlags.Seen) != 0 ? LastSeen : null;

    public readonly DateTimeOffset? NextMeetingAt => (Flags & LedgerFlags.HasNextMeeting) != 0 ? NextMeeting : null;

    public readonly bool SeenAsResource => (Flags & LedgerFlags.SeenAsResource) != 0;

    public readonly int IgnoredItems
    {
        get
        {
            var sum = 0;
            foreach (var count in Ignored ?? [])
            {
                sum += count;
            }

            return sum;
        }
    }

    public readonly int IgnoredFor(IgnoredBecause reason) => Ignored is { } ignored ? ignored[(int)reason] : 0;

    public void SeeAddress(string normalized, int number)
    {
        if (number == KeyAddress && number != AddressBook.NotAnAddress)
        {
            return;
        }

        if (string.Equals(Key, normalized, StringComparison.Ordinal))
        {
            return;
        }

        foreach (var known in MoreAddresses ?? [])
        {
            if (string.Equals(known, normalized, StringComparison.Ordinal))
            {
                return;
            }
        }

        (MoreAddresses ??= new(1)).Add(normalized);
    }

    /// <summary>Every address this person was seen with, the key first (unsorted).</summary>
    public readonly string[] Addresses()
    {
        var addresses = new string[1 + (MoreAddresses?.Count ?? 0)];
        addresses[0] = Key;
        MoreAddresses?.CopyTo(addresses, 1);
        return addresses;
    }

    public void SeeName(string raw, int address, long ticks) => AddSightings(raw, address, 1, ticks);

    /// <summary>The most used real name (the most recent on a tie), or null when the person never wrote under one.</summary>
    public string? BestName(AddressBook addresses)
    {
        if ((Flags & LedgerFlags.NameKnown) == 0)
        {
            _bestName = WorkOutBestName(addresses);
            Flags |= LedgerFlags.NameKnown;
        }

        return _bestName;
    }

    private readonly string? WorkOutBestName(AddressBook addresses)
    {
        if (FirstName.Raw is null)
        {
            return null;
        }

        // Names are cleaned here, per distinct spelling and address, rather than on every item; a name counts for every
        // spelling that cleans to it, in the order first seen, exactly as if each item had been cleaned as it came.
        var best = Clean(FirstName, addresses);
        if (MoreNames is null)
        {
            return best.Name;
        }

        var names = new List<(string Name, int Count, long LastTicks)>(MoreNames.Count + 1);
        Add(names, best);
        foreach (var sighting in MoreNames)
        {
            Add(names, Clean(sighting, addresses));
        }

        return names.Count == 0 ? null : names.MaxBy(n => (n.Count, n.LastTicks, n.Name)).Name;

        static void Add(List<(string Name, int Count, long LastTicks)> names, (string? Name, int Count, long LastTicks) name)
        {
            if (name.Name is null)
            {
                return;
            }

            var index = names.FindIndex(n => string.Equals(n.Name, name.Name, StringComparison.Ordinal));
            if (index >= 0)
            {
                names[index] = (name.Name, names[index].Count + name.Count, Math.Max(names[index].LastTicks, name.LastTicks));
            }
            else
            {
                names.Add((name.Name, name.Count, name.LastTicks));
            }
        }
    }

    public void Record(Interaction item, ContactWeight contact, bool writtenTo, ContactEventStore events)
    {
        var at = item.OccurredAt;
        if ((Flags & LedgerFlags.Seen) == 0)
        {
            FirstSeen = at;
            LastSeen = at;
            Flags |= LedgerFlags.Seen;
        }
        else
        {
            FirstSeen = at < FirstSeen ? at : FirstSeen;
            LastSeen = at > LastSeen ? at : LastSeen;
        }

        if (contact.Ignored == IgnoredBecause.FutureMeeting && ((Flags & LedgerFlags.HasNextMeeting) == 0 || at < NextMeeting))
        {
            NextMeeting = at;
            Flags |= LedgerFlags.HasNextMeeting;
        }

        if (contact.Ignored != IgnoredBecause.None)
        {
            if (contact.Ignored is not (IgnoredBecause.CoRecipient or IgnoredBecause.FutureMeeting))
            {
                (Ignored ??= new int[IgnoredReasons])[(int)contact.Ignored]++;
            }

            return;
        }

        events.Append(ref Events, new ContactEvent(at.UtcTicks, contact.Channel, (float)contact.Weight));
        switch (contact.Channel)
        {
            case ContactChannel.EmailSent:
                OutboundItems++;
                WrittenToItems += writtenTo ? 1 : 0;
                LastOutbound.Offer(item, contact.Channel);
                break;
            case ContactChannel.EmailReceived:
                InboundItems++;
                LastInbound.Offer(item, contact.Channel);
                break;
            case ContactChannel.TeamsChatSent:
                ChatItems++;
                LastOutbound.Offer(item, contact.Channel);
                break;
            case ContactChannel.TeamsChatReceived:
                ChatItems++;
                LastInbound.Offer(item, contact.Channel);
                break;
            default:
                MeetingItems++;
                CallItems += contact.Channel == ContactChannel.TeamsCall ? 1 : 0;
                LastMeeting.Offer(item, contact.Channel);
                break;
        }
    }

    /// <summary>A completed suggestion: the user reached out (we cannot see how), so the cadence restarts from here.</summary>
    public void RecordCompletedSuggestion(DateTimeOffset at, ContactEventStore events)
    {
        var extras = Extras ??= new LedgerExtras();
        extras.CompletedSuggestions++;
        events.Append(ref Events, new ContactEvent(at.UtcTicks, ContactChannel.Suggestion, (float)ContactWeighting.CompletedSuggestion));
        extras.LastCompletedSuggestion = Max(extras.LastCompletedSuggestion, at);
    }

    /// <summary>Folds another identity's history into this one (the other identity is the same human).</summary>
    public void Absorb(ref ContactLedger other, ContactEventStore events)
    {
        foreach (var address in other.Addresses())
        {
            SeeAddress(address, AddressBook.NotAnAddress);
        }

        // The other's events follow this one's, as a list appended to another would.
        var othersEvents = new ContactEvent[other.Events.Count];
        events.CopyTo(other.Events, othersEvents);
        foreach (var contact in othersEvents)
        {
            events.Append(ref Events, contact);
        }

        if (other.FirstName.Raw is { } raw)
        {
            AddSightings(raw, other.FirstName.Address, other.FirstName.Count, other.FirstName.LastTicks);
        }

        foreach (var sighting in other.MoreNames ?? [])
        {
            AddSightings(sighting.Raw, sighting.Address, sighting.Count, sighting.LastTicks);
        }

        if (other.Ignored is { } ignored)
        {
            var mine = Ignored ??= new int[IgnoredReasons];
            for (var i = 0; i < mine.Length; i++)
            {
                mine[i] += ignored[i];
            }
        }

        LastOutbound.Offer(other.LastOutbound);
        LastInbound.Offer(other.LastInbound);
        LastMeeting.Offer(other.LastMeeting);
        AbsorbTimes(other);
        OutboundItems += other.OutboundItems;
        WrittenToItems += other.WrittenToItems;
        InboundItems += other.InboundItems;
        MeetingItems += other.MeetingItems;
        ChatItems += other.ChatItems;
        CallItems += other.CallItems;
        if (other.Extras is { } theirs)
        {
            var extras = Extras ??= new LedgerExtras();
            extras.CompletedSuggestions += theirs.CompletedSuggestions;
            extras.LastCompletedSuggestion = Max(extras.LastCompletedSuggestion, theirs.LastCompletedSuggestion);
        }

        Flags = (Flags | (other.Flags & LedgerFlags.SeenAsResource)) & ~LedgerFlags.NameKnown;
        other.Flags |= LedgerFlags.Absorbed;
    }

    private const int IgnoredReasons = (int)IgnoredBecause.NotAddressed + 1;

    private void AddSightings(string raw, int address, int count, long lastTicks)
    {
        if (FirstName.Raw is null)
        {
            FirstName = new NameSighting { Raw = raw, Address = address, Count = count, LastTicks = lastTicks };
            return;
        }

        if (FirstName.Address == address && string.Equals(FirstName.Raw, raw, StringComparison.Ordinal))
        {
            FirstName.Count += count;
            FirstName.LastTicks = Math.Max(FirstName.LastTicks, lastTicks);
            return;
        }

        var more = MoreNames ??= new(1);
        for (var i = 0; i < more.Count; i++)
        {
            if (more[i].Address == address && string.Equals(more[i].Raw, raw, StringComparison.Ordinal))
            {
                more[i] = more[i] with { Count = more[i].Count + count, LastTicks = Math.Max(more[i].LastTicks, lastTicks) };
                return;
            }
        }

        more.Add(new NameSighting { Raw = raw, Address = address, Count = count, LastTicks = lastTicks });
    }

    private void AbsorbTimes(in ContactLedger other)
    {
        var next = Min(NextMeetingAt, other.NextMeetingAt);
        (NextMeeting, Flags) = next is { } n ? (n, Flags | LedgerFlags.HasNextMeeting) : (NextMeeting, Flags);
        var first = Min(FirstSeenAt, other.FirstSeenAt);
        var last = Max(LastSeenAt, other.LastSeenAt);
        if (first is { } f && last is { } l)
        {
            (FirstSeen, LastSeen) = (f, l);
            Flags |= LedgerFlags.Seen;
        }
    }

    private static (string? Name, int Count, long LastTicks) Clean(NameSighting sighting, AddressBook addresses) =>
        (DisplayNames.RealName(sighting.Raw, addresses[sighting.Address]), sighting.Count, sighting.LastTicks);

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
