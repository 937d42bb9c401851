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
/// <remarks>
/// Every write is fenced by the mailbox's lease (<see cref="FencedWrites"/>); where the port names only the mailbox or
/// the ledger row, by the lease this process holds on that mailbox (<see cref="MailboxLeases.HeldFence"/>).
/// </remarks>
public sealed class SuggestionStore(IDbContextFactory<GraphNetworkerDbContext> contexts, ItemStore items, MailboxLeases leases, TimeProvider time) : IOutlookLedger
{
    /// <summary>
    /// Stores planned suggestions as Pending in the caller's transaction, the one that stores the assessment that planned
    /// them (<see cref="EvaluationStore.SaveAssessmentAsync(LeaseFence, MailboxAssessment, EvaluationStamp, bool, CancellationToken)"/>):
    /// one already stored under the same id is kept, and the mailbox's inputs are marked changed when any was added, so
    /// its next evaluation sees them.
    /// </summary>
    internal static async Task<int> AddPlannedAsync(GraphNetworkerDbContext db, string mailboxId, IReadOnlyList<SuggestionPlan> planned, DateTimeOffset now, CancellationToken ct)
    {
        if (planned.Count == 0)
        {
            return 0;
        }

        var suggestions = planned.Select(p => Suggestion.FromPlan(mailboxId, p, now)).ToList();
        var ids = suggestions.Select(s => s.Id).ToList();
        var existing = await db.Suggestions.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        foreach (var suggestion in suggestions.Where(s => !existing.Contains(s.Id)))
        {
            var entry = db.Entry(suggestion);
            entry.Property(Shadow.MailboxId).CurrentValue = mailboxId;
            entry.State = EntityState.Added;
        }

        var added = await db.SaveChangesAsync(ct);
        if (added > 0)
        {
            await EvaluationInputs.ChangedAsync(db, mailboxId, now, ct);
        }

        return added;
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

    async Task IOutlookLedger.EndWriteAsync(long writeId, OutlookWriteStatus status, string? graphId, string? error, CancellationToken cancellationToken)
    {
        string? mailboxId;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            mailboxId = await db.OutlookWrites.AsNoTracking().Where(w => w.Id == writeId).Select(w => w.MailboxId).SingleOrDefaultAsync(cancellationToken);
        }

        if (mailboxId is null)
        {
            // Purged with its mailbox: nothing left to complete.
            return;
        }

        await EndWriteAsync(leases.HeldFence(mailboxId), writeId, status, graphId, error, cancellationToken);
    }

    /// <summary>Completes a ledger entry, only while <paramref name="mailbox"/> holds.</summary>
    public Task EndWriteAsync(LeaseFence mailbox, long writeId, OutlookWriteStatus status, string? graphId, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var bounded = error is { Length: > 2000 } ? error[..2000] : error;
        return contexts.FencedAsync(mailbox, (db, ct) => db.OutlookWrites.Where(w => w.Id == writeId && w.MailboxId == mailbox.MailboxId).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.Status, status)
            .SetProperty(w => w.GraphId, graphId)
            .SetProperty(w => w.Error, bounded)
            .SetProperty(w => w.CompletedAt, now), ct), cancellationToken);
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

    Task IOutlookLedger.SetTodoListAsync(string mailboxId, string listId, CancellationToken cancellationToken) =>
        SetTodoListAsync(leases.HeldFence(mailboxId), listId, cancellationToken);

    /// <summary>Remembers the user's "Keep in touch" list, only while <paramref name="mailbox"/> holds.</summary>
    public Task SetTodoListAsync(LeaseFence mailbox, string listId, CancellationToken cancellationToken) =>
        contexts.FencedAsync(mailbox, (db, ct) => db.Mailboxes.Where(m => m.Id == mailbox.MailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.TodoListId, listId), ct), cancellationToken);

    Task IOutlookLedger.MarkOwnHoldAsync(string mailboxId, string graphId, CancellationToken cancellationToken) =>
        MarkOwnHoldAsync(leases.HeldFence(mailboxId), graphId, cancellationToken);

    /// <summary>Marks the stored calendar copy of an event as our hold, only while <paramref name="mailbox"/> holds.</summary>
    public Task MarkOwnHoldAsync(LeaseFence mailbox, string graphId, CancellationToken cancellationToken)
    {
        var key = GraphIds.Key(graphId);
        return contexts.FencedAsync(mailbox, async (db, ct) =>
        {
            var number = await items.MailboxNumberAsync(db, mailbox.MailboxId, ct) ?? -1;
            return await db.StoredItems
                .Where(i => EF.Property<int>(i, ItemColumns.MailboxNumber) == number && EF.Property<long>(i, ItemColumns.ItemKey) == key)
                .ExecuteUpdateAsync(s => s.SetProperty(i => EF.Property<bool>(i, ItemColumns.IsOwnHold), true), ct);
        }, cancellationToken);
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
