using System.Buffers;
using System.Text.RegularExpressions;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Planning;

namespace GraphNetworker.Core.Noise;

/// <summary>
/// Who is not a person, each verdict a sentence a person can read: blocklists, groups, rooms, role and no-reply
/// addresses, number-only and machine-generated addresses (never a Teams user id: a guid is not a handle), and, by
/// behaviour, addresses or names that read like a system or a department (<c>gas_daily</c>, "SAP Hotline") that you
/// never wrote to. None of it needs list headers.
/// Content-level noise (bulk, list or mass mail, one-way contact) is decided from the contact history instead.
/// </summary>
public sealed class NoiseClassifier
{
    private readonly HashSet<string> _roleWords;
    private readonly string[] _robotMarkers;
    private readonly SearchValues<string>? _anyRobotMarker;
    private readonly HashSet<string> _systemWords;
    private readonly HashSet<string> _ambiguousWords;
    private readonly DirectoryIndex _directory;
    private readonly List<CompiledRule> _rules;

    public NoiseClassifier(EngineOptions options, DirectoryIndex directory, IEnumerable<ExclusionRule> rules)
    {
        _roleWords = new HashSet<string>(options.RoleAddressWords.Select(w => w.ToLowerInvariant()), StringComparer.Ordinal);
        _robotMarkers = [.. options.RobotAddressMarkers.Select(w => w.ToLowerInvariant())];

        // One search for all markers first: most addresses have none, and then no marker needs looking for by itself.
        _anyRobotMarker = _robotMarkers.All(m => m.Length > 0) ? SearchValues.Create(_robotMarkers, StringComparison.Ordinal) : null;
        _systemWords = new HashSet<string>(options.SystemWords.Select(w => w.Trim().ToLowerInvariant()), StringComparer.Ordinal);
        _ambiguousWords = new HashSet<string>(options.AmbiguousSystemWords.Select(w => w.Trim().ToLowerInvariant()), StringComparer.Ordinal);
        _directory = directory;
        _rules = [.. rules.Select(CompiledRule.From).OfType<CompiledRule>()
            .OrderBy(r => r.Rule.Scope == RuleScope.Admin ? 0 : 1)];
    }

    /// <summary>
    /// Why this person is not worth tracking, or null when they may be: a blocklist rule matching any of their
    /// addresses, or their key being a group, a room, a role, number-only or machine-generated address, or one with a
    /// system word in it.
    /// </summary>
    public string? Classify(string normalized, IEnumerable<string> allAddresses, bool isDirectoryPerson, bool seenAsResource) =>
        Classify(normalized, [normalized, .. allAddresses], isDirectoryPerson, seenAsResource);

    /// <summary>The same, for a person whose addresses (their key among them) are at hand.</summary>
    internal string? Classify(string normalized, ReadOnlySpan<string> allAddresses, bool isDirectoryPerson, bool seenAsResource)
    {
        foreach (var address in _rules.Count > 0 ? allAddresses : [])
        {
            if (BlockedBy(address) is { } rule)
            {
                return rule.Scope == RuleScope.Admin
                    ? $"Blocked by your administrator (rule '{rule.Pattern}')."
                    : $"Blocked by you (rule '{rule.Pattern}').";
            }
        }

        if (_directory.IsGroup(normalized))
        {
            return "A distribution list or group, not a person.";
        }

        if (seenAsResource || _directory.IsResource(normalized))
        {
            return "A room or resource, not a person.";
        }

        // A directory person, a legacy DN or a Teams user id (a guid Graph gave): nobody chose these handles, so
        // nothing in them says "system".
        if (isDirectoryPerson || Addresses.IsLegacyDn(normalized) || Addresses.IsTeamsUser(normalized))
        {
            return null;
        }

        var local = Addresses.LocalPartOf(normalized.AsSpan());
        if (IsRoleAddress(local) is { } role)
        {
            return $"A no-reply or role address ('{role}'), not a person.";
        }

        if (IsNumberOnly(local))
        {
            return $"A number-only address ('{local}'): a system or a phone gateway, not a person.";
        }

        if (IsMachineGenerated(local))
        {
            return $"A machine-generated address ('{local}'), not a person.";
        }

        return WordIn(local, _systemWords) is { } word
            ? $"A system or department address ('{word}' in {normalized}), not a person."
            : null;
    }

