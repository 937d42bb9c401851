using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Identity;

/// <summary>
/// One person per human: maps every normalised address to a person key. Directory people own all their addresses
/// (primary, aliases, proxyAddresses including X500 legacy DNs); anyone else is keyed by their own address.
/// </summary>
public sealed class IdentityResolver
{
    private readonly Dictionary<string, DirectoryPerson> _people = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _keyByAddress = new(StringComparer.Ordinal);
    private readonly HashSet<string> _owner = new(StringComparer.Ordinal);

    public IdentityResolver(DirectoryFacts directory)
    {
        foreach (var address in directory.Owner.Addresses.Append(directory.Owner.PrimaryAddress))
        {
            if (Addresses.Normalize(address) is { } normalized)
            {
                _owner.Add(normalized);
            }
        }

        foreach (var person in directory.People)
        {
            if (Addresses.Normalize(person.PrimaryAddress) is not { } key || _owner.Contains(key))
            {
                continue;
            }

            _people[key] = person;
            _keyByAddress[key] = key;
            foreach (var alias in person.Addresses)
            {
                if (Addresses.Normalize(alias) is { } normalized && !_owner.Contains(normalized))
                {
                    _keyByAddress.TryAdd(normalized, key);
                }
            }
        }
    }

    /// <summary>True when the address is one of the owner's own.</summary>
    public bool IsOwner(string normalized) => _owner.Contains(normalized);

    /// <summary>The person key for a normalised address: the directory person's primary address, or the address itself.</summary>
    public string KeyOf(string normalized) => _keyByAddress.TryGetValue(normalized, out var key) ? key : normalized;

    public DirectoryPerson? DirectoryPersonOf(string key) => _people.GetValueOrDefault(key);
}
