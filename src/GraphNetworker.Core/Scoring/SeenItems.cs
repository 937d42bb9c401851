using System.IO.Hashing;
using System.Runtime.InteropServices;

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
    private ulong _loaded;

    /// <param name="expected">How many items are coming, when the caller knows: the table is sized once for them.</param>
    public SeenItems(int expected = 0) => _slots = new ulong[SlotsFor(Math.Max(expected, 256))];

    /// <summary>
    /// A 64-bit XXH3 hash of an id, seeded by its kind: Graph's item ids run to about 150 characters, which XXH3 reads
    /// sixteen bytes at a time where FNV-1a took a dependent multiply per character.
    /// </summary>
    public static ulong Fingerprint(char kind, string id) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(id.AsSpan()), kind);

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

    /// <summary>
    /// Loads the slots of these fingerprints into the cache, one after another: the loads do not wait on each other, so
    /// their misses overlap, and the <see cref="Add"/> calls that follow find their slots at hand.
    /// </summary>
    public void Load(ReadOnlySpan<ulong> fingerprints)
    {
        var slots = _slots;
        var sink = 0UL;
        foreach (var fingerprint in fingerprints)
        {
            sink ^= slots[IndexOf(fingerprint, slots.Length)];
        }

        _loaded = sink;
    }

    // About 1.4 slots an item, never fewer than asked for.
    private static int SlotsFor(int items) => (int)Math.Min(Array.MaxLength, (items * 4L / 3) + 1);

    private static bool TryInsert(ulong[] slots, ulong fingerprint)
    {
        // The fingerprint's high bits, mixed, pick the slot: (h × n) >> 64 maps it onto any table size without a division.
        var index = IndexOf(fingerprint, slots.Length);
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

    private static int IndexOf(ulong fingerprint, int slots) => (int)Math.BigMul(fingerprint * 0x9E3779B97F4A7C15UL, (ulong)slots, out _);

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
