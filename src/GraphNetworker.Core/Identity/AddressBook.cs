using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace GraphNetworker.Core.Identity;

/// <summary>
/// Every spelling of an address seen in one mailbox, interned: each raw text is normalised once, and all spellings of
/// one address share one dense number and one normalised string. A mailbox repeats a few thousand spellings across a
/// million items, so after the first sight of each, an item's addresses cost one lookup apiece: a 64-bit fingerprint of
/// the text, and one probe of an open-addressed table of sixteen-byte slots (no string compared, no entry object read).
/// </summary>
/// <remarks>
/// Spellings are told apart by their fingerprints alone: XXH3 seeded at random per book, so nobody can choose an address
/// whose fingerprint matches another's, and two different spellings in one mailbox share one with odds of about n²/2⁶⁵
/// (one in 3.7 billion for a mailbox of 100,000 spellings), as for the items counted (<see cref="Scoring.SeenItems"/>).
/// </remarks>
internal sealed class AddressBook
{
    /// <summary>The number given to text that is not an address at all.</summary>
    public const int NotAnAddress = -1;

    // Keys are raw spellings and normalised addresses alike, and each maps to the number of its normalised form (with
    // the tag of that address, once seen through this spelling). A normalised address is a key here only when
    // normalising it again gives itself (nearly always); the rare one that does not is kept apart, so a raw text that
    // happens to look like it still maps to its own normal form.
    private readonly long _seed = Random.Shared.NextInt64();
    private Slot[] _slots = new Slot[256];
    private int _used;
    private ulong _loaded;
    private Dictionary<string, int>? _unstable;
    private string[] _normalized = new string[64];
    private int[] _tags = new int[64];

    // The store's numbered correspondents (an address and a name each), by number: what is known of each, side by side
    // so that one cache line holds both. Wanted only while the items go by, so rented, and given back then.
    private Correspondent[] _correspondents = [];

    // The previous raw text, compared by reference: the owner's own address object recurs on nearly every item.
    private string? _lastRaw;
    private int _lastNumber;
    private int _lastTag;

    public int Count { get; private set; }

    /// <summary>The normalised address behind a number.</summary>
    public string this[int number] => _normalized[number];

    /// <summary>The number of the address a raw spelling normalises to, or <see cref="NotAnAddress"/>.</summary>
    public int NumberOf(string raw) => NumberOf(raw, out _);

    /// <summary>
    /// The same, with the tag attached to the address (zero when none): the spelling's slot keeps a copy of it, so the
    /// item after the first finds both in one probe.
    /// </summary>
    public int NumberOf(string raw, out int tag)
    {
        if (ReferenceEquals(raw, _lastRaw) && _lastTag != 0)
        {
            tag = _lastTag;
            return _lastNumber;
        }

        return NumberOf(raw, Fingerprint(raw), out tag);
    }

    /// <summary>The same, for a spelling whose <see cref="Fingerprint"/> the caller already took.</summary>
    public int NumberOf(string raw, ulong fingerprint, out int tag)
    {
        if (ReferenceEquals(raw, _lastRaw) && _lastTag != 0)
        {
            tag = _lastTag;
            return _lastNumber;
        }

        ref var slot = ref SlotOf(fingerprint);
        if (slot.Fingerprint == 0)
        {
            var number = Intern(raw);

            // Interning may have grown the table: find the spelling's slot again.
            slot = ref SlotOf(fingerprint);
            if (slot.Fingerprint == 0)
            {
                slot = new Slot(fingerprint, number, 0);
                Used();
                slot = ref SlotOf(fingerprint);
            }
        }

        if (slot.Tag == 0 && slot.Number >= 0 && _tags[slot.Number] != 0)
        {
            slot.Tag = _tags[slot.Number];
        }

        (_lastRaw, _lastNumber, _lastTag, tag) = (raw, slot.Number, slot.Tag, slot.Tag);
        return slot.Number;
    }

    /// <summary>True when the participant's correspondent is known already: its address needs no fingerprint.</summary>
    public bool Knows(int correspondent) =>
        (uint)correspondent < (uint)_correspondents.Length && _correspondents[correspondent].AddressPlusTwo != 0;

    /// <summary>
    /// The number of a participant's address, with its tag (see <see cref="NumberOf(string, ulong, out int)"/>): for a
    /// correspondent seen before, by its number alone, no text read; else by the address's <paramref name="fingerprint"/>
    /// (zero when the caller took none), and the correspondent remembered.
    /// </summary>
    public int NumberOf(string raw, int correspondent, ulong fingerprint, out int tag)
    {
        if (Knows(correspondent))
        {
            var known = _correspondents[correspondent].AddressPlusTwo - 2;
            tag = known >= 0 ? _tags[known] : 0;
            return known;
        }

        var number = NumberOf(raw, fingerprint == 0 ? Fingerprint(raw) : fingerprint, out tag);
        if (correspondent <= 0)
        {
            return number;
        }

        Room(correspondent);
        _correspondents[correspondent].AddressPlusTwo = number + 2;
        return number;
    }

