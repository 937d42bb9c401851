using GraphNetworker.Core;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Graph;
using GraphNetworker.Store.Repositories;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Worker.Pipeline;

/// <summary>
/// Scores and plans one mailbox: its stored interactions stream into the engine with the cycle's directory index and
/// the user's decisions, and the assessment is stored.
/// </summary>
public sealed class MailboxEvaluator(
    EvaluationStore store,
    IMailboxSyncStore syncStore,
    IOptions<EngineOptions> engineOptions,
    IOptions<ScopeOptions> scopeOptions,
    TimeProvider time)
{
    /// <summary>Scores the mailbox and saves the assessment under its lease (a lost lease saves nothing).</summary>
    public async Task<MailboxAssessment> EvaluateAsync(MailboxProfile mailbox, LeaseFence fence, DirectoryIndex directory, CancellationToken cancellationToken)
    {
        var owner = new OwnerIdentity(mailbox.PrimaryAddress ?? mailbox.UserPrincipalName, await syncStore.OwnerAddressesAsync(mailbox, cancellationToken), mailbox.DisplayName);
        var state = await store.LoadUserStateAsync(mailbox.Id, [.. scopeOptions.Value.SeniorPeople], cancellationToken);
        var engine = new RelationshipEngine(engineOptions.Value, time);
        var assessment = await engine.EvaluateAsync(directory, owner, store.StreamInteractionsAsync(mailbox.Id, cancellationToken), state, cancellationToken);
        await store.SaveAssessmentAsync(fence, assessment, cancellationToken);
        return assessment;
    }
}
