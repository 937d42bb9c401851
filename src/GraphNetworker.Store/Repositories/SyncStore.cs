using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Repositories;

/// <summary>One page of a delta round: the items to keep, the ids removed, and the link that follows the page.</summary>
public sealed record FolderPage(
    string MailboxId,
    string FolderId,
    IReadOnlyList<InteractionRow> Items,
    IReadOnlyList<string> Removed,
    string? NextLink,
    string? DeltaLink,
    int Rejected);

/// <summary>What a committed page changed.</summary>
public sealed record PageOutcome(int Inserted, int Updated, int Removed, int Swept);

/// <summary>
/// Delta cursors and items. A page of items and the link that follows it are committed in one transaction, so a crash
/// at any point resumes from the last committed link without losing or double-counting anything: items are upserted
/// by their immutable Graph id, removals delete only the copy in that folder, and a completed full round sweeps what
/// it did not see (items deleted while a token had expired).
/// </summary>
public sealed class SyncStore(IDbContextFactory<GraphNetworkerDbContext> contexts, TimeProvider time)
{
    public async Task<FolderCursor> GetOrCreateCursorAsync(
        string mailboxId, string folderId, FolderKind kind, string? displayName, string? parentId, string? wellKnownName, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var cursor = await db.FolderCursors.SingleOrDefaultAsync(c => c.MailboxId == mailboxId && c.FolderId == folderId, cancellationToken);
        if (cursor is null)
        {
            cursor = new FolderCursor { MailboxId = mailboxId, FolderId = folderId, Kind = kind, DisplayName = displayName, ParentFolderId = parentId, WellKnownName = wellKnownName };
            db.FolderCursors.Add(cursor);
        }
        else
        {
            cursor.DisplayName = displayName ?? cursor.DisplayName;
            cursor.ParentFolderId = parentId ?? cursor.ParentFolderId;
            cursor.WellKnownName = wellKnownName ?? cursor.WellKnownName;
            cursor.IsRemoved = false;
        }

        await db.SaveChangesAsync(cancellationToken);
        return cursor;
    }

    public async Task<List<FolderCursor>> CursorsAsync(string mailboxId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.FolderCursors.AsNoTracking().Where(c => c.MailboxId == mailboxId).OrderBy(c => c.FolderId).ToListAsync(cancellationToken);
    }

    /// <summary>Starts a full round (first sync, an expired token, or a new calendar window): a new generation, no links.</summary>
    public async Task<FolderCursor> StartFullRoundAsync(
        string mailboxId, string folderId, bool isResync, DateTime? windowStart, DateTime? windowEnd, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var cursor = await db.FolderCursors.SingleAsync(c => c.MailboxId == mailboxId && c.FolderId == folderId, cancellationToken);
        cursor.Generation++;
        cursor.FullRound = true;
        cursor.NextLink = null;
        cursor.DeltaLink = null;
        cursor.Truncated = false;
        cursor.RoundStartedAt = time.GetUtcNow().UtcDateTime;
        cursor.WindowStart = windowStart ?? cursor.WindowStart;
        cursor.WindowEnd = windowEnd ?? cursor.WindowEnd;
        if (isResync)
        {
            cursor.Resyncs++;
            await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Resyncs, m => m.Resyncs + 1), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return cursor;
    }

