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

    /// <summary>A format read from the table.</summary>
    public void Loaded(LinkFormat format)
    {
        _formats.TryAdd(format.Id, format);
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

        foreach (var escaped in (ReadOnlySpan<bool>)[true, false])
        {
            var embedded = escaped ? Uri.EscapeDataString(itemId) : itemId;
            var at = link.IndexOf(embedded, StringComparison.Ordinal);
            if (at < 0 || at > LinkFormatColumns.PartLength || link.Length - at - embedded.Length > LinkFormatColumns.PartLength)
            {
                continue;
            }

            var candidate = LinkFormat.Of(link[..at], link[(at + embedded.Length)..], escaped);
            var known = _formats.GetOrAdd(candidate.Id, candidate);
            if (known == candidate)
            {
                return (known, null);
            }
        }

        return (null, link.Length <= ItemColumns.LinkLength ? link : null);
    }

    /// <summary>The link again, or null when the row's format is not known (nor any literal kept).</summary>
    public string? Join(int? format, string? literal, string itemId) =>
        format is { } id && _formats.TryGetValue(id, out var known)
            ? known.Prefix + (known.Escaped ? Uri.EscapeDataString(itemId) : itemId) + known.Suffix
            : literal;
}

/// <summary>One shape of web link: the text before and after the item id, and whether the id is escaped in it.</summary>
internal sealed record LinkFormat(int Id, string Prefix, string Suffix, bool Escaped)
{
    /// <summary>A format numbered by its own text, so every worker gives it the same number without asking the others.</summary>
    public static LinkFormat Of(string prefix, string suffix, bool escaped) =>
        new((int)(StableHash.Of($"{(escaped ? 'e' : 'r')}\n{prefix}\n{suffix}") & 0x7FFFFFFF), prefix, suffix, escaped);
}
