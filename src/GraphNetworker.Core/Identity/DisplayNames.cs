namespace GraphNetworker.Core.Identity;

/// <summary>
/// Display names kept sensibly: "Doe, John" is John Doe; quotes, addresses and mail-system suffixes go. A name seen on
/// mail is used only when it is a real name, never a mailbox handle (<c>jsmith</c>, <c>Vha0401</c>, <c>dana_smith</c>,
/// a phone number); a person without one is called by their address.
/// </summary>
public static class DisplayNames
{
    /// <summary>A clean display name, or null when the text says nothing about the person (empty, or just the address).</summary>
    public static string? Clean(string? raw, string? address = null)
    {
        if (raw is not null && IsPlain(raw) && (address is null || !raw.Equals(address, StringComparison.OrdinalIgnoreCase)))
        {
            // Nothing below would change it: most names on mail are like this, so they cost no copy.
            return raw;
        }

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

        name = name.TrimEnd(',', ';').Trim();

        // An Exchange legacy DN ("/O=CONTOSO/OU=…/CN=JSMITH", also behind X500: or EX:) is an address, never a name.
        if (IsLegacyDnText(name))
        {
            return null;
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

        // Lotus Notes gateway names: "Dana Smith@SALES" is Dana Smith (a domain without a dot is a Notes domain, not an address).
        var at = name.LastIndexOf('@');
        if (at > 0 && name.IndexOf('.', at) < 0 && name.IndexOf('@') == at)
        {
            name = name[..at].Trim();
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

    /// <summary>
    /// The name a person is shown by when the directory does not know them: <paramref name="raw"/> cleaned, when it
    /// is a real name for <paramref name="normalizedAddress"/>; null when it is empty, an address or a handle. A name
    /// in capitals or in lower case only is put in title case ("DANA SMITH" is Dana Smith).
    /// </summary>
    public static string? RealName(string? raw, string normalizedAddress)
    {
        var name = Clean(raw, normalizedAddress);
        if (name is null || IsHandle(name, normalizedAddress))
        {
            return null;
        }

        var (allUpper, allLower) = (true, true);
        foreach (var c in name)
        {
            if (char.IsLetter(c))
            {
                allUpper &= char.IsUpper(c);
                allLower &= char.IsLower(c);
            }
        }

        return allUpper || allLower
            ? string.Join(' ', name.Split(' ').Select(TitleWord))
            : name;
    }

    /// <summary>
    /// True when a name is a mailbox handle rather than what people call someone: digits or mail-system characters
    /// anywhere (<c>Vha0401</c>, a phone number, <c>dana_smith</c>), or a single word that is the address's local part,
    /// in lower case only, in capitals of four letters or fewer, or with capitals inside it (<c>jsmith</c>, <c>AJC</c>,
    /// <c>IssueAlert</c>).
    /// </summary>
    public static bool IsHandle(string name, string normalizedAddress)
    {
        var hasLetter = false;
        foreach (var c in name)
        {
            if (char.IsDigit(c) || c is '_' or '@' or '/' or '\\' or '=' or '#' or '+' or ':' or '|' or '<' or '>')
            {
                return true;
            }

            hasLetter |= char.IsLetter(c);
        }

        if (!hasLetter)
        {
            return true;
        }

        if (name.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        var word = name.AsSpan().Trim(".-'");
        var local = Addresses.IsLegacyDn(normalizedAddress)
            ? normalizedAddress.AsSpan(normalizedAddress.LastIndexOf('=') + 1)
            : Addresses.LocalPartOf(normalizedAddress.AsSpan());
        if (SameLettersIgnoringCase(word, local) || word.Contains('.'))
        {
            return true;
        }

        var (count, allLower, allUpper, capitalInside) = (0, true, true, false);
        foreach (var c in word)
        {
            if (char.IsLetter(c))
            {
                capitalInside |= count > 0 && char.IsUpper(c);
                allLower &= char.IsLower(c);
                allUpper &= char.IsUpper(c);
                count++;
            }
        }

        return allLower || (allUpper && count <= 4) || (capitalInside && !allUpper && !IsNameWithInnerCapital(word));
    }

    /// <summary>What follows the account name of someone known only by an Exchange legacy DN ("jsmith (Exchange account)").</summary>
    public const string ExchangeAccountSuffix = " (Exchange account)";

    /// <summary>
    /// True when the display name is an address standing in for a name (nobody gave one): SMTP, an Exchange account
    /// shown by its DN's name, a legacy DN or a Teams user id.
    /// </summary>
    public static bool IsAddress(string displayName) =>
        displayName.Contains('@', StringComparison.Ordinal) || displayName.StartsWith('/') || Addresses.IsTeamsUser(displayName) ||
        displayName.EndsWith(ExchangeAccountSuffix, StringComparison.Ordinal) || displayName.StartsWith(TeamsUserPrefix, StringComparison.Ordinal);

    /// <summary>How a Teams user Graph gave no name for is shown: "Teams user 3f2504e0" (the start of their id), never the raw key.</summary>
    public const string TeamsUserPrefix = "Teams user ";

    /// <summary>
    /// What a person without any real name is shown as: an SMTP address, else, for someone known only by an Exchange
    /// legacy DN, the DN's last common name as an account ("jsmith (Exchange account)"), and for a Teams user without
    /// an email address the start of their id ("Teams user 3f2504e0"): never the raw DN or key.
    /// </summary>
    public static string AddressAsName(string key, IEnumerable<string> addresses) =>
        Addresses.IsLegacyDn(key)
            ? addresses.Where(a => !Addresses.IsLegacyDn(a)).Order(StringComparer.Ordinal).FirstOrDefault() ?? AccountOf(key)
            : Addresses.IsTeamsUser(key)
                ? addresses.Where(a => !Addresses.IsTeamsUser(a) && !Addresses.IsLegacyDn(a)).Order(StringComparer.Ordinal).FirstOrDefault()
                  ?? TeamsUserPrefix + key[Addresses.TeamsUserPrefix.Length..][..Math.Min(8, key.Length - Addresses.TeamsUserPrefix.Length)]
                : key;

    /// <summary>The last <c>cn=</c> of a legacy DN, as an account that is plainly not a name.</summary>
    private static string AccountOf(string legacyDn)
    {
        var cn = legacyDn.LastIndexOf("/cn=", StringComparison.OrdinalIgnoreCase);
        var account = cn < 0 ? string.Empty : legacyDn[(cn + 4)..].Trim();
        return (account.Length == 0 ? "unknown" : account) + ExchangeAccountSuffix;
    }

    private static bool IsLegacyDnText(string text) =>
        text.StartsWith("/o=", StringComparison.OrdinalIgnoreCase) ||
        ((text.StartsWith("x500:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("ex:", StringComparison.OrdinalIgnoreCase)) && text.Contains("/o=", StringComparison.OrdinalIgnoreCase));

    /// <summary>The first name, for sentences ("Reconnect with Dana"); an address shown as a name stays whole.</summary>
    public static string FirstName(string displayName)
    {
        if (IsAddress(displayName))
        {
            return displayName;
        }

        var first = displayName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return string.IsNullOrEmpty(first) ? displayName : first;
    }

    /// <summary>
    /// True when two names are the same person's full name: the same first and last word, letters only, ignoring case
    /// and middle names ("Dana J. Smith" and "Smith, Dana" once cleaned). Single-word names never match.
    /// </summary>
    public static bool SameFullName(string? a, string? b) => FullNameEnds(a) is { } x && FullNameEnds(b) is { } y && x == y;

    /// <summary>The first and last word of a full name as <see cref="SameFullName"/> compares them, or null for fewer than two words.</summary>
    internal static (string First, string Last)? FullNameEnds(string? name)
    {
        var words = (name ?? string.Empty).Split([' ', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsLetter).ToArray()).ToLowerInvariant()).Where(w => w.Length > 0).ToArray();
        return words.Length >= 2 ? (words[0], words[^1]) : null;
    }

    /// <summary>A comparison key for "same name" checks: letters only, lower case, order-insensitive.</summary>
    public static string MatchKey(string displayName) =>
        string.Join(' ', displayName
            .ToLowerInvariant()
            .Split([' ', '.', '-', '\''], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsLetter).ToArray()))
            .Where(w => w.Length > 0)
            .Order(StringComparer.Ordinal));

    /// <summary>
    /// True when <see cref="MatchKey"/> of the name has two words or more (a full name that can be compared), found
    /// without making the key: most names are ruled out, or in, before any string is built.
    /// </summary>
    internal static bool HasTwoMatchWords(string displayName)
    {
        Span<char> lower = displayName.Length <= 256 ? stackalloc char[displayName.Length] : new char[displayName.Length];
        displayName.AsSpan().ToLowerInvariant(lower);
        var (words, hasLetter) = (0, false);
        foreach (var c in lower)
        {
            if (c is ' ' or '.' or '-' or '\'')
            {
                words += hasLetter ? 1 : 0;
                hasLetter = false;
            }
            else
            {
                hasLetter |= char.IsLetter(c);
            }
        }

        return words + (hasLetter ? 1 : 0) >= 2;
    }

    /// <summary>The first name to use in a sentence, or null when the person has no name (then the text says "they").</summary>
    public static string? FirstNameOrNull(string displayName) => IsAddress(displayName) ? null : FirstName(displayName);

    /// <summary>
    /// Text that <see cref="Clean"/> returns unchanged: letters, digits, single inner spaces, dots, dashes and
    /// apostrophes inside, nothing to trim, reorder or drop.
    /// </summary>
    private static bool IsPlain(string raw)
    {
        if (raw.Length == 0 || raw[0] is ' ' or '\'' || raw[^1] is ' ' or '\'')
        {
            return false;
        }

        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (!(char.IsLetterOrDigit(c) || c is '.' or '-' or '\'' || (c == ' ' && raw[i - 1] != ' ')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The letters of two texts compared as <see cref="StringComparison.OrdinalIgnoreCase"/> strings of their letters only.</summary>
    private static bool SameLettersIgnoringCase(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        Span<char> left = a.Length <= 128 ? stackalloc char[a.Length] : new char[a.Length];
        Span<char> right = b.Length <= 128 ? stackalloc char[b.Length] : new char[b.Length];
        return left[..LettersOf(a, left)].Equals(right[..LettersOf(b, right)], StringComparison.OrdinalIgnoreCase);
    }

    private static int LettersOf(ReadOnlySpan<char> text, Span<char> into)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                into[count++] = c;
            }
        }

        return count;
    }

    // "McDonald", "MacLeod", "DeShawn", "O'Neil": a capital inside a word that names use.
    private static bool IsNameWithInnerCapital(ReadOnlySpan<char> word) =>
        word.Length >= 4 && char.IsUpper(word[0]) &&
        (word.StartsWith("Mc", StringComparison.Ordinal) || word.StartsWith("Mac", StringComparison.Ordinal) ||
         word.StartsWith("De", StringComparison.Ordinal) || word.StartsWith("La", StringComparison.Ordinal) ||
         word.StartsWith("Le", StringComparison.Ordinal) || word.Contains('\'') || word.Contains('-'));

    private static string TitleWord(string word) =>
        word.Length == 0 || word is "II" or "III" or "IV" ? word
            : string.Join('-', word.Split('-').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..].ToLowerInvariant()));
}
