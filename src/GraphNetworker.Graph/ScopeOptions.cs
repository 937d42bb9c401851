using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Graph;

/// <summary>Which mailboxes are read. Section <c>GraphNetworker:Scope</c>.</summary>
public sealed class ScopeOptions : IValidatableObject
{
    public const string SectionName = "GraphNetworker:Scope";

    /// <summary>The opt-in group: its transitive members are the mailboxes in scope.</summary>
    public string? OptInGroupId { get; set; }

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
