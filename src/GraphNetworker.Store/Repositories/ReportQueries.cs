using GraphNetworker.Core.Model;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Repositories;

/// <summary>A relationship as reports show it: the engine's assessment and its place in the focus list.</summary>
public sealed record RankedRelationship(RelationshipAssessment Assessment, int? FocusRank, DateTimeOffset EvaluatedAt);

/// <summary>What the report, explain, the demo and its preview read: one mailbox's latest assessment and its suggestions.</summary>
public sealed class ReportQueries(IDbContextFactory<GraphNetworkerDbContext> contexts)
{
    /// <summary>Every person of the mailbox's latest evaluation, focus list first, then by strength (excluded people last).</summary>
    public async Task<IReadOnlyList<RankedRelationship>> RelationshipsAsync(string mailboxId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Relationships.AsNoTracking()
            .Where(r => EF.Property<string>(r, Shadow.MailboxId) == mailboxId)
            .Select(r => new { Assessment = r, Rank = EF.Property<int?>(r, Shadow.FocusRank), At = EF.Property<DateTime>(r, Shadow.EvaluatedAt) })
            .ToListAsync(cancellationToken);
        return [.. rows
            .Select(r => new RankedRelationship(r.Assessment, r.Rank, new DateTimeOffset(r.At, TimeSpan.Zero)))
            .OrderBy(r => r.FocusRank ?? int.MaxValue)
            .ThenBy(r => r.Assessment.Status == RelationshipStatus.Excluded)
            .ThenByDescending(r => r.Assessment.Strength)
            .ThenBy(r => r.Assessment.PersonKey, StringComparer.Ordinal)];
    }

    /// <summary>Every suggestion ever made in the mailbox, newest first.</summary>
    public async Task<IReadOnlyList<Suggestion>> SuggestionsAsync(string mailboxId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Suggestions.AsNoTracking()
            .Where(s => EF.Property<string>(s, Shadow.MailboxId) == mailboxId)
            .OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id)
            .ToListAsync(cancellationToken);
    }
}
