namespace GraphNetworker.Store.Entities;

/// <summary>A directory user, cached (the table keeps its first name, DirectoryPeople): addresses (proxyAddresses incl. X500), title, and whether they left.</summary>
public sealed class DirectoryUser
{
    public required string Id { get; set; }

    public required string PrimaryAddress { get; set; }

    public string? UserPrincipalName { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>Every address: proxyAddresses (with X500 legacy DNs), otherMails, mail and UPN.</summary>
    public required IReadOnlyList<string> Addresses { get; set; }

    public string? JobTitle { get; set; }

    public string? PreviousJobTitle { get; set; }

    public DateTime? TitleChangedAt { get; set; }

    public bool AccountEnabled { get; set; }

    public bool IsDeleted { get; set; }

    /// <summary>When the account was first seen disabled or deleted.</summary>
    public DateTime? LeftAt { get; set; }

    public DateTime RefreshedAt { get; set; }
}

public enum DirectoryAddressKind
{
    Group = 0,
    Resource = 1,
}

/// <summary>An address that is not a person: a distribution list, a group, a room or equipment.</summary>
public sealed class DirectoryAddress
{
    public required string Address { get; set; }

    public DirectoryAddressKind Kind { get; set; }

    public string? DisplayName { get; set; }

    public DateTime RefreshedAt { get; set; }
}
