using System.Buffers;
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
        var builder = Begin(directory, owner, interactions.TryGetNonEnumeratedCount(out var count) ? count : 0);
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
        var builder = Begin(directory, owner, 0);
        await foreach (var interaction in interactions.WithCancellation(cancellationToken))
        {
            builder.Add(interaction);
        }

        return Finish(builder, directory, state);
    }

    private LedgerBuilder Begin(DirectoryIndex directory, OwnerIdentity owner, int expectedItems) =>
        new(_weighting, new IdentityResolver(directory, owner), time.GetUtcNow(), expectedItems);

    private MailboxAssessment Finish(LedgerBuilder builder, DirectoryIndex directory, UserState state)
    {
        builder.Complete();
        var now = builder.Now;
        foreach (var completed in state.Suggestions)
        {
            if (completed is { Kind: SuggestionKind.Task, State: SuggestionState.Completed })
            {
                builder.AddCompletedSuggestion(completed.PersonKey, completed.ResolvedAt ?? completed.CreatedAt);
            }
        }

        var resolver = builder.Resolver;
        var links = new MoveDetector(options, resolver, directory).LinkMoves(builder, state.Links);
        var scorer = new RelationshipScorer(
            options, resolver, new NoiseClassifier(options, directory, state.Rules), state, new EvaluationContext(options, now, directory.OrganizationName, builder.Ledgers), now);
        var relationships = Score(builder, scorer);
        var (focus, suggestions) = new SuggestionPlanner(options, now).Plan(relationships, state.Suggestions, directory.OrganizationName, builder.HistoryStart);
        return new MailboxAssessment(now, relationships, focus, suggestions, links);
    }

    /// <summary>Every person (those merged into another aside), in the order of their keys.</summary>
    private static RelationshipAssessment[] Score(LedgerBuilder builder, RelationshipScorer scorer)
    {
        var ledgers = builder.Ledgers;
        var (count, mostEvents) = (0, 0);
        for (var person = 0; person < ledgers.Count; person++)
        {
            ref var ledger = ref ledgers[person];
            if ((ledger.Flags & LedgerFlags.Absorbed) == 0)
            {
                count++;
                mostEvents = Math.Max(mostEvents, ledger.Events.Count);
            }
        }

        // People are scored in the order their ledgers lie in memory (the order they were first seen), then the list is
        // put in key order: by the keys' first characters, packed into numbers as each person is scored (each key's text
        // is read once there, rather than at every comparison of a sort), and by the whole keys only where those tie.
        var events = new ContactEvent[mostEvents];
        var relationships = new RelationshipAssessment[count];
        var order = ArrayPool<KeyOrder>.Shared.Rent(count);
        for (int person = 0, at = 0; person < ledgers.Count; person++)
        {
            ref var ledger = ref ledgers[person];
            if ((ledger.Flags & LedgerFlags.Absorbed) != 0)
            {
                continue;
            }

            // One buffer for everyone's events: each person's are copied in, sorted and scored, then the next overwrites them.
            var mine = events.AsSpan(0, ledger.Events.Count);
            builder.Events.CopyTo(ledger.Events, mine);
            order[at] = new KeyOrder(ledger.Key, at);
            relationships[at++] = scorer.Score(ref ledger, mine, person);
        }

        var sorted = order.AsSpan(0, count);
        sorted.Sort(new KeyOrder.Comparer(relationships));
        KeyOrder.Arrange(relationships, sorted);
        ArrayPool<KeyOrder>.Shared.Return(order);
        return relationships;
    }
}
