namespace GraphNetworker.Core.Ports;

/// <summary>A directory user as Graph returned them (deleted users carry <see cref="DeletedAt"/>).</summary>
public sealed record ObservedUser
{
    public required string Id { get; init; }

    public string? DisplayName { get; init; }

    public string? Mail { get; init; }

    public string? UserPrincipalName { get; init; }

    /// <summary>proxyAddresses as Graph returns them (<c>SMTP:</c>, <c>smtp:</c>, <c>X500:</c>).</summary>
    public IReadOnlyList<string> ProxyAddresses { get; init; } = [];

    public IReadOnlyList<string> OtherMails { get; init; } = [];

    public string? JobTitle { get; init; }

    public bool? AccountEnabled { get; init; }

    /// <summary>When the account was deleted (it is in the directory's recycle bin), or null.</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    public bool IsDeleted { get; init; }
}

/// <summary>A mail-enabled group as Graph returned it: its addresses are lists, not people.</summary>
public sealed record ObservedGroup(string Id, string? DisplayName, string? Mail, IReadOnlyList<string> ProxyAddresses);

/// <summary>One read of the directory: users, deleted users still in the recycle bin, and mail-enabled groups.</summary>
public sealed record DirectoryObservation(IReadOnlyList<ObservedUser> Users, IReadOnlyList<ObservedUser> DeletedUsers, IReadOnlyList<ObservedGroup> Groups);
