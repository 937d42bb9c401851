using System.Collections.Frozen;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Identity;

/// <summary>
/// The tenant's directory, indexed once and shared by every mailbox's evaluation: each normalised address to its
/// person's key (the primary address), the people by key, groups and rooms, and the organisation's domains. Built when
/// the directory is loaded, not per mailbox, so a cycle's cost grows with mailboxes plus directory size rather than
/// their product. Immutable, and safe to read from parallel evaluations.
/// </summary>
public sealed class DirectoryIndex
{
    private readonly FrozenDictionary<string, DirectoryPerson> _people;
    private readonly FrozenDictionary<string, string> _keyByAddress;
    private readonly FrozenSet<string> _groups;
    private readonly FrozenSet<string> _resources;
    private readonly string[] _domains;
    private readonly FrozenDictionary<string, int> _unanswered;

    public DirectoryIndex(
        IEnumerable<DirectoryPerson> people,
        IEnumerable<string> groupAddresses,
        IEnumerable<string> resourceAddresses,
        IEnumerable<string> organizationDomains,
        string? organizationName,
        IEnumerable<UnansweredSender>? unansweredSenders = null)
    {
        var byKey = new Dictionary<string, DirectoryPerson>(StringComparer.Ordinal);
        var keyByAddress = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var person in people)
        {
            if (Addresses.Normalize(person.PrimaryAddress) is not { } key)
            {
                continue;
            }

            byKey[key] = person;
            keyByAddress[key] = key;
        }

        // Aliases after every primary address: an address that is someone's primary is always theirs.
        foreach (var (key, person) in byKey)
        {
            foreach (var alias in person.Addresses)
            {
                if (Addresses.Normalize(alias) is { } normalized)
                {
                    keyByAddress.TryAdd(normalized, key);
                }
            }

            if (!string.IsNullOrWhiteSpace(person.UserId))
            {
                keyByAddress.TryAdd(Addresses.TeamsUser(person.UserId), key);
            }
        }

        _people = byKey.ToFrozenDictionary(StringComparer.Ordinal);
        _keyByAddress = keyByAddress.ToFrozenDictionary(StringComparer.Ordinal);
        _groups = Normalized(groupAddresses);
        _resources = Normalized(resourceAddresses);
        _domains = [.. organizationDomains.Select(d => d.Trim().ToLowerInvariant()).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal)];
        OrganizationName = organizationName;
        _unanswered = (unansweredSenders ?? [])
            .Select(u => (Address: Addresses.Normalize(u.Address), u.Mailboxes))
            .Where(u => u.Address is not null && u.Mailboxes > 0)
            .GroupBy(u => u.Address!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Max(u => u.Mailboxes), StringComparer.Ordinal);
    }

    /// <summary>The organisation's name as people say it ("Contoso"), for reasons like "left Contoso".</summary>
    public string? OrganizationName { get; }

    /// <summary>Indexes the tenant part of one mailbox's facts (everything but the owner).</summary>
    public static DirectoryIndex From(DirectoryFacts facts) =>
        new(facts.People, facts.GroupAddresses, facts.ResourceAddresses, facts.OrganizationDomains, facts.OrganizationName, facts.UnansweredSenders);

    /// <summary>The person key for a normalised address: the directory person's primary address, or null when unknown.</summary>
    public string? KeyOf(string normalized) => _keyByAddress.GetValueOrDefault(normalized);

    public DirectoryPerson? PersonOf(string key) => _people.GetValueOrDefault(key);

    public bool IsGroup(string normalized) => _groups.Contains(normalized);

    public bool IsResource(string normalized) => _resources.Contains(normalized);

    /// <summary>How many of the tenant's mailboxes this address wrote to without anyone answering it (0 when it is not such a sender).</summary>
    public int UnansweredMailboxesOf(string normalized) => _unanswered.GetValueOrDefault(normalized);

    public bool IsOrganizationDomain(string domain) => _domains.Any(d => Addresses.IsInDomain(domain, d));

    private static FrozenSet<string> Normalized(IEnumerable<string> addresses) =>
        addresses.Select(Addresses.Normalize).OfType<string>().ToFrozenSet(StringComparer.Ordinal);
}
