using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Scoring;

/// <summary>One weighted contact on the timeline.</summary>
internal readonly record struct ContactEvent(long Ticks, ContactChannel Channel, float Weight);

/// <summary>Where one person's events are in the <see cref="ContactEventStore"/>: a chain of blocks, in the order they were added.</summary>
internal struct EventChain
{
    public int First;
    public int Last;
    public int Count;
}

/// <summary>
/// Every person's contact events in one store: blocks of four events, chained per person, cut from shared chunks of
/// 64 KiB. A person with one event costs one block rather than a list of their own, and the store grows by adding
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

    /// <summary>Copies a person's events, in the order they were added, to the start of <paramref name="destination"/>.</summary>
    public void CopyTo(in EventChain chain, Span<ContactEvent> destination)
    {
        var block = chain.First;
        for (var copied = 0; copied < chain.Count; copied += BlockSize)
        {
            var slot = block << BlockShift;
            var length = Math.Min(BlockSize, chain.Count - copied);
            _chunks[slot >> ChunkShift].AsSpan(slot & (ChunkEvents - 1), length).CopyTo(destination[copied..]);
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
