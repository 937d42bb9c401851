using System.Text.RegularExpressions;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Noise;

/// <summary>
/// Address-level noise: role and no-reply addresses, groups, rooms and blocklists. Each verdict is a sentence a person
/// can read. Content-level noise (bulk, mass mail, cold inbound) is decided from the contact history instead.
/// </summary>
public sealed class NoiseClassifier
{
    private readonly HashSet<string> _roleWords;
    private readonly string[] _robotMarkers;
    private readonly DirectoryIndex _directory;
    private readonly List<CompiledRule> _rules;

    public NoiseClassifier(EngineOptions options, DirectoryIndex directory, IEnumerable<ExclusionRule> rules)
    {
        _roleWords = new HashSet<string>(options.RoleAddressWords.Select(w => w.ToLowerInvariant()), StringComparer.Ordinal);
        _robotMarkers = [.. options.RobotAddressMarkers.Select(w => w.ToLowerInvariant())];
        _directory = directory;
        _rules = [.. rules.Select(CompiledRule.From).OfType<CompiledRule>()
            .OrderBy(r => r.Rule.Scope == RuleScope.Admin ? 0 : 1)];
    }

    /// <summary>
    /// Why this person is not worth tracking, or null when they may be: a blocklist rule matching any of their
    /// addresses, or their key being a group, a room or a role address.
    /// </summary>
    public string? Classify(string normalized, IEnumerable<string> allAddresses, bool isDirectoryPerson, bool seenAsResource)
    {
        foreach (var address in allAddresses.Prepend(normalized))
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

        if (!isDirectoryPerson && !Addresses.IsLegacyDn(normalized) && IsRoleAddress(Addresses.LocalPartOf(normalized)) is { } word)
        {
            return $"A no-reply or role address ('{word}'), not a person.";
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

    private string? IsRoleAddress(string local)
    {
        if (_roleWords.Contains(local))
        {
            return local;
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
