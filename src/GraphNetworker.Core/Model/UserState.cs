namespace GraphNetworker.Core.Model;

/// <summary>The relationship tiers, each with its own cadence.</summary>
public enum Tier
{
    Inner,
    Regular,
    Distant,
}

/// <summary>Where a relationship stands today.</summary>
public enum RelationshipStatus
{
    Ok,
    Due,
    Overdue,
    Snoozed,
    Muted,
    Excluded,
}

/// <summary>What the user (or an administrator) decided about one person.</summary>
public sealed record PersonPreference(
    string PersonKey,
    Tier? TierOverride = null,
    bool Muted = false,
    DateTimeOffset? SnoozedUntil = null,
    bool Senior = false);

/// <summary>Whether an exclusion rule came from the administrator (everyone) or the user (only them).</summary>
public enum RuleScope
{
    Admin,
    Personal,
}

/// <summary>
/// A blocklist entry: an address (<c>dana@fabrikam.com</c>), a domain (<c>fabrikam.com</c> or <c>@fabrikam.com</c>,
/// subdomains included) or a wildcard (<c>news*@*</c>, <c>*@*.fabrikam.com</c>).
/// </summary>
public sealed record ExclusionRule(string Pattern, RuleScope Scope, string? Note = null)
{
    /// <summary>
    /// A rule as the store keeps it: with the mailbox whose user made it, or with none for the administrator's, which
    /// apply to everyone. The scope is that difference, so it is not kept a second time.
    /// </summary>
    private ExclusionRule(string pattern, string? note, string? mailboxId)
        : this(pattern, mailboxId is null ? RuleScope.Admin : RuleScope.Personal, note)
    {
    }
}

/// <summary>A decision about linking two addresses as one person who moved (reversible).</summary>
public sealed record LinkDecision(string FromKey, string ToKey, bool Accepted)
{
    /// <summary>
    /// A link as the store keeps it: with the user's verdict, or with none while the user has not answered a link the
    /// engine made (which stands, as the engine made it, until they do).
    /// </summary>
    private LinkDecision(string fromKey, string toKey, bool? verdict)
        : this(fromKey, toKey, verdict ?? true)
    {
    }

    /// <summary>Why the two addresses were linked or unlinked: the engine's reason for a move, or the user's own decision.</summary>
    public string? Reason { get; init; }
}

/// <summary>Everything the user and the administrator decided that the engine must respect.</summary>
public sealed record UserState
{
    public static readonly UserState Empty = new();

    public IReadOnlyList<PersonPreference> Preferences { get; init; } = [];

    public IReadOnlyList<Suggestion> Suggestions { get; init; } = [];

    public IReadOnlyList<ExclusionRule> Rules { get; init; } = [];

    public IReadOnlyList<LinkDecision> Links { get; init; } = [];

    /// <summary>Extra senior-person addresses or titles (the "very senior" list).</summary>
    public IReadOnlyList<string> SeniorAddresses { get; init; } = [];
}
