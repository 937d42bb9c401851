using System.Runtime.CompilerServices;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Repositories;

/// <summary>
/// What the engine reads (a mailbox's interactions streamed page by page, the user's decisions) and what it writes
/// back (one mailbox's assessments, replaced in one transaction).
/// </summary>
public sealed class EvaluationStore(IDbContextFactory<GraphNetworkerDbContext> contexts, TimeProvider time)
{
    private const int PageSize = 500;

    /// <summary>
    /// Streams a mailbox's interactions a page at a time: memory holds one page, not the mailbox. One long query would
    /// not stream on PostgreSQL or SQL Server, where the retrying execution strategy makes EF Core buffer the whole
    /// result; each page is a short query (retried on its own) along the (MailboxId, GraphId) index.
    /// </summary>
    public async IAsyncEnumerable<Interaction> StreamInteractionsAsync(string mailboxId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            List<Interaction> page;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                page = await db.Interactions.AsNoTracking()
                    .Where(i => EF.Property<string>(i, Shadow.MailboxId) == mailboxId && (after == null || string.Compare(i.ItemId, after) > 0))
                    .OrderBy(i => i.ItemId)
                    .Take(PageSize)
                    .ToListAsync(cancellationToken);
            }

            foreach (var item in page)
            {
                yield return item;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].ItemId;
        }
    }

    /// <summary>Everything the user and the administrator decided that the engine must respect, and the suggestions of the last three years.</summary>
    public async Task<UserState> LoadUserStateAsync(string mailboxId, IReadOnlyList<string> seniorAddresses, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var since = time.GetUtcNow().AddYears(-3);
        var preferences = await db.PersonPreferences.AsNoTracking().Where(p => EF.Property<string>(p, Shadow.MailboxId) == mailboxId).ToListAsync(cancellationToken);
        var suggestions = await db.Suggestions.AsNoTracking()
            .Where(s => EF.Property<string>(s, Shadow.MailboxId) == mailboxId && (s.CreatedAt > since || s.State == SuggestionState.NotARelationship))
            .ToListAsync(cancellationToken);
        var rules = await db.ExclusionRules.AsNoTracking()
            .Where(r => EF.Property<string?>(r, Shadow.MailboxId) == null || EF.Property<string?>(r, Shadow.MailboxId) == mailboxId)
            .ToListAsync(cancellationToken);

        // Only the user's verdicts bind the engine: a link it made and nobody answered is made again only if it still holds.
        var links = await db.PersonLinks.AsNoTracking()
            .Where(l => EF.Property<string>(l, Shadow.MailboxId) == mailboxId && EF.Property<bool?>(l, Shadow.Verdict) != null)
            .ToListAsync(cancellationToken);
        return new UserState
        {
            Preferences = preferences,
            Suggestions = suggestions,
            Rules = rules,
            Links = links,
            SeniorAddresses = seniorAddresses,
        };
    }

    /// <summary>Replaces the mailbox's relationships with a new assessment and records the engine's proposed links.</summary>
    public async Task SaveAssessmentAsync(LeaseFence mailbox, MailboxAssessment assessment, CancellationToken cancellationToken)
    {
        var mailboxId = mailbox.MailboxId;
        var focus = assessment.FocusList.Select((key, index) => (key, index)).ToDictionary(x => x.key, x => x.index + 1, StringComparer.Ordinal);
        await contexts.FencedAsync(mailbox, async (db, ct) =>
        {
            await db.Relationships.Where(r => EF.Property<string>(r, Shadow.MailboxId) == mailboxId).ExecuteDeleteAsync(ct);
            foreach (var relationship in assessment.Relationships)
            {
                var entry = db.Entry(Bounded(relationship));
                entry.Property(Shadow.MailboxId).CurrentValue = mailboxId;
                entry.Property(Shadow.FocusRank).CurrentValue = focus.TryGetValue(relationship.PersonKey, out var rank) ? rank : null;
                entry.Property(Shadow.EvaluatedAt).CurrentValue = assessment.EvaluatedAt.UtcDateTime;
                entry.State = EntityState.Added;
            }

            var known = await db.PersonLinks.Where(l => EF.Property<string>(l, Shadow.MailboxId) == mailboxId).Select(l => new { l.FromKey, l.ToKey }).ToListAsync(ct);
            foreach (var link in assessment.Links.Where(l => !known.Any(k => k.FromKey == l.FromKey && k.ToKey == l.ToKey)))
            {
                // Stored without a verdict: the user has not answered it.
                var entry = db.Entry(new LinkDecision(link.FromKey, link.ToKey, Accepted: true) { Reason = link.Reason });
                entry.Property(Shadow.MailboxId).CurrentValue = mailboxId;
                entry.Property(Shadow.CreatedAt).CurrentValue = assessment.EvaluatedAt.UtcDateTime;
                entry.State = EntityState.Added;
            }

            await db.SaveChangesAsync(ct);
            return await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastEvaluatedAt, assessment.EvaluatedAt.UtcDateTime), ct);
        }, cancellationToken);
    }

    /// <summary>An assessment within the columns' lengths (a display name or title from the directory can be longer).</summary>
    private static RelationshipAssessment Bounded(RelationshipAssessment r) => r with
    {
        DisplayName = Truncate(r.DisplayName, 256)!,
        JobTitle = Truncate(r.JobTitle, 256),
        LastContact = r.LastContact is { } c ? c with { Subject = Truncate(c.Subject, 255) } : null,
        LastOutbound = r.LastOutbound is { } o ? o with { Subject = Truncate(o.Subject, 255) } : null,
        LastInbound = r.LastInbound is { } i ? i with { Subject = Truncate(i.Subject, 255) } : null,
        LastMeeting = r.LastMeeting is { } m ? m with { Subject = Truncate(m.Subject, 255) } : null,
    };

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
