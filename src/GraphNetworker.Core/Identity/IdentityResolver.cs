using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Identity;

/// <summary>
/// One person per human, seen from one mailbox: maps every normalised address to a person key through the shared
/// <see cref="DirectoryIndex"/> (directory people own all their addresses: primary, aliases, proxyAddresses including
/// X500 legacy DNs; anyone else is keyed by their own address), and knows every address that means the owner, including
/// the aliases the directory holds for them.
/// </summary>
public sealed class IdentityResolver
{
    private readonly DirectoryIndex _directory;
    private readonly HashSet<string> _owner = new(StringComparer.Ordinal);

    public IdentityResolver(DirectoryIndex directory, OwnerIdentity owner)
    {
        _directory = directory;
        OwnerName = DisplayNames.Clean(owner.DisplayName ?? directory.PersonOf(Addresses.Normalize(owner.PrimaryAddress) ?? string.Empty)?.DisplayName);
        foreach (var address in owner.Addresses.Append(owner.PrimaryAddress))
        {
            if (Addresses.Normalize(address) is { } normalized)
            {
                _owner.Add(normalized);
            }
        }

        foreach (var address in _owner.ToList())
        {
            if (directory.PersonOf(address) is { } self)
            {
                foreach (var alias in self.Addresses)
                {
                    if (Addresses.Normalize(alias) is { } normalized)
                    {
                        _owner.Add(normalized);
                    }
                }
            }
        }
    }

    /// <summary>The owner's name, when known: an address outside the directory that carries it is the owner's own elsewhere.</summary>
    public string? OwnerName { get; }

    /// <summary>True when the address is one of the owner's own.</summary>
    public bool IsOwner(string normalized) => _owner.Contains(normalized);

    /// <summary>The person key for a normalised address: the directory person's primary address, or the address itself.</summary>
    public string KeyOf(string normalized) => _directory.KeyOf(normalized) is { } key && !_owner.Contains(key) ? key : normalized;

    /// <summary>The directory entry behind a person key; never the owner's own.</summary>
    public DirectoryPerson? DirectoryPersonOf(string key) => _owner.Contains(key) ? null : _directory.PersonOf(key);
}