    /// <summary>
    /// Behaviour that says "not a person" for someone you never wrote to on To: an ambiguous system word in one of
    /// their addresses (<c>hr</c>, <c>sales</c>), or a system word in the name they write under ("SAP Hotline").
    /// Null when the owner wrote to them, or nothing reads like a system.
    /// </summary>
    public string? ClassifyUnaddressed(string normalized, IEnumerable<string> allAddresses, bool isDirectoryPerson, string? name) =>
        ClassifyUnaddressed([normalized, .. allAddresses], isDirectoryPerson, name);

    /// <summary>The same, for a person whose addresses (their key first) are at hand.</summary>
    internal string? ClassifyUnaddressed(ReadOnlySpan<string> allAddresses, bool isDirectoryPerson, string? name)
    {
        if (!isDirectoryPerson)
        {
            foreach (var address in allAddresses)
            {
                if (!Addresses.IsLegacyDn(address) && !Addresses.IsTeamsUser(address) && WordIn(Addresses.LocalPartOf(address.AsSpan()), _ambiguousWords) is { } word)
                {
                    return $"Reads like a system or a department ('{word}' in {address}), and you never wrote to it: not a person.";
                }
            }
        }

        return name is not null && (WordIn(name, _systemWords) ?? WordIn(name, _ambiguousWords)) is { } inName
            ? $"Named like a system or a department ('{inName}' in \"{name}\"), and you never wrote to it: not a person."
            : null;
    }

    /// <summary>
    /// Behaviour across the tenant, for someone this owner never answered either: an address that wrote directly to
    /// several of the tenant's mailboxes and whom nobody there ever wrote to, met or chatted with (worked out from
    /// every mailbox's last assessment, <see cref="UnansweredSender"/>). Directory people are never judged so. Null
    /// when no address of theirs is such a sender.
    /// </summary>
    internal string? ClassifyUnanswered(ReadOnlySpan<string> allAddresses, bool isDirectoryPerson)
    {
        if (isDirectoryPerson)
        {
            return null;
        }

        foreach (var address in allAddresses)
        {
            if (_directory.UnansweredMailboxesOf(address) is > 0 and var mailboxes)
            {
                return $"Writes to {Wording.Plural(mailboxes, "mailbox", "mailboxes")} in your organisation, and nobody has ever answered or met it: a system or a mass sender, not a person.";
            }
        }

        return null;
    }

    /// <summary>Digits and separators only (<c>8774754543</c>, <c>713-555-0100</c>): a pager, fax or system account.</summary>
    public static bool IsNumberOnly(string local) => IsNumberOnly(local.AsSpan());

    /// <summary>The same, for a local part that is not a string of its own.</summary>
    internal static bool IsNumberOnly(ReadOnlySpan<char> local)
    {
        var hasDigit = false;
        foreach (var c in local)
        {
            if (char.IsDigit(c))
            {
                hasDigit = true;
            }
            else if (c is not ('.' or '-' or '_' or '(' or ')'))
            {
                return false;
            }
        }

        return hasDigit;
    }

    /// <summary>
    /// A local part no person chose: three or more parts with digits (<c>2.3894.22-how7spz28_ri.1</c>), a long part
    /// mixing letters and digits (a hash or a tracking id), or a word followed by a number of five digits or more as a
    /// part of its own (<c>travelcodeals_033509</c>). Digits in a person's own handle (<c>dsmith48213</c>, <c>a123456</c>)
    /// are not enough.
    /// </summary>
    public static bool IsMachineGenerated(string local) => IsMachineGenerated(local.AsSpan());

