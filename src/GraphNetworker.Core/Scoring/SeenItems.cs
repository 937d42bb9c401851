namespace GraphNetworker.Core.Scoring;

/// <summary>
/// The items already counted, as 64-bit fingerprints in one open-addressed table: eight bytes an item and no
/// per-entry object, so a million ids take about twelve megabytes and a lookup touches one cache line. Two different
/// ids collide with odds of about n²/2⁶⁵ (1 in 37 million for a million items).
/// </summary>
internal sealed class SeenItems
{
    // Zero marks an empty slot, so the fingerprint zero is remembered apart.
    private ulong[] _slots;
    private int _count;
    private bool _hasZero;

    /// <param name="expected">How many items are coming, when the caller knows: the table is sized once for them.</param>
    public SeenItems(int expected = 0) => _slots = new ulong[SlotsFor(Math.Max(expected, 256))];

    /// <summary>A stable 64-bit FNV-1a hash of a kind-tagged id.</summary>
    public static ulong Fingerprint(char kind, string id)
    {
        var hash = 14695981039346656037UL ^ kind;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>Remembers a fingerprint; false when it was already there.</summary>
    public bool Add(ulong fingerprint)
    {
        if (fingerprint == 0)
        {
            var first = !_hasZero;
            _hasZero = true;
            return first;
        }

        if (!TryInsert(_slots, fingerprint))
        {
            return false;
        }

        // Three quarters full at most: linear probing stays short.
        if (++_count * 4L > _slots.Length * 3L)
        {
            Grow();
        }

        return true;
    }

    // About 1.4 slots an item, never fewer than asked for.
    private static int SlotsFor(int items) => (int)Math.Min(Array.MaxLength, (items * 4L / 3) + 1);

    private static bool TryInsert(ulong[] slots, ulong fingerprint)
    {
        // The fingerprint's high bits, mixed, pick the slot: (h × n) >> 64 maps it onto any table size without a division.
        var index = (int)Math.BigMul(fingerprint * 0x9E3779B97F4A7C15UL, (ulong)slots.Length, out _);
        while (true)
        {
            var slot = slots[index];
            if (slot == 0)
            {
                slots[index] = fingerprint;
                return true;
            }

            if (slot == fingerprint)
            {
                return false;
            }

            index = index + 1 == slots.Length ? 0 : index + 1;
        }
    }

    private void Grow()
    {
        var larger = new ulong[(int)Math.Min(Array.MaxLength, _slots.Length * 2L)];
        foreach (var fingerprint in _slots)
        {
            if (fingerprint != 0)
            {
                TryInsert(larger, fingerprint);
            }
        }

        _slots = larger;
    }
}
