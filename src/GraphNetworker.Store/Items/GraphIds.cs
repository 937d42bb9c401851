using System.Buffers;
using System.Buffers.Text;
using System.Text;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Store.Items;

/// <summary>
/// How a Graph item id is stored. Exchange ids are base64 of a binary entry id (URL-safe: <c>-</c> and <c>_</c>, with
/// <c>=</c> padding), so about 150 characters hold about 110 bytes: stored decoded, with one leading byte saying how to
/// encode it again. An id in any other form (another service's, an emulator's) is kept as UTF-8 text. The round trip
/// is exact: an id is packed decoded only when encoding the bytes again gives the same text.
/// </summary>
internal static class GraphIds
{
    private const byte Text = 0;
    private const byte UrlSafe = 1;
    private const byte UrlSafeUnpadded = 2;
    private const byte Standard = 3;

    /// <summary>The row key for an id within its mailbox (<see cref="StableHash"/>).</summary>
    public static long Key(string id) => StableHash.Of(id);

    public static byte[] Pack(string id)
    {
        foreach (var form in (ReadOnlySpan<byte>)[UrlSafe, UrlSafeUnpadded, Standard])
        {
            if (TryDecode(id, form) is { } bytes && EncodesTo(bytes, form, id))
            {
                var packed = new byte[bytes.Length + 1];
                packed[0] = form;
                bytes.CopyTo(packed, 1);
                return packed;
            }
        }

        var text = new byte[Encoding.UTF8.GetByteCount(id) + 1];
        Encoding.UTF8.GetBytes(id, text.AsSpan(1));
        return text;
    }

    public static string Unpack(ReadOnlySpan<byte> packed) => packed.IsEmpty
        ? throw new InvalidDataException("An empty stored item id.")
        : packed[0] switch
        {
            Text => Encoding.UTF8.GetString(packed[1..]),
            UrlSafe or UrlSafeUnpadded or Standard => Encode(packed[1..], packed[0]),
            var form => throw new InvalidDataException($"Unknown stored item id form {form}."),
        };

    /// <summary>
    /// The id's bytes in one form, or null when it is not in that form. Without exceptions: a Teams id (<c>19:…@thread.v2</c>)
    /// or an id of an odd length is in none, and an exception for each form tried cost tens of microseconds an item.
    /// </summary>
    private static byte[]? TryDecode(string id, byte form)
    {
        if (id.Length == 0)
        {
            return null;
        }

        if (form == Standard)
        {
            var buffer = new byte[(id.Length / 4 * 3) + 3];
            return Convert.TryFromBase64String(id, buffer, out var decoded) ? buffer[..decoded] : null;
        }

        // The status form of the decoder: Base64Url.TryDecodeFromChars answers false only for a short destination and
        // throws on bad input, by design (dotnet/runtime#108834), even on some input Base64Url.IsValid accepted.
        var text = form == UrlSafe ? id.AsSpan().TrimEnd('=') : id.AsSpan();
        var bytes = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        return Base64Url.DecodeFromChars(text, bytes, out var read, out var written) == OperationStatus.Done && read == text.Length
            ? bytes[..written]
            : null;
    }

    /// <summary>Whether <paramref name="bytes"/> encode in <paramref name="form"/> to exactly <paramref name="id"/> (without making the string).</summary>
    private static bool EncodesTo(ReadOnlySpan<byte> bytes, byte form, string id)
    {
        var length = form == Standard ? (bytes.Length + 2) / 3 * 4 : Base64Url.GetEncodedLength(bytes.Length);
        if (length > 2048)
        {
            return string.Equals(Encode(bytes, form), id, StringComparison.Ordinal);
        }

        Span<char> text = stackalloc char[length + 2];
        int written;
        if (form == Standard)
        {
            if (!Convert.TryToBase64Chars(bytes, text, out written))
            {
                return false;
            }
        }
        else
        {
            written = Base64Url.EncodeToChars(bytes, text);
            if (form == UrlSafe)
            {
                for (var pad = (4 - (written % 4)) % 4; pad > 0; pad--)
                {
                    text[written++] = '=';
                }
            }
        }

        return text[..written].SequenceEqual(id);
    }

    private static string Encode(ReadOnlySpan<byte> bytes, byte form) => form switch
    {
        Standard => Convert.ToBase64String(bytes),
        UrlSafeUnpadded => Base64Url.EncodeToString(bytes),
        _ => Padded(bytes),
    };

    /// <summary>URL-safe base64 with its <c>=</c> padding, made as one string.</summary>
    private static string Padded(ReadOnlySpan<byte> bytes)
    {
        var length = (Base64Url.GetEncodedLength(bytes.Length) + 3) / 4 * 4;
        Span<char> text = length <= 2048 ? stackalloc char[length] : new char[length];
        var written = Base64Url.EncodeToChars(bytes, text);
        text[written..].Fill('=');
        return new string(text);
    }
}
