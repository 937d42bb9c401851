using System.Buffers.Binary;

namespace GraphNetworker.GraphEmulator.Core;

/// <summary>What an opaque id names; encoded in the id so lazily generated items can be found again.</summary>
internal enum IdKind : byte
{
    Message = 1,
    Folder = 2,
    Event = 3,
    TodoList = 4,
    TodoTask = 5,
    LinkedResource = 6,
    ChecklistItem = 7,
    Conversation = 8,
    LazyMessage = 20,
    LazyEvent = 21,
    Occurrence = 30,
}

/// <summary>
/// Creates Outlook-like ids: base64url text that always contains <c>-</c> and <c>_</c> and ends in <c>=</c>,
/// so clients that forget to URL-encode ids or compare them case-insensitively fail against the emulator
/// the way they would against Graph. Ids are derived from a seed and a counter, so a run is reproducible.
/// </summary>
internal sealed class OpaqueIds
{
    private const int PayloadOffset = 9;
    private const int Length = 41; // 41 bytes encode to 56 characters with exactly one '=' of padding.
    private static readonly byte[] Header = [0x00, 0x03, 0x24, 0x00];
    private static readonly byte[] Marker = [0xFB, 0xFF, 0xBF]; // encodes to "-_-_"

    private readonly ulong _seed;
    private long _counter;

    public OpaqueIds(ulong seed) => _seed = seed;

    /// <summary>A fresh id, unique within this emulator state.</summary>
    public string Next(IdKind kind)
    {
        var n = (ulong)Interlocked.Increment(ref _counter);
        return FromHash(kind, _seed, n);
    }

    /// <summary>A deterministic id for (kind, seed, a, b): the same inputs always give the same id.</summary>
    public static string FromHash(IdKind kind, ulong seed, ulong a, ulong b = 0)
    {
        Span<byte> bytes = stackalloc byte[Length];
        WriteFrame(bytes, kind);
        var h = Hashing.Mix(seed, a, b, (ulong)kind);
        Span<byte> tmp = stackalloc byte[8];
        for (var i = PayloadOffset; i < Length; i += 8)
        {
            h = Hashing.SplitMix(h);
            var chunk = Math.Min(8, Length - i);
            BinaryPrimitives.WriteUInt64LittleEndian(tmp, h);
            tmp[..chunk].CopyTo(bytes[i..]);
        }

        return Encode(bytes);
    }

    /// <summary>An id that carries small integers (for lazily generated items), padded with a hash.</summary>
    public static string FromInts(IdKind kind, ulong seed, int mailbox, int collection, int index)
    {
        Span<byte> bytes = stackalloc byte[Length];
        WriteFrame(bytes, kind);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[PayloadOffset..], mailbox);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[(PayloadOffset + 4)..], collection);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[(PayloadOffset + 8)..], index);
        var check = Hashing.Mix(seed, (ulong)mailbox, (ulong)collection, (ulong)index);
        Span<byte> tmp = stackalloc byte[8];
        for (var i = PayloadOffset + 12; i < Length; i += 8)
        {
            check = Hashing.SplitMix(check);
            BinaryPrimitives.WriteUInt64LittleEndian(tmp, check);
            tmp[..Math.Min(8, Length - i)].CopyTo(bytes[i..]);
        }

        return Encode(bytes);
    }

    /// <summary>Reads back the integers of an id made by <see cref="FromInts"/>, verifying its hash.</summary>
    public static bool TryReadInts(string id, IdKind kind, ulong seed, out int mailbox, out int collection, out int index)
    {
        mailbox = collection = index = 0;
        var bytes = TryDecode(id);
        if (bytes is null || bytes.Length != Length || bytes[4] != (byte)kind)
        {
            return false;
        }

        mailbox = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(PayloadOffset));
        collection = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(PayloadOffset + 4));
        index = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(PayloadOffset + 8));
        return string.Equals(FromInts(kind, seed, mailbox, collection, index), id, StringComparison.Ordinal);
    }

    /// <summary>An id that wraps arbitrary text (an occurrence id wraps its master id and date).</summary>
    public static string Wrap(IdKind kind, string text)
    {
        var payload = System.Text.Encoding.UTF8.GetBytes(text);
        var total = PayloadOffset + payload.Length + 1; // + a zero terminator
        total += (5 - (total % 3)) % 3;                 // pad so that length % 3 == 2: exactly one '='
        var bytes = new byte[total];
        WriteFrame(bytes, kind);
        payload.CopyTo(bytes, PayloadOffset);
        return Encode(bytes);
    }

    public static bool TryUnwrap(string id, IdKind kind, out string text)
    {
        text = string.Empty;
        var bytes = TryDecode(id);
        if (bytes is null || bytes.Length <= PayloadOffset || bytes[4] != (byte)kind)
        {
            return false;
        }

        var end = Array.IndexOf(bytes, (byte)0, PayloadOffset);
        if (end < 0)
        {
            return false;
        }

        text = System.Text.Encoding.UTF8.GetString(bytes, PayloadOffset, end - PayloadOffset);
        return true;
    }

    private static void WriteFrame(Span<byte> bytes, IdKind kind)
    {
        Header.CopyTo(bytes);
        bytes[4] = (byte)kind;
        bytes[5] = 0x01;
        Marker.CopyTo(bytes[6..]);
    }

    private static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');

    private static byte[]? TryDecode(string id)
    {
        var text = id.Replace('-', '+').Replace('_', '/');
        var padding = (4 - (text.Length % 4)) % 4;
        text += new string('=', padding);
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
