using System.Collections.Concurrent;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Store.Items;

/// <summary>
/// Web links without storing them: Outlook's links are a fixed prefix, the item id (escaped) and a fixed suffix, for
/// example <c>https://outlook.office365.com/owa/?ItemID={id}&amp;exvsurl=1&amp;viewmodel=ReadMessageItem</c> for mail
/// and <c>…/owa/?itemid={id}&amp;exvsurl=1&amp;path=/calendar/item</c> for events (the host differs in national clouds).
/// A tenant has a handful of such formats: each is kept once in <c>LinkFormats</c> under a number derived from its
/// text, and an item keeps that number. A link of any other shape (a Teams chat's) is kept whole.
/// </summary>
internal sealed class WebLinks
{
    private readonly ConcurrentDictionary<int, LinkFormat> _formats = new();
    private readonly ConcurrentDictionary<int, bool> _stored = new();
    private readonly Lock _adding = new();

    /// <summary>The formats known, as an array read without a lock (replaced whole when one is added).</summary>
    private LinkFormat[] _known = [];

    /// <summary>A format read from the table.</summary>
    public void Loaded(LinkFormat format)
    {
        Add(format);
        _stored[format.Id] = true;
    }

    /// <summary>Whether a format is known to be in the table (else a page using it writes it first).</summary>
    public bool IsStored(int id) => _stored.ContainsKey(id);

    /// <summary>A page that wrote the format committed.</summary>
    public void Stored(int id) => _stored[id] = true;

    public bool Knows(int id) => _formats.ContainsKey(id);

    /// <summary>
    /// How to keep <paramref name="link"/> for the item <paramref name="itemId"/>: a format (and whether it is new to
    /// the table) or the link itself.
    /// </summary>
    public (LinkFormat? Format, string? Literal) Split(string? link, string itemId)
    {
        if (string.IsNullOrEmpty(link))
        {
            return (null, null);
        }

        // The usual case, a format known already, is matched without making a string.
        foreach (var known in Volatile.Read(ref _known))
        {
            if (known.Matches(link, itemId))
            {
                return (known, null);
            }
        }

        foreach (var escaped in (ReadOnlySpan<bool>)[true, false])
        {
            var embedded = escaped ? Uri.EscapeDataString(itemId) : itemId;
            var at = link.IndexOf(embedded, StringComparison.Ordinal);
            if (at < 0 || at > LinkFormatColumns.PartLength || link.Length - at - embedded.Length > LinkFormatColumns.PartLength)
            {
                continue;
            }

            var candidate = LinkFormat.Of(link[..at], link[(at + embedded.Length)..], escaped);
            var known = Add(candidate);
            if (known == candidate)
            {
                return (known, null);
            }
        }

        return (null, link.Length <= ItemColumns.LinkLength ? link : null);
    }

    /// <summary>The format kept under <paramref name="format"/>'s number: the one known already, or this one, now known.</summary>
    private LinkFormat Add(LinkFormat format)
    {
        lock (_adding)
        {
            var known = _formats.GetOrAdd(format.Id, format);
            if (known == format && !_known.Contains(format))
            {
                Volatile.Write(ref _known, [.. _known, format]);
            }

            return known;
        }
    }

    /// <summary>The known format with this number (null for none, or one this process has not read).</summary>
    public LinkFormat? FormatOf(int? format) => format is { } id && _formats.TryGetValue(id, out var known) ? known : null;
}

/// <summary>One shape of web link: the text before and after the item id, and whether the id is escaped in it.</summary>
internal sealed record LinkFormat(int Id, string Prefix, string Suffix, bool Escaped) : IWebLinkFormat
{
    /// <summary>The link to the item with this id in this format.</summary>
    public string LinkFor(string itemId) => Prefix + (Escaped ? Uri.EscapeDataString(itemId) : itemId) + Suffix;

    /// <summary>Whether <paramref name="link"/> is this format around <paramref name="itemId"/> (compared in place).</summary>
    public bool Matches(string link, string itemId)
    {
        var text = link.AsSpan();
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || !text.EndsWith(Suffix, StringComparison.Ordinal) || text.Length < Prefix.Length + Suffix.Length)
        {
            return false;
        }

        var middle = text[Prefix.Length..^Suffix.Length];
        return Escaped ? IsEscaped(middle, itemId) : middle.SequenceEqual(itemId);
    }

    /// <summary>
    /// Whether <paramref name="escaped"/> is <see cref="Uri.EscapeDataString(string)"/> of <paramref name="id"/>: the
    /// unreserved characters as they are, every other ASCII character as <c>%XX</c> in capitals. An id with other
    /// characters is left to the general path (false here).
    /// </summary>
    private static bool IsEscaped(ReadOnlySpan<char> escaped, string id)
    {
        var at = 0;
        foreach (var c in id)
        {
            if (c > 0x7F)
            {
                return false;
            }

            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                if (at >= escaped.Length || escaped[at++] != c)
                {
                    return false;
                }
            }
            else if (at + 3 > escaped.Length || escaped[at] != '%' || escaped[at + 1] != HexDigit(c >> 4) || escaped[at + 2] != HexDigit(c & 0xF))
            {
                return false;
            }
            else
            {
                at += 3;
            }
        }

        return at == escaped.Length;
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    /// <summary>A format numbered by its own text, so every worker gives it the same number without asking the others.</summary>
    public static LinkFormat Of(string prefix, string suffix, bool escaped) =>
        new((int)(StableHash.Of($"{(escaped ? 'e' : 'r')}\n{prefix}\n{suffix}") & 0x7FFFFFFF), prefix, suffix, escaped);
}
