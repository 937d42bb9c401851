using GraphNetworker.Core;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Graph;
using GraphNetworker.Store;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Worker.Pipeline;

/// <summary>
/// Runs the engine over one mailbox's stored interactions, the shared directory and the user's decisions, and stores
/// its assessment. The directory is loaded once per cycle (<see cref="LoadDirectoryAsync"/>) and passed to every mailbox.
/// </summary>
public sealed class MailboxEvaluator(
    EvaluationStore store,
    IDbContextFactory<GraphNetworkerDbContext> contexts,
    IOptions<EngineOptions> engineOptions,
    IOptions<ScopeOptions> scopeOptions,
    TimeProvider time)
{
    /// <summary>The tenant's directory and organisation, indexed for every evaluation of a cycle.</summary>
    public async Task<DirectoryIndex> LoadDirectoryAsync(CancellationToken cancellationToken)
    {
        var (domains, name) = await OrganizationAsync(cancellationToken);
        return await store.LoadDirectoryAsync(domains, name, cancellationToken);
    }

    public async Task<MailboxAssessment> EvaluateAsync(Mailbox mailbox, DirectoryIndex directory, CancellationToken cancellationToken)
    {
        var owner = await store.LoadOwnerAsync(mailbox, cancellationToken);
        var state = await store.LoadUserStateAsync(mailbox.Id, [.. scopeOptions.Value.SeniorPeople], cancellationToken);
        var engine = new RelationshipEngine(engineOptions.Value, time);

        // Rows stream from the database into the engine, which keeps per-person contact histories rather than the items.
        var assessment = await Task.Run(() => engine.Evaluate(directory, owner, store.StreamInteractions(mailbox.Id), state), cancellationToken);
        await store.SaveAssessmentAsync(mailbox.Id, assessment, cancellationToken);
        return assessment;
    }

    /// <summary>The organisation's domains and name: configured, or the domains of the directory's people.</summary>
    private async Task<(IReadOnlyList<string> Domains, string? Name)> OrganizationAsync(CancellationToken cancellationToken)
    {
        var scope = scopeOptions.Value;
        if (scope.OrganizationDomains.Count > 0)
        {
            return ([.. scope.OrganizationDomains], scope.OrganizationName ?? Addresses.CompanyFromDomain(scope.OrganizationDomains[0]));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Members' mail and sign-in domains; guests (#EXT#) belong to other organisations.
        var members = await db.DirectoryPeople.AsNoTracking()
            .Where(p => p.UserPrincipalName == null || !p.UserPrincipalName.Contains("#EXT#"))
            .Select(p => new { p.PrimaryAddress, p.UserPrincipalName })
            .ToListAsync(cancellationToken);
        var domains = members.SelectMany(p => new[] { p.PrimaryAddress, p.UserPrincipalName ?? string.Empty })
            .Select(a => Addresses.Normalize(a) is { } normalized ? Addresses.DomainOf(normalized) : string.Empty)
            .Where(d => d.Length > 0)
            .GroupBy(d => d, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .ToList();
        return (domains, scope.OrganizationName ?? (domains.Count > 0 ? Addresses.CompanyFromDomain(domains[0]) : null));
    }
}