    /// <summary>The same, for a local part that is not a string of its own (its parts are read in place, not split off).</summary>
    internal static bool IsMachineGenerated(ReadOnlySpan<char> local)
    {
        var (parts, partsWithDigits, longMixedPart, longNumberPart, wordPart) = (0, 0, false, false, false);
        foreach (var range in local.SplitAny(".-_+"))
        {
            var part = local[range];
            if (part.IsEmpty)
            {
                continue;
            }

            var (digits, letters) = (0, 0);
            foreach (var c in part)
            {
                digits += char.IsDigit(c) ? 1 : 0;
                letters += char.IsLetter(c) ? 1 : 0;
            }

            parts++;
            partsWithDigits += digits > 0 ? 1 : 0;
            longMixedPart |= part.Length >= 16 && digits >= 3 && letters > 0;
            longNumberPart |= part.Length >= 5 && digits == part.Length;
            wordPart |= letters == part.Length;
        }

        return partsWithDigits >= 3 || longMixedPart || (parts >= 2 && longNumberPart && wordPart);
    }

    /// <summary>The first of <paramref name="words"/> among the words of a local part or a name (split on anything but letters), or null.</summary>
    private static string? WordIn(ReadOnlySpan<char> text, HashSet<string> words)
    {
        var lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> lower = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetter(text[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                var word = lower[..(i - start)];
                text[start..i].ToLowerInvariant(word);
                if (lookup.TryGetValue(word, out var known))
                {
                    return known;
                }

                start = -1;
            }
        }

        return null;
    }

    public ExclusionRule? BlockedBy(string normalized)
    {
        foreach (var rule in _rules)
        {
            if (rule.Matches(normalized))
            {
                return rule.Rule;
            }
        }

        return null;
    }

    private string? IsRoleAddress(ReadOnlySpan<char> local)
    {
        if (_roleWords.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(local, out var role))
        {
            return role;
        }

        if (_anyRobotMarker is not null && local.IndexOfAny(_anyRobotMarker) < 0)
        {
            return null;
        }

        foreach (var marker in _robotMarkers)
        {
            if (local.Contains(marker, StringComparison.Ordinal))
            {
                return marker;
            }
        }

        return null;
    }

    private sealed class CompiledRule
    {
        private readonly Regex? _glob;
        private readonly string? _address;
        private readonly string? _domain;

        private CompiledRule(ExclusionRule rule, Regex? glob, string? address, string? domain)
        {
            Rule = rule;
            _glob = glob;
            _address = address;
            _domain = domain;
        }

        public ExclusionRule Rule { get; }

        public static CompiledRule? From(ExclusionRule rule)
        {
            var pattern = rule.Pattern.Trim().ToLowerInvariant();
            if (pattern.Length == 0)
            {
                return null;
            }

            if (pattern.Contains('*', StringComparison.Ordinal) || pattern.Contains('?', StringComparison.Ordinal))
            {
                var body = Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal);
                // Without an '@' the wildcard describes the domain part only: "*.fabrikam.com", "fabrikam.*".
                var regex = pattern.Contains('@', StringComparison.Ordinal) ? "^" + body + "$" : "^[^@]*@" + body + "$";
                return new CompiledRule(rule, new Regex(regex, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking), null, null);
            }

            if (pattern.StartsWith('@'))
            {
                return new CompiledRule(rule, null, null, pattern[1..]);
            }

            return pattern.Contains('@', StringComparison.Ordinal)
                ? new CompiledRule(rule, null, Addresses.Normalize(pattern) ?? pattern, null)
                : new CompiledRule(rule, null, null, pattern.TrimStart('.'));
        }

        public bool Matches(string normalized)
        {
            if (_address is not null)
            {
                return normalized == _address;
            }

            if (_domain is not null)
            {
                var domain = Addresses.DomainOf(normalized);
                return domain.Length > 0 && Addresses.IsInDomain(domain, _domain);
            }

            return _glob!.IsMatch(normalized);
        }
    }
}
