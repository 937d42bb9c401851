using System.Runtime.InteropServices;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Scoring;

/// <summary>Which running sum of the strength score a contact adds to.</summary>
internal enum ContactSide
{
    /// <summary>Mail the owner sent, and completed suggestions.</summary>
    Sent,
    Received,

    /// <summary>Held meetings and Teams calls.</summary>
    Meeting,

    /// <summary>Teams chats: two-way like a meeting, and counted apart too.</summary>
    Chat,
}

/// <summary>
/// One weighted contact on the timeline, in twelve bytes: the strength score needs its time, its weight and which
/// sum it adds to, and the side fits in the two top bits of the time (ticks never reach 2⁶²). Events sort by time
/// (as a value comparable to itself, a sort compares them inline rather than through a delegate).
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly struct ContactEvent(long ticks, ContactChannel channel, float weight) : IComparable<ContactEvent>
{
    private const int SideShift = 62;
    private const long TicksMask = (1L << SideShift) - 1;

    private readonly long _ticksAndSide = ticks | ((long)SideOf(channel) << SideShift);

    public long Ticks => _ticksAndSide & TicksMask;

    public ContactSide Side => (ContactSide)((ulong)_ticksAndSide >> SideShift);

    public float Weight { get; } = weight;

    public int CompareTo(ContactEvent other) => Ticks.CompareTo(other.Ticks);

    private static ContactSide SideOf(ContactChannel channel) => channel switch
    {
        ContactChannel.EmailReceived => ContactSide.Received,
        ContactChannel.Meeting or ContactChannel.TeamsCall => ContactSide.Meeting,
        ContactChannel.TeamsChatSent or ContactChannel.TeamsChatReceived => ContactSide.Chat,
        _ => ContactSide.Sent,
    };
}

/// <summary>Where one person's events are in the <see cref="ContactEventStore"/>: a chain of blocks, in the order they were added.</summary>
internal struct EventChain
{
    public int First;
    public int Last;
    public int Count;
}

/// <summary>
/// Every person's contact events in one store: blocks of four events, chained per person, cut from shared chunks of
/// 48 KiB. A person with one event costs one block rather than a list of their own, and the store grows by adding
/// chunks, never by copying what it holds.
/// </summary>
internal sealed class ContactEventStore
{
    private const int BlockShift = 2;
    private const int BlockSize = 1 << BlockShift;
    private const int ChunkShift = 12;
    private const int ChunkEvents = 1 << ChunkShift;
    private const int ChunkBlocks = ChunkEvents >> BlockShift;

    private readonly List<ContactEvent[]> _chunks = [];
    private readonly List<int[]> _nextBlock = [];
    private int _blocks;

    /// <summary>Adds an event at the end of a person's chain.</summary>
    public void Append(ref EventChain chain, ContactEvent contact)
    {
        var offset = chain.Count & (BlockSize - 1);
        if (offset == 0)
        {
            var block = NewBlock();
            if (chain.Count == 0)
            {
                chain.First = block;
            }
            else
            {
                _nextBlock[chain.Last >> (ChunkShift - BlockShift)][chain.Last & (ChunkBlocks - 1)] = block;
            }

            chain.Last = block;
        }

        var slot = (chain.Last << BlockShift) + offset;
        _chunks[slot >> ChunkShift][slot & (ChunkEvents - 1)] = contact;
        chain.Count++;
    }

    /// <summary>Reads the slot a chain's next event goes to, so that it is in the cache when the event comes (zero for an empty chain).</summary>
    public int Load(in EventChain chain)
    {
        if (chain.Count == 0 || (chain.Count & (BlockSize - 1)) == 0)
        {
            return 0;
        }

        var slot = (chain.Last << BlockShift) + (chain.Count & (BlockSize - 1));
        return (int)_chunks[slot >> ChunkShift][slot & (ChunkEvents - 1)].Weight;
    }

    /// <summary>Copies a person's events, in the order they were added, to the start of <paramref name="destination"/>.</summary>
    public void CopyTo(in EventChain chain, Span<ContactEvent> destination)
    {
        var block = chain.First;
        for (var copied = 0; copied < chain.Count;)
        {
            var slot = block << BlockShift;
            var chunk = _chunks[slot >> ChunkShift];
            var offset = slot & (ChunkEvents - 1);
            for (var end = Math.Min(copied + BlockSize, chain.Count); copied < end; copied++, offset++)
            {
                destination[copied] = chunk[offset];
            }

            block = _nextBlock[block >> (ChunkShift - BlockShift)][block & (ChunkBlocks - 1)];
        }
    }

    private int NewBlock()
    {
        if ((_blocks & (ChunkBlocks - 1)) == 0)
        {
            _chunks.Add(new ContactEvent[ChunkEvents]);
            _nextBlock.Add(new int[ChunkBlocks]);
        }

        return _blocks++;
    }
}
