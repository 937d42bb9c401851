using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Repositories;

/// <summary>
/// Removes everything stored about one mailbox's relationships: items, cursors, assessments, suggestions, decisions,
/// the write ledger and personal rules. The mailbox row stays (as Purged or OptedOut) so the scope remembers it. The
/// deletes and the fence (a new lease epoch, out of scope) commit together: purged stays purged.
/// </summary>
public sealed class MailboxPurge(IDbContextFactory<GraphNetworkerDbContext> contexts, TimeProvider time)
{
    public async Task<int> PurgeAsync(string mailboxId, ScopeState newState, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);

            // First the fence, which locks the mailbox's row: a write already past its own fence check finishes before
            // this (and is deleted below); one after it finds the new epoch and the mailbox out of scope, and stops.
            await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LeaseEpoch, m => m.LeaseEpoch + 1)
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(m => m.ScopeState, newState), ct);
            // Items and correspondents are keyed by the mailbox's number: found from its id in the same statement.
            var number = db.Mailboxes.Where(m => m.Id == mailboxId).Select(m => m.Number);
            var removed = await db.StoredItems.Where(i => number.Contains(EF.Property<int>(i, Items.ItemColumns.MailboxNumber))).ExecuteDeleteAsync(ct);
            await db.Set<Dictionary<string, object>>(Items.CorrespondentColumns.Entity)
                .Where(c => number.Contains(EF.Property<int>(c, Items.CorrespondentColumns.MailboxNumber))).ExecuteDeleteAsync(ct);
            removed += await db.FolderCursors.Where(c => c.MailboxId == mailboxId).ExecuteDeleteAsync(ct);
            removed += await db.Relationships.Where(r => EF.Property<string>(r, Shadow.MailboxId) == mailboxId).ExecuteDeleteAsync(ct);
            removed += await db.Suggestions.Where(s => EF.Property<string>(s, Shadow.MailboxId) == mailboxId).ExecuteDeleteAsync(ct);
            removed += await db.PersonPreferences.Where(p => EF.Property<string>(p, Shadow.MailboxId) == mailboxId).ExecuteDeleteAsync(ct);
            removed += await db.PersonLinks.Where(l => EF.Property<string>(l, Shadow.MailboxId) == mailboxId).ExecuteDeleteAsync(ct);
            removed += await db.OutlookWrites.Where(w => w.MailboxId == mailboxId).ExecuteDeleteAsync(ct);
            removed += await db.ExclusionRules.Where(r => EF.Property<string?>(r, Shadow.MailboxId) == mailboxId).ExecuteDeleteAsync(ct);
            var now = time.GetUtcNow().UtcDateTime;
            await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.PurgedAt, now)
                .SetProperty(m => m.TodoListId, (string?)null)
                .SetProperty(m => m.FoldersRefreshedAt, (DateTime?)null)
                .SetProperty(m => m.LastEvaluatedAt, (DateTime?)null)
                .SetProperty(m => m.ItemsStored, 0L)
                .SetProperty(m => m.WorkingHours, (string?)null), ct);
            await transaction.CommitAsync(ct);
            return removed;
        }, cancellationToken);
    }
}
