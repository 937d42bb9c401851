namespace GraphNetworker.Core.Identity;

/// <summary>
/// Address normalisation: one spelling per mailbox. SMTP addresses are trimmed, unwrapped from <c>&lt;…&gt;</c>,
/// stripped of <c>SMTP:</c>/<c>smtp:</c> and of <c>+tag</c> sub-addressing, and lower-cased. Exchange legacy DNs
/// (<c>/O=…/OU=…/CN=RECIPIENTS/CN=…</c>, also behind <c>X500:</c> or <c>EX:</c>) become <c>x500:/o=…</c> in lower case.
/// </summary>
public static class Addresses
{
    public const string X500Prefix = "x500:";

    /// <summary>A Teams member or call participant known only by their Entra user id: <c>teams:&lt;id&gt;</c>.</summary>
    public const string TeamsUserPrefix = "teams:";

    /// <summary>The identity of a Teams user by Entra object id (resolved through the directory when it knows the id).</summary>
    public static string TeamsUser(string userId) => TeamsUserPrefix + userId.Trim().ToLowerInvariant();

    public static bool IsTeamsUser(string normalized) => normalized.StartsWith(TeamsUserPrefix, StringComparison.Ordinal);

    /// <summary>The normalised form, or null when the text is not an address at all.</summary>
    public static string? Normalize(string? raw)
    {
        if (raw is not null && IsAlreadyNormal(raw))
        {
            // Most addresses arrive in their normal form: return the text itself rather than a copy of it.
            return raw;
        }

        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var value = raw.Trim().Trim('"', '\'').Trim();
        if (value.StartsWith('<') && value.EndsWith('>'))
        {
            value = value[1..^1].Trim();
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && colon < 8 && !value.StartsWith('/'))
        {
            var scheme = value[..colon].ToLowerInvariant();
            value = value[(colon + 1)..].Trim();
            if (scheme is "x500" or "ex")
            {
                return NormalizeLegacyDn(value);
            }

            if (scheme == "teams")
            {
                return value.Length == 0 || value.Any(char.IsWhiteSpace) || value.Any(char.IsControl) ? null : TeamsUser(value);
            }

            if (scheme is not ("smtp" or "mailto" or "sip"))
            {
                return null;
            }
        }

        if (value.StartsWith("/o=", StringComparison.OrdinalIgnoreCase))
        {
            return NormalizeLegacyDn(value);
        }

        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1 || value.Any(char.IsWhiteSpace) || value.Any(char.IsControl))
        {
            return null;
        }

        var local = value[..at];
        var domain = value[(at + 1)..].TrimEnd('.');
        if (domain.Length == 0 || !domain.Contains('.', StringComparison.Ordinal) || local.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0)
        {
            local = local[..plus];
        }

        return (local + "@" + domain).ToLowerInvariant();
    }

    /// <summary>
    /// A plain lower-case SMTP address that every step of <see cref="Normalize"/> would leave as it is: ASCII letters
    /// in lower case, digits, dots, dashes and underscores around exactly one '@' (not first or last), a dot in the
    /// domain and no dot at its end. Anything else (capitals, '+', spaces, quotes, schemes, DNs) takes the full path.
    /// </summary>
    private static bool IsAlreadyNormal(string value)
    {
        var at = -1;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '@')
            {
                if (at >= 0)
                {
                    return false;
                }

                at = i;
            }
            else if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_'))
            {
                return false;
            }
        }

        return at > 0 && at < value.Length - 1 && value[^1] != '.' && value.AsSpan(at + 1).Contains('.');
    }

    public static bool IsLegacyDn(string normalized) => normalized.StartsWith(X500Prefix, StringComparison.Ordinal);

    /// <summary>The domain of a normalised SMTP address (empty for legacy DNs).</summary>
    public static string DomainOf(string normalized)
    {
        var at = normalized.LastIndexOf('@');
        return at < 0 || IsLegacyDn(normalized) ? string.Empty : normalized[(at + 1)..];
    }

    public static string LocalPartOf(string normalized)
    {
        var at = normalized.LastIndexOf('@');
        return at < 0 ? normalized : normalized[..at];
    }

    /// <summary>The same, without copying it.</summary>
    internal static ReadOnlySpan<char> LocalPartOf(ReadOnlySpan<char> normalized)
    {
        var at = normalized.LastIndexOf('@');
        return at < 0 ? normalized : normalized[..at];
    }

    /// <summary>True when <paramref name="domain"/> is <paramref name="parent"/> or one of its subdomains.</summary>
    public static bool IsInDomain(string domain, string parent) =>
        domain.Equals(parent, StringComparison.OrdinalIgnoreCase)
        || domain.EndsWith("." + parent, StringComparison.OrdinalIgnoreCase);

    /// <summary>A company name from a domain: <c>mail.fabrikam.co.uk</c> → "Fabrikam".</summary>
    public static string CompanyFromDomain(string domain)
    {
        var labels = domain.Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length == 0)
        {
            return domain;
        }

        var index = labels.Length - 2;
        if (labels.Length >= 3 && labels[^1].Length == 2 && labels[^2] is "co" or "com" or "org" or "net" or "ac" or "gov")
        {
            index = labels.Length - 3;
        }

        var name = labels[Math.Max(index, 0)];
        return name.Length == 0 ? domain : char.ToUpperInvariant(name[0]) + name[1..];
    }

    private static string NormalizeLegacyDn(string dn)
    {
        var trimmed = dn.Trim();
        return trimmed.Length == 0 ? string.Empty : X500Prefix + trimmed.ToLowerInvariant();
    }
}
