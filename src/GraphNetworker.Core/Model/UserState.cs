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
public sealed record ExclusionRule(string Pattern, RuleScope Scope, string? Note = null);

/// <summary>A decision about linking two addresses as one person who moved (reversible).</summary>
public sealed record LinkDecision(string FromKey, string ToKey, bool Accepted);

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
