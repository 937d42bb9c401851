namespace GraphNetworker.Core.Model;

/// <summary>
/// A 64-bit hash that is the same in every process, on every machine and in every release (<see cref="string.GetHashCode()"/>
/// is randomised per process): how long ids are compared and stored compactly. FNV-1a over the UTF-16 code units,
/// finished with SplitMix64's avalanche so that ids differing in one character differ in about half the bits. Two
/// different ids share a key with odds of about n² / 2⁶⁵ among n ids (one in 37 million for a million).
/// </summary>
public static class StableHash
{
    public static long Of(ReadOnlySpan<char> text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (long)Finish(hash ^ (ulong)text.Length);
    }

    /// <summary>SplitMix64's finaliser: every input bit affects every output bit.</summary>
    private static ulong Finish(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
