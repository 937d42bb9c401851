using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Noise;
using GraphNetworker.Core.Planning;
using GraphNetworker.Core.Scoring;

namespace GraphNetworker.Core;

/// <summary>
/// The relationship engine: from one mailbox's interactions and directory facts to last contact, strength, tier,
/// cadence, status and a small focus list of suggestions. Pure and deterministic: no I/O, time from the
/// <see cref="TimeProvider"/>, the same input in any order gives the same answer, and cost grows linearly with it.
/// </summary>
public sealed class RelationshipEngine(EngineOptions options, TimeProvider time)
{
    private readonly ContactWeighting _weighting = new(options);

    /// <summary>Scores every person in the mailbox and plans new suggestions, indexing the directory for this one call.</summary>
    public MailboxAssessment Evaluate(DirectoryFacts directory, IEnumerable<Interaction> interactions, UserState state) =>
        Evaluate(DirectoryIndex.From(directory), directory.Owner, interactions, state);

    /// <summary>Scores every person in the owner's mailbox and plans new suggestions, over a directory indexed once for many mailboxes.</summary>
    public MailboxAssessment Evaluate(DirectoryIndex directory, OwnerIdentity owner, IEnumerable<Interaction> interactions, UserState state)
    {
        var builder = Begin(directory, owner);
        foreach (var interaction in interactions)
        {
            builder.Add(interaction);
        }

        return Finish(builder, directory, state);
    }

    /// <summary>
    /// The same, over interactions streamed from the store: the engine keeps per-person contact histories, never the
    /// items, so memory follows the number of people rather than the size of the mailbox.
    /// </summary>
    public async Task<MailboxAssessment> EvaluateAsync(
        DirectoryIndex directory, OwnerIdentity owner, IAsyncEnumerable<Interaction> interactions, UserState state, CancellationToken cancellationToken)
    {
        var builder = Begin(directory, owner);
        await foreach (var interaction in interactions.WithCancellation(cancellationToken))
        {
            builder.Add(interaction);
        }

        return Finish(builder, directory, state);
    }

    private LedgerBuilder Begin(DirectoryIndex directory, OwnerIdentity owner) =>
        new(_weighting, new IdentityResolver(directory, owner), time.GetUtcNow());

    private MailboxAssessment Finish(LedgerBuilder builder, DirectoryIndex directory, UserState state)
    {
        var now = builder.Now;
        foreach (var completed in state.Suggestions.Where(s => s.Kind == SuggestionKind.Task && s.State == SuggestionState.Completed))
        {
            builder.AddCompletedSuggestion(completed.PersonKey, completed.ResolvedAt ?? completed.CreatedAt);
        }

        var resolver = builder.Resolver;
        var links = new MoveDetector(options, resolver, directory).LinkMoves(builder.Ledgers, state.Links);
        var scorer = new RelationshipScorer(options, resolver, new NoiseClassifier(options, directory, state.Rules), directory, state, now);
        var relationships = builder.Ledgers.Values
            .OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(scorer.Score)
            .ToList();

        var (focus, suggestions) = new SuggestionPlanner(options, now).Plan(relationships, state.Suggestions, directory.OrganizationName, builder.HistoryStart);
        return new MailboxAssessment(now, relationships, focus, suggestions, links);
    }
}
