namespace GraphNetworker.Core.Ports;

/// <summary>One user's mailbox as the adapters need it: who it belongs to, their time zone and our To Do list.</summary>
public sealed record MailboxProfile
{
    /// <summary>The Graph user id (immutable object id).</summary>
    public required string Id { get; init; }

    public required string UserPrincipalName { get; init; }

    public string? PrimaryAddress { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>Windows or IANA time zone from mailboxSettings.</summary>
    public string? TimeZone { get; init; }

    /// <summary>The id of the user's "Keep in touch" To Do list, once found or created.</summary>
    public string? TodoListId { get; init; }

    /// <summary>When the folder tree and mailbox settings were last read.</summary>
    public DateTimeOffset? FoldersRefreshedAt { get; init; }

    /// <summary>The address the user's own calendar is asked for by (getSchedule).</summary>
    public string ScheduleAddress => PrimaryAddress ?? UserPrincipalName;
}

/// <summary>A user the opt-in scope names (a member of the opt-in group, or a configured mailbox), as Graph returned them.</summary>
public sealed record ScopeMember(string Id, string? UserPrincipalName, string? Mail, string? DisplayName, bool? AccountEnabled);
