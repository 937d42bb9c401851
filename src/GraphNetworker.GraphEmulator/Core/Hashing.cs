namespace GraphNetworker.GraphEmulator.Core;

/// <summary>Small, fast, stable hashing (SplitMix64) for deterministic ids and synthetic data.</summary>
internal static class Hashing
{
    public static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    public static ulong Mix(ulong a, ulong b, ulong c = 0, ulong d = 0) =>
        SplitMix(SplitMix(SplitMix(SplitMix(a) ^ b) ^ c) ^ d);

    /// <summary>A stable 64-bit hash of a string (FNV-1a folded through SplitMix); not for security.</summary>
    public static ulong Of(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var ch in text)
        {
            h ^= ch;
            h *= 1099511628211UL;
        }

        return SplitMix(h);
    }

    /// <summary>A deterministic Random for (seed, parts): the same parts always give the same sequence.</summary>
    public static Random Random(ulong seed, params ReadOnlySpan<ulong> parts)
    {
        var h = SplitMix(seed);
        foreach (var p in parts)
        {
            h = SplitMix(h ^ p);
        }

        return new Random((int)(h ^ (h >> 32)));
    }
}
