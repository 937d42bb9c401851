using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Scoring;

/// <summary>
/// A person's place in the order of their keys, for sorting an evaluation's assessments: the key's first twelve UTF-16
/// characters packed four to a number, so that comparing the numbers orders keys as an ordinal comparison of the
/// texts would, without reading them. Only keys whose first twelve characters are the same are compared in full.
/// </summary>
internal readonly struct KeyOrder(string key, int index)
{
    private const int CharsPerNumber = 4;

    private readonly ulong _first = Pack(key, 0);
    private readonly ulong _second = Pack(key, CharsPerNumber);
    private readonly ulong _third = Pack(key, 2 * CharsPerNumber);

    /// <summary>Where the assessment is in the list being sorted.</summary>
    public int Index { get; } = index;

    /// <summary>
    /// Puts <paramref name="assessments"/> in the order <paramref name="sorted"/> gives (each entry naming the assessment
    /// that belongs at its place), in place, by following each cycle of the permutation once.
    /// </summary>
    public static void Arrange(RelationshipAssessment[] assessments, Span<KeyOrder> sorted)
    {
        for (var start = 0; start < sorted.Length; start++)
        {
            if (sorted[start].Index < 0)
            {
                continue;
            }

            var held = assessments[start];
            var place = start;
            while (true)
            {
                var from = sorted[place].Index;
                sorted[place] = Done;
                if (from == start)
                {
                    assessments[place] = held;
                    break;
                }

                assessments[place] = assessments[from];
                place = from;
            }
        }
    }

    private static readonly KeyOrder Done = new(string.Empty, -1);

    /// <summary>
    /// Four characters from <paramref name="start"/>, the first in the high bits; past the end, zero. Where two keys first
    /// differ inside the packed characters, the numbers differ the same way; a key that ends first packs as zeros, which
    /// ties with a key going on with zero characters, and a tie is settled by the texts.
    /// </summary>
    private static ulong Pack(string key, int start)
    {
        var packed = 0UL;
        for (var i = start; i < start + CharsPerNumber; i++)
        {
            packed = (packed << 16) | (i < key.Length ? key[i] : 0UL);
        }

        return packed;
    }

    /// <summary>Orders by the packed characters, then by the keys of the assessments named (read only on a tie).</summary>
    public readonly struct Comparer(RelationshipAssessment[] assessments) : IComparer<KeyOrder>
    {
        public int Compare(KeyOrder x, KeyOrder y) =>
            x._first != y._first ? x._first.CompareTo(y._first)
            : x._second != y._second ? x._second.CompareTo(y._second)
            : x._third != y._third ? x._third.CompareTo(y._third)
            : string.CompareOrdinal(assessments[x.Index].PersonKey, assessments[y.Index].PersonKey);
    }
}
