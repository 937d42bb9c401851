using GraphNetworker.Core;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Graph;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Repositories;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Worker.Pipeline;

/// <summary>
/// Runs the engine over one mailbox's stored interactions, the shared directory and the user's decisions, and stores
/// its assessment. The directory is loaded once per cycle (<see cref="LoadDirectoryAsync"/>) and passed to every mailbox.
/// </summary>
public sealed class MailboxEvaluator(
    EvaluationStore store,
    MailboxHealth health,
    IOptions<EngineOptions> engineOptions,
    IOptions<ScopeOptions> scopeOptions,
    TimeProvider time)
{
    /// <summary>The tenant's directory and organisation (configured, else the members' own domains), indexed for every evaluation of a cycle.</summary>
    public Task<DirectoryIndex> LoadDirectoryAsync(CancellationToken cancellationToken) =>
        store.LoadDirectoryAsync([.. scopeOptions.Value.OrganizationDomains], scopeOptions.Value.OrganizationName, cancellationToken);

    public async Task<MailboxAssessment> EvaluateAsync(Mailbox mailbox, DirectoryIndex directory, CancellationToken cancellationToken)
    {
        var owner = new OwnerIdentity(mailbox.PrimaryAddress ?? mailbox.UserPrincipalName, await health.OwnerAddressesAsync(mailbox, cancellationToken), mailbox.DisplayName);
        var state = await store.LoadUserStateAsync(mailbox.Id, [.. scopeOptions.Value.SeniorPeople], cancellationToken);
        var engine = new RelationshipEngine(engineOptions.Value, time);

        // Rows stream from the database into the engine, which keeps per-person contact histories rather than the items.
        var assessment = await Task.Run(() => engine.Evaluate(directory, owner, store.StreamInteractions(mailbox.Id), state), cancellationToken);
        await store.SaveAssessmentAsync(mailbox.Id, assessment, cancellationToken);
        return assessment;
    }
}
