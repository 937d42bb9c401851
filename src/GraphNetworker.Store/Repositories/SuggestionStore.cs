using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Items;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Repositories;

/// <summary>
/// Suggestions and the ledger of writes to Outlook. A planned suggestion is stored as Pending before anything is
/// written, with a deterministic id; the write is recorded as started before the request and completed after it, so a
/// crash in between leaves a trail the next cycle reconciles (by the task's externalId or the hold's transactionId).
/// </summary>
public sealed class SuggestionStore(IDbContextFactory<GraphNetworkerDbContext> contexts, ItemStore items, TimeProvider time) : IOutlookLedger
{
    /// <summary>Stores newly planned suggestions as Pending (a suggestion already stored under the same id is kept).</summary>
    public async Task<int> AddPlannedAsync(LeaseFence mailbox, IReadOnlyList<SuggestionPlan> planned, CancellationToken cancellationToken)
    {
        if (planned.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var suggestions = planned.Select(p => Suggestion.FromPlan(mailbox.MailboxId, p, now)).ToList();
        var ids = suggestions.Select(s => s.Id).ToList();
        return await contexts.FencedAsync(mailbox, async (db, ct) =>
        {
            var existing = await db.Suggestions.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
            foreach (var suggestion in suggestions.Where(s => !existing.Contains(s.Id)))
            {
                var entry = db.Entry(suggestion);
                entry.Property(Shadow.MailboxId).CurrentValue = mailbox.MailboxId;
                entry.State = EntityState.Added;
            }

            var added = await db.SaveChangesAsync(ct);
            if (added > 0)
            {
                await EvaluationInputs.ChangedAsync(db, mailbox.MailboxId, now, ct);
            }

            return added;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<Suggestion>> ActiveAsync(string mailboxId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Suggestions.AsNoTracking()
            .Where(s => EF.Property<string>(s, Shadow.MailboxId) == mailboxId && (s.State == SuggestionState.Pending || s.State == SuggestionState.Open))
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .ToListAsync(cancellationToken);
    }

    public Task<long> BeginWriteAsync(LeaseFence mailbox, string? suggestionId, OutlookOperation operation, CancellationToken cancellationToken) =>
        contexts.FencedAsync(mailbox, async (db, ct) =>
        {
            var write = new OutlookWrite { MailboxId = mailbox.MailboxId, SuggestionId = suggestionId, Operation = operation, Status = OutlookWriteStatus.Started, StartedAt = time.GetUtcNow().UtcDateTime };
            db.OutlookWrites.Add(write);
            await db.SaveChangesAsync(ct);
            return write.Id;
        }, cancellationToken);

    public async Task EndWriteAsync(long writeId, OutlookWriteStatus status, string? graphId, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var bounded = error is { Length: > 2000 } ? error[..2000] : error;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.OutlookWrites.Where(w => w.Id == writeId).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.Status, status)
            .SetProperty(w => w.GraphId, graphId)
            .SetProperty(w => w.Error, bounded)
            .SetProperty(w => w.CompletedAt, now), cancellationToken);
    }

    public Task MarkWrittenAsync(
        LeaseFence mailbox, string suggestionId, string graphId, string? listId, SuggestionKind kind, DateTimeOffset? holdStart, DateTimeOffset? holdEnd, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return contexts.FencedAsync(mailbox, async (db, ct) =>
        {
            await db.Suggestions.Where(s => s.Id == suggestionId).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.State, SuggestionState.Open)
                .SetProperty(x => x.Kind, kind)
                .SetProperty(x => x.GraphId, graphId)
                .SetProperty(x => x.GraphListId, listId)
                .SetProperty(x => x.HoldStart, holdStart)
                .SetProperty(x => x.HoldEnd, holdEnd)
                .SetProperty(x => x.WrittenAt, now)
                .SetProperty(x => x.LastReadAt, now), ct);
            return await EvaluationInputs.ChangedAsync(db, mailbox.MailboxId, now, ct);
        }, cancellationToken);
    }

    public Task ResolveAsync(LeaseFence mailbox, string suggestionId, SuggestionState state, DateTimeOffset resolvedAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return contexts.FencedAsync(mailbox, async (db, ct) =>
        {
            await db.Suggestions.Where(s => s.Id == suggestionId).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.State, state)
                .SetProperty(x => x.ResolvedAt, resolvedAt)
                .SetProperty(x => x.LastReadAt, now), ct);
            return await EvaluationInputs.ChangedAsync(db, mailbox.MailboxId, now, ct);
        }, cancellationToken);
    }

    public Task NoteUserDueAsync(LeaseFence mailbox, string suggestionId, DateTimeOffset? userDue, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return contexts.FencedAsync(mailbox, async (db, ct) =>
        {
            await db.Suggestions.Where(s => s.Id == suggestionId).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.UserDueAt, userDue)
                .SetProperty(x => x.LastReadAt, now), ct);
            return await EvaluationInputs.ChangedAsync(db, mailbox.MailboxId, now, ct);
        }, cancellationToken);
    }

    public async Task SetTodoListAsync(string mailboxId, string listId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.TodoListId, listId), cancellationToken);
    }

    public async Task MarkOwnHoldAsync(string mailboxId, string graphId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mailbox = await items.MailboxNumberAsync(db, mailboxId, cancellationToken) ?? -1;
        var key = GraphIds.Key(graphId);
        await db.StoredItems
            .Where(i => EF.Property<int>(i, ItemColumns.MailboxNumber) == mailbox && EF.Property<long>(i, ItemColumns.ItemKey) == key)
            .ExecuteUpdateAsync(s => s.SetProperty(i => EF.Property<bool>(i, ItemColumns.IsOwnHold), true), cancellationToken);
    }

    public async Task<RelationshipAssessment?> RelationshipAsync(string mailboxId, string personKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Relationships.AsNoTracking()
            .SingleOrDefaultAsync(r => EF.Property<string>(r, Shadow.MailboxId) == mailboxId && r.PersonKey == personKey, cancellationToken);
    }

    public async Task<Interaction?> CalendarItemAsync(string mailboxId, string graphId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await items.MailboxNumberAsync(db, mailboxId, cancellationToken) is not { } mailbox)
        {
            return null;
        }

        var (connection, transaction, dialect) = await ItemStore.OpenAsync(db, cancellationToken);
        await items.EnsureFormatsAsync(connection, transaction, dialect, again: false, cancellationToken);
        var book = await ItemStore.ReadBookAsync(connection, transaction, dialect, mailbox, cancellationToken);
        return (await ItemReader.OneAsync(connection, dialect, mailbox, graphId, book, items.Links, cancellationToken))?.Item;
    }

    public async Task<DateTimeOffset?> CalendarSyncedAtAsync(string mailboxId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.FolderCursors.AsNoTracking()
            .Where(c => c.MailboxId == mailboxId && c.FolderId == SyncCursor.CalendarFolderId)
            .Select(c => c.LastCompletedAt)
            .SingleOrDefaultAsync(cancellationToken);
    }
}