    /// <summary>The fingerprint of a participant's name: taken once per correspondent, for one given a number.</summary>
    public ulong NameFingerprint(string name, int correspondent)
    {
        if (correspondent <= 0)
        {
            return Fingerprint(name);
        }

        Room(correspondent);
        ref var print = ref _correspondents[correspondent].NamePrint;
        if (print == 0)
        {
            print = Fingerprint(name);
        }

        return print;
    }

    /// <summary>Gives back what was rented for correspondents: call once the items are all counted.</summary>
    public void ForgetCorrespondents()
    {
        if (_correspondents.Length > 0)
        {
            ArrayPool<Correspondent>.Shared.Return(_correspondents);
        }

        _correspondents = [];
    }

    /// <summary>Makes room for correspondent number <paramref name="number"/>: a larger array rented, the rest of it cleared.</summary>
    private void Room(int number)
    {
        if (number < _correspondents.Length)
        {
            return;
        }

        var larger = ArrayPool<Correspondent>.Shared.Rent(Math.Max(number + 1, Math.Max(256, _correspondents.Length * 2)));
        _correspondents.CopyTo(larger, 0);
        larger.AsSpan(_correspondents.Length).Clear();
        ForgetCorrespondents();
        _correspondents = larger;
    }

    /// <summary>A correspondent's address number plus two (zero: not seen yet) and its name's fingerprint (zero: not taken yet).</summary>
    private struct Correspondent
    {
        public int AddressPlusTwo;
        public ulong NamePrint;
    }

    /// <summary>Attaches a tag (any number but zero) to an address, for all its spellings.</summary>
    public void Tag(int number, int tag) => _tags[number] = tag;

    /// <summary>The number of an exact normalised address already in the book, or <see cref="NotAnAddress"/>.</summary>
    public int Find(string normalized)
    {
        var slot = SlotOf(Fingerprint(normalized));
        if (slot.Fingerprint != 0 && slot.Number >= 0 && string.Equals(_normalized[slot.Number], normalized, StringComparison.Ordinal))
        {
            return slot.Number;
        }

        return _unstable is not null && _unstable.TryGetValue(normalized, out var number) ? number : NotAnAddress;
    }

    private int Intern(string raw)
    {
        var normalized = Addresses.Normalize(raw);
        var number = normalized is null ? NotAnAddress : Find(normalized);
        if (normalized is not null && number == NotAnAddress)
        {
            number = Count++;
            if (number == _normalized.Length)
            {
                Array.Resize(ref _normalized, number * 2);
                Array.Resize(ref _tags, number * 2);
            }

            _normalized[number] = normalized;
            if (ReferenceEquals(normalized, raw) || string.Equals(Addresses.Normalize(normalized), normalized, StringComparison.Ordinal))
            {
                var fingerprint = Fingerprint(normalized);
                ref var slot = ref SlotOf(fingerprint);
                if (slot.Fingerprint == 0)
                {
                    slot = new Slot(fingerprint, number, 0);
                    Used();
                }
            }
            else
            {
                (_unstable ??= new(StringComparer.Ordinal))[normalized] = number;
            }
        }

        return number;
    }

    /// <summary>
    /// Loads the slots of these fingerprints into the cache, one after another: the loads do not wait on each other, so
    /// their misses overlap, and the lookups that follow find their slots at hand.
    /// </summary>
    public void Load(ReadOnlySpan<ulong> fingerprints)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        var sink = 0UL;
        foreach (var fingerprint in fingerprints)
        {
            sink ^= slots[(int)(fingerprint >> 32) & mask].Fingerprint;
        }

        _loaded = sink;
    }

    /// <summary>The spelling's fingerprint: the key it is found by.</summary>
    public ulong Fingerprint(string text)
    {
        // Zero marks an empty slot, so no fingerprint is zero.
        var fingerprint = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text.AsSpan()), _seed);
        return fingerprint == 0 ? 1 : fingerprint;
    }

    /// <summary>The slot holding a fingerprint, or the empty slot where it would go (linear probing, the table at most half full).</summary>
    private ref Slot SlotOf(ulong fingerprint)
    {
        var mask = _slots.Length - 1;
        var index = (int)(fingerprint >> 32) & mask;
        while (true)
        {
            ref var slot = ref _slots[index];
            if (slot.Fingerprint == fingerprint || slot.Fingerprint == 0)
            {
                return ref slot;
            }

            index = (index + 1) & mask;
        }
    }

    private void Used()
    {
        if (++_used * 2 <= _slots.Length)
        {
            return;
        }

        var old = _slots;
        _slots = new Slot[old.Length * 2];
        foreach (var slot in old)
        {
            if (slot.Fingerprint != 0)
            {
                SlotOf(slot.Fingerprint) = slot;
            }
        }
    }

    /// <summary>One spelling: its fingerprint, its address's number and the tag last seen through it.</summary>
    private struct Slot(ulong fingerprint, int number, int tag)
    {
        public readonly ulong Fingerprint = fingerprint;
        public readonly int Number = number;
        public int Tag = tag;
    }
}
