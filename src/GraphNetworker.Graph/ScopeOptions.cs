using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Graph;

/// <summary>Which mailboxes are read. Section <c>GraphNetworker:Scope</c>.</summary>
public sealed class ScopeOptions : IValidatableObject
{
    public const string SectionName = "GraphNetworker:Scope";

    /// <summary>The opt-in group: its members are the mailboxes in scope (transitive members, or direct ones under <see cref="ExchangeScoping"/> Direct).</summary>
    public string? OptInGroupId { get; set; }

    /// <summary>
    /// How Exchange limits the app's mailbox access (RBAC for Applications, admin guide section 5), so the scope read from
    /// the opt-in group matches what Exchange allows: <c>Direct</c> reads the group's direct members (a management
    /// scope's <c>MemberOfGroup</c> filter), <c>Transitive</c> and <c>None</c> its transitive members.
    /// </summary>
    public ExchangeScoping ExchangeScoping { get; set; } = ExchangeScoping.None;

    /// <summary>Or an explicit list of user principal names or ids.</summary>
    public IList<string> Mailboxes { get; set; } = [];

    /// <summary>Data of a mailbox that left the scope is purged after this grace period.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan PurgeAfter { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The organisation's own domains; by default the domains of the directory's users.</summary>
    public IList<string> OrganizationDomains { get; set; } = [];

    /// <summary>The organisation's name in reasons ("left Contoso"); by default from the first domain.</summary>
    public string? OrganizationName { get; set; }

    /// <summary>Very senior people by address, who default to the distant cadence.</summary>
    public IList<string> SeniorPeople { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(OptInGroupId) && Mailboxes.Count == 0)
        {
            yield return new ValidationResult(
                "Set GraphNetworker:Scope:OptInGroupId (the opt-in group's object id) or GraphNetworker:Scope:Mailboxes.",
                [nameof(OptInGroupId)]);
        }
    }
}

/// <summary>Validates <see cref="ScopeOptions"/> on start, naming the key that is wrong.</summary>
[OptionsValidator]
internal sealed partial class ScopeOptionsValidator : IValidateOptions<ScopeOptions>;

/// <summary>How Exchange Online limits the app's access to mailboxes (<see cref="ScopeOptions.ExchangeScoping"/>).</summary>
public enum ExchangeScoping
{
    /// <summary>No Exchange scoping: the mailbox permissions are tenant-wide; the opt-in group's transitive members are read.</summary>
    None,

    /// <summary>A management scope on the opt-in group that counts its direct members only: direct members are read.</summary>
    Direct,

    /// <summary>A scope that counts members of nested groups too (as an application access policy does): transitive members are read.</summary>
    Transitive,
}
