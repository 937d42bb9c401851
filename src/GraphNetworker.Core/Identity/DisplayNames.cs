using System.Globalization;

namespace GraphNetworker.Core.Identity;

/// <summary>Display names kept sensibly: "Doe, John" is John Doe; quotes, addresses and mail-system suffixes go.</summary>
public static class DisplayNames
{
    /// <summary>A clean display name, or null when the text says nothing about the person (empty, or just the address).</summary>
    public static string? Clean(string? raw, string? address = null)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var name = new string(raw.Where(c => !char.IsControl(c)).ToArray()).Trim().Trim('"', '\'').Trim();
        var angle = name.IndexOf('<', StringComparison.Ordinal);
        if (angle > 0)
        {
            name = name[..angle].Trim().Trim('"', '\'').Trim();
        }

        // "Doe, John (Contoso)" and "Doe, John [External]": drop the trailing qualifier before reordering.
        foreach (var (open, close) in new[] { ('(', ')'), ('[', ']') })
        {
            var start = name.LastIndexOf(open);
            if (start > 0 && name.EndsWith(close))
            {
                name = name[..start].Trim();
            }
        }

        if (name.Length == 0 || name.Contains('@', StringComparison.Ordinal) ||
            (address is not null && name.Equals(address, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var comma = name.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0 && name.IndexOf(',', comma + 1) < 0)
        {
            var last = name[..comma].Trim();
            var first = name[(comma + 1)..].Trim();
            if (first.Length > 0 && last.Length > 0)
            {
                name = first + " " + last;
            }
        }

        return string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>A readable name made from an address when nobody ever gave one: <c>dana.smith@x</c> → "Dana Smith".</summary>
    public static string FromAddress(string normalizedAddress)
    {
        if (Addresses.IsLegacyDn(normalizedAddress))
        {
            var cn = normalizedAddress.Split("cn=", StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? normalizedAddress;
            var dash = cn.LastIndexOf('-');
            return dash >= 0 && dash < cn.Length - 1 ? cn[(dash + 1)..] : cn;
        }

        var local = Addresses.LocalPartOf(normalizedAddress);
        var words = local.Split(['.', '_', '-'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0
            ? normalizedAddress
            : string.Join(' ', words.Select(w => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(w)));
    }

    /// <summary>The first name, for sentences ("Reconnect with Dana").</summary>
    public static string FirstName(string displayName)
    {
        var first = displayName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return string.IsNullOrEmpty(first) ? displayName : first;
    }

    /// <summary>A comparison key for "same name" checks: letters only, lower case, order-insensitive.</summary>
    public static string MatchKey(string displayName) =>
        string.Join(' ', displayName
            .ToLowerInvariant()
            .Split([' ', '.', '-', '\''], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsLetter).ToArray()))
            .Where(w => w.Length > 0)
            .Order(StringComparer.Ordinal));
}
