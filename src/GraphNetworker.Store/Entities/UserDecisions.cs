namespace GraphNetworker.Store.Entities;

/// <summary>A link between two identities of one person who moved, made by the engine or decided by the user (reversible).</summary>
public sealed class PersonLinkRow
{
    public long Id { get; set; }

    public required string MailboxId { get; set; }

    public required string FromKey { get; set; }

    public required string ToKey { get; set; }

    /// <summary>null: proposed by the engine; true: confirmed by the user; false: rejected (never linked again).</summary>
    public bool? Accepted { get; set; }

    public string? Reason { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? DecidedAt { get; set; }
}

/// <summary>A blocklist entry: for one mailbox (personal) or for everyone (admin, no mailbox).</summary>
public sealed class ExclusionRuleRow
{
    public long Id { get; set; }

    /// <summary>null for an administrator's rule that applies to every mailbox.</summary>
    public string? MailboxId { get; set; }

    public required string Pattern { get; set; }

    public string? Note { get; set; }

    public DateTime CreatedAt { get; set; }
}