    public async Task<PageOutcome> CommitPageAsync(FolderPage page, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var outcome = await ApplyAsync(db, page, ct);
            await transaction.CommitAsync(ct);
            return outcome;
        }, cancellationToken);
    }

    /// <summary>Marks folders that no longer exist (or are no longer tracked) and drops their items.</summary>
    public async Task RetireFoldersAsync(string mailboxId, IReadOnlyCollection<string> folderIds, CancellationToken cancellationToken)
    {
        if (folderIds.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dropped = await db.Interactions.Where(i => i.MailboxId == mailboxId && folderIds.Contains(i.FolderId)).ExecuteDeleteAsync(cancellationToken);
        if (dropped > 0)
        {
            await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.ItemsStored, m => m.ItemsStored - dropped), cancellationToken);
        }

        await db.FolderCursors.Where(c => c.MailboxId == mailboxId && folderIds.Contains(c.FolderId))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.IsRemoved, true).SetProperty(c => c.DeltaLink, (string?)null).SetProperty(c => c.NextLink, (string?)null), cancellationToken);
    }

    /// <summary>Retention: drops items older than the backfill window (they no longer count, and are not kept).</summary>
    public async Task<int> PruneAsync(string mailboxId, DateTime olderThan, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pruned = await db.Interactions.Where(i => i.MailboxId == mailboxId && i.OccurredAt < olderThan).ExecuteDeleteAsync(cancellationToken);
        if (pruned > 0)
        {
            await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.ItemsStored, m => m.ItemsStored - pruned), cancellationToken);
        }

        return pruned;
    }

    private async Task<PageOutcome> ApplyAsync(GraphNetworkerDbContext db, FolderPage page, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var cursor = await db.FolderCursors.SingleAsync(c => c.MailboxId == page.MailboxId && c.FolderId == page.FolderId, ct);

        // A replayed item may appear twice on one page: the last copy wins.
        var incoming = page.Items.GroupBy(i => i.GraphId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var ids = incoming.Select(i => i.GraphId).ToList();
        var existing = ids.Count == 0
            ? []
            : await db.Interactions.Where(i => i.MailboxId == page.MailboxId && ids.Contains(i.GraphId)).ToDictionaryAsync(i => i.GraphId, StringComparer.Ordinal, ct);

        int inserted = 0, updated = 0;
        foreach (var item in incoming)
        {
            item.Generation = cursor.Generation;
            item.UpdatedAt = now;
            if (existing.TryGetValue(item.GraphId, out var row))
            {
                item.Id = row.Id;
                db.Entry(row).CurrentValues.SetValues(item);
                updated++;
            }
            else
            {
                item.Id = 0;
                db.Interactions.Add(item);
                inserted++;
            }
        }

        var removedIds = page.Removed.Where(r => !ids.Contains(r)).Distinct(StringComparer.Ordinal).ToList();
        var removed = removedIds.Count == 0 ? 0 : await db.Interactions
            .Where(i => i.MailboxId == page.MailboxId && i.FolderId == page.FolderId && removedIds.Contains(i.GraphId))
            .ExecuteDeleteAsync(ct);

        cursor.NextLink = page.NextLink;
        if (page.NextLink is not null)
        {
            // A round in progress continues only from its next link; the old delta link is spent (never both set).
            cursor.DeltaLink = null;
        }

        var swept = 0;
        if (page.DeltaLink is not null)
        {
            cursor.DeltaLink = page.DeltaLink;
            cursor.NextLink = null;
            cursor.LastCompletedAt = now;
            if (cursor.FullRound)
            {
                await db.SaveChangesAsync(ct);
                swept = await db.Interactions
                    .Where(i => i.MailboxId == page.MailboxId && i.FolderId == page.FolderId && i.Generation < cursor.Generation)
                    .ExecuteDeleteAsync(ct);
                cursor.FullRound = false;
            }
        }

        await db.SaveChangesAsync(ct);
        var delta = inserted - removed - swept;
        await db.Mailboxes.Where(m => m.Id == page.MailboxId).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.ItemsStored, m => m.ItemsStored + delta)
            .SetProperty(m => m.ItemsRejected, m => m.ItemsRejected + page.Rejected)
            .SetProperty(m => m.LastCycleItems, m => m.LastCycleItems + incoming.Count)
            .SetProperty(m => m.LastCycleRejected, m => m.LastCycleRejected + page.Rejected), ct);
        return new PageOutcome(inserted, updated, removed, swept);
    }
}
