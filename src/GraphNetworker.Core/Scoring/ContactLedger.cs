using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Scoring;

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

    public NameSighting FirstName;
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

    /// <summary>The latest contact on each side: the person's assessment reads them from here.</summary>
    public ContactSides Contacts;

    /// <summary>Items seen but not counted, by <see cref="IgnoredBecause"/> (co-recipients and future meetings are not kept).</summary>
    public int[]? Ignored;

    public LedgerExtras? Extras;

    // Earliest and latest time this identity appeared at all (counted or not), and the next meeting: as UTC ticks and offsets.
    private long _firstSeen;
    private long _lastSeen;
    private long _nextMeeting;
    private short _firstSeenOffset;
    private short _lastSeenOffset;
    private short _nextMeetingOffset;

    public LedgerFlags Flags;

    public readonly int CountedItems => OutboundItems + InboundItems + MeetingItems + ChatItems;

    public readonly int CompletedSuggestions => Extras?.CompletedSuggestions ?? 0;

    public readonly DateTimeOffset? LastCompletedSuggestion => Extras?.LastCompletedSuggestion;

    public readonly (string Address, DateTimeOffset? Since)? MovedTo => Extras?.MovedTo;

    /// <summary>Earliest and latest time this identity appeared at all (counted or not): used to detect moves.</summary>
    public readonly DateTimeOffset? FirstSeenAt => (Flags & LedgerFlags.Seen) != 0 ? Instants.Of(_firstSeen, _firstSeenOffset) : null;

    public readonly DateTimeOffset? LastSeenAt => (Flags & LedgerFlags.Seen) != 0 ? Instants.Of(_lastSeen, _lastSeenOffset) : null;

    public readonly DateTimeOffset? NextMeetingAt => (Flags & LedgerFlags.HasNextMeeting) != 0 ? Instants.Of(_nextMeeting, _nextMeetingOffset) : null;

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

        foreach (var known in Extras?.MoreAddresses ?? [])
        {
            if (string.Equals(known, normalized, StringComparison.Ordinal))
            {
                return;
            }
        }

        ((Extras ??= new LedgerExtras()).MoreAddresses ??= new(1)).Add(normalized);
    }

    /// <summary>Every address this person was seen with, the key first (unsorted).</summary>
    public readonly string[] Addresses()
    {
        var more = Extras?.MoreAddresses;
        var addresses = new string[1 + (more?.Count ?? 0)];
        addresses[0] = Key;
        more?.CopyTo(addresses, 1);
        return addresses;
    }

    /// <summary>A name the person wrote under, with its fingerprint and the number of the address it came with in <paramref name="book"/>.</summary>
    public void SeeName(string raw, ulong print, int address, long ticks, AddressBook book)
    {
        if (FirstName.Count == 0)
        {
            FirstName = new NameSighting { Name = DisplayNames.RealName(raw, book[address]), Print = print, Address = address, Count = 1, LastTicks = ticks };
            return;
        }

        AddSightings(new NameSighting { Print = print, Address = address, Count = 1, LastTicks = ticks }, raw, book);
    }

    /// <summary>The most used real name (the most recent on a tie), or null when the person never wrote under one.</summary>
    public readonly string? BestName()
    {
        if (Extras?.MoreNames is not { } moreNames)
        {
            return FirstName.Name;
        }

        // Each spelling was cleaned once, when first seen with its address; a name counts for every spelling that cleans
        // to it, in the order first seen, exactly as if each item had been cleaned as it came.
        var names = new List<(string Name, int Count, long LastTicks)>(moreNames.Count + 1);
        Add(names, (FirstName.Name, FirstName.Count, FirstName.LastTicks));
        foreach (var sighting in moreNames)
        {
            Add(names, (sighting.Name, sighting.Count, sighting.LastTicks));
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

    /// <summary>Counts one item, and offers it as the latest contact on its side.</summary>
    public void Record(Interaction item, ContactWeight contact, bool writtenTo, ContactEventStore events, ContactTexts texts)
    {
        var at = item.OccurredAt;
        var ticks = at.UtcTicks;
        var seen = (Flags & LedgerFlags.Seen) != 0;
        if (!seen || ticks < _firstSeen)
        {
            (_firstSeen, _firstSeenOffset) = (ticks, Instants.OffsetOf(at));
        }

        if (!seen || ticks > _lastSeen)
        {
            (_lastSeen, _lastSeenOffset) = (ticks, Instants.OffsetOf(at));
        }

        Flags |= LedgerFlags.Seen;
        if (contact.Ignored == IgnoredBecause.FutureMeeting && ((Flags & LedgerFlags.HasNextMeeting) == 0 || ticks < _nextMeeting))
        {
            (_nextMeeting, _nextMeetingOffset) = (ticks, Instants.OffsetOf(at));
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

        events.Append(ref Events, new ContactEvent(ticks, contact.Channel, (float)contact.Weight));
        switch (contact.Channel)
        {
            case ContactChannel.EmailSent:
                OutboundItems++;
                WrittenToItems += writtenTo ? 1 : 0;
                Contacts.Outbound.Offer(item, contact.Channel, texts);
                break;
            case ContactChannel.EmailReceived:
                InboundItems++;
                Contacts.Inbound.Offer(item, contact.Channel, texts);
                break;
            case ContactChannel.TeamsChatSent:
                ChatItems++;
                Contacts.Outbound.Offer(item, contact.Channel, texts);
                break;
            case ContactChannel.TeamsChatReceived:
                ChatItems++;
                Contacts.Inbound.Offer(item, contact.Channel, texts);
                break;
            default:
                MeetingItems++;
                CallItems += contact.Channel == ContactChannel.TeamsCall ? 1 : 0;
                Contacts.Meeting.Offer(item, contact.Channel, texts);
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
    public void Absorb(ref ContactLedger other, ContactEventStore events, ContactTexts texts)
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

        if (other.FirstName.Count > 0)
        {
            AddSightings(other.FirstName, raw: null, book: null);
        }

        foreach (var sighting in other.Extras?.MoreNames ?? [])
        {
            AddSightings(sighting, raw: null, book: null);
        }

        if (other.Ignored is { } ignored)
        {
            var mine = Ignored ??= new int[IgnoredReasons];
            for (var i = 0; i < mine.Length; i++)
            {
                mine[i] += ignored[i];
            }
        }

        Contacts.Offer(other.Contacts, texts);
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

        Flags |= other.Flags & LedgerFlags.SeenAsResource;
        other.Flags |= LedgerFlags.Absorbed;
    }

    private const int IgnoredReasons = (int)IgnoredBecause.NotAddressed + 1;

    /// <summary>
    /// Counts sightings of a spelling: onto the kept one with the same fingerprint and address, else as a new one, whose
    /// name is <paramref name="raw"/> cleaned against its address in <paramref name="book"/> (when given raw) or the
    /// sighting's own, already cleaned (another ledger's, merged).
    /// </summary>
    private void AddSightings(NameSighting seen, string? raw, AddressBook? book)
    {
        if (FirstName.Count == 0)
        {
            FirstName = Named(seen, raw, book);
            return;
        }

        if (FirstName.Address == seen.Address && FirstName.Print == seen.Print)
        {
            FirstName.Count += seen.Count;
            FirstName.LastTicks = Math.Max(FirstName.LastTicks, seen.LastTicks);
            return;
        }

        var more = (Extras ??= new LedgerExtras()).MoreNames ??= new(1);
        for (var i = 0; i < more.Count; i++)
        {
            if (more[i].Address == seen.Address && more[i].Print == seen.Print)
            {
                more[i] = more[i] with { Count = more[i].Count + seen.Count, LastTicks = Math.Max(more[i].LastTicks, seen.LastTicks) };
                return;
            }
        }

        more.Add(Named(seen, raw, book));

        static NameSighting Named(NameSighting seen, string? raw, AddressBook? book) =>
            raw is null ? seen : seen with { Name = DisplayNames.RealName(raw, book![seen.Address]) };
    }

    private void AbsorbTimes(in ContactLedger other)
    {
        if (Min(NextMeetingAt, other.NextMeetingAt) is { } next)
        {
            (_nextMeeting, _nextMeetingOffset) = (next.UtcTicks, Instants.OffsetOf(next));
            Flags |= LedgerFlags.HasNextMeeting;
        }

        if (Min(FirstSeenAt, other.FirstSeenAt) is { } first && Max(LastSeenAt, other.LastSeenAt) is { } last)
        {
            (_firstSeen, _firstSeenOffset) = (first.UtcTicks, Instants.OffsetOf(first));
            (_lastSeen, _lastSeenOffset) = (last.UtcTicks, Instants.OffsetOf(last));
            Flags |= LedgerFlags.Seen;
        }
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
