namespace GraphNetworker.Core.Model;

/// <summary>The mailbox owner: every address that means "me".</summary>
public sealed record OwnerIdentity(string PrimaryAddress, IReadOnlyList<string> Addresses, string? DisplayName = null);

/// <summary>A person the directory knows: their addresses (primary, aliases, proxyAddresses incl. X500), title and whether they left.</summary>
public sealed record DirectoryPerson
{
    public required string PrimaryAddress { get; init; }

    /// <summary>The Entra object id, when known: Teams members and call participants arrive by it.</summary>
    public string? UserId { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>Every other address: proxyAddresses as Graph returns them (<c>smtp:</c>, <c>X500:</c>), aliases, legacy DN.</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    public string? JobTitle { get; init; }

    /// <summary>The account is disabled or deleted: the person has left the organisation.</summary>
    public bool HasLeft { get; init; }

    /// <summary>When the departure was first seen (deletion time, or when the account was first seen disabled).</summary>
    public DateTimeOffset? LeftAt { get; init; }

    /// <summary>When the directory title last changed, if the store saw it change.</summary>
    public DateTimeOffset? TitleChangedAt { get; init; }
}

/// <summary>What the directory says around one mailbox: the owner, known people, groups and rooms.</summary>
public sealed record DirectoryFacts
{
    public required OwnerIdentity Owner { get; init; }

    public IReadOnlyList<DirectoryPerson> People { get; init; } = [];

    /// <summary>Addresses of distribution lists, Microsoft 365 groups and mail-enabled security groups.</summary>
    public IReadOnlyList<string> GroupAddresses { get; init; } = [];

    /// <summary>Addresses of rooms and equipment.</summary>
    public IReadOnlyList<string> ResourceAddresses { get; init; } = [];

    /// <summary>The organisation's own domains (for "moved to another company" and internal/external wording).</summary>
    public IReadOnlyList<string> OrganizationDomains { get; init; } = [];

    /// <summary>The organisation's name as people say it ("Contoso"), for reasons like "left Contoso".</summary>
    public string? OrganizationName { get; init; }

    /// <summary>Senders that write to many of the tenant's mailboxes and whom nobody there ever answered or met (see <see cref="UnansweredSender"/>).</summary>
    public IReadOnlyList<UnansweredSender> UnansweredSenders { get; init; } = [];
}

/// <summary>
/// A tenant-wide fact about one address, worked out from every mailbox's last assessment (outside the engine, which
/// sees one mailbox): it wrote directly to <paramref name="Mailboxes"/> of the tenant's mailboxes, and no owner ever
/// wrote to it, met it or chatted with it. A system or a mass sender behaves so; a person is answered by someone.
/// </summary>
public sealed record UnansweredSender(string Address, int Mailboxes);
