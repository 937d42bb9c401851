using System.Security.Cryptography;
using System.Text;
using GraphNetworker.Core.Model;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Repositories;

/// <summary>
/// Suggestions and the ledger of writes to Outlook. A planned suggestion is stored as Pending before anything is
/// written, with a deterministic id; the write is recorded as started before the request and completed after it, so a
/// crash in between leaves a trail the next cycle reconciles (by the task's externalId or the hold's transactionId).
/// </summary>
public sealed class SuggestionStore(IDbContextFactory<GraphNetworkerDbContext> contexts, TimeProvider time)
{
    /// <summary>A stable id for a suggestion: mailbox, person, kind and the day it was planned.</summary>
    public static string IdFor(string mailboxId, string personKey, SuggestionKind kind, DateTimeOffset plannedAt)
    {
        var text = $"{mailboxId}|{personKey}|{kind}|{plannedAt.UtcDateTime:yyyy-MM-dd}";
        return "gn-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32].ToLowerInvariant();
    }

    /// <summary>Stores newly planned suggestions as Pending (a suggestion already stored under the same id is kept).</summary>
    public async Task<int> AddPlannedAsync(string mailboxId, IReadOnlyList<Suggestion> planned, CancellationToken cancellationToken)
    {
        if (planned.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = planned.Select(s => new SuggestionRow
        {
            Id = IdFor(mailboxId, s.PersonKey, s.Kind, now),
            MailboxId = mailboxId,
            PersonKey = s.PersonKey,
            DisplayName = s.DisplayName.Length <= 256 ? s.DisplayName : s.DisplayName[..256],
            Kind = (int)s.Kind,
            State = (int)SuggestionState.Pending,
            Reason = s.Reason,
            Channel = s.Channel,
            ChannelAdvice = s.ChannelAdvice,
            DueAt = s.DueAt.UtcDateTime,
            Priority = s.Priority,
            CreatedAt = now.UtcDateTime,
        }).ToList();
        var ids = rows.Select(r => r.Id).ToList();
        var existing = await db.Suggestions.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
        db.Suggestions.AddRange(rows.Where(r => !existing.Contains(r.Id)));
        return await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<List<SuggestionRow>> ActiveAsync(string mailboxId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Suggestions.AsNoTracking()
            .Where(s => s.MailboxId == mailboxId && (s.State == (int)SuggestionState.Pending || s.State == (int)SuggestionState.Open))
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<long> BeginWriteAsync(string mailboxId, string? suggestionId, OutlookOperation operation, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var write = new OutlookWrite { MailboxId = mailboxId, SuggestionId = suggestionId, Operation = operation, Status = OutlookWriteStatus.Started, StartedAt = time.GetUtcNow().UtcDateTime };
        db.OutlookWrites.Add(write);
        await db.SaveChangesAsync(cancellationToken);
        return write.Id;
    }

    public async Task EndWriteAsync(long writeId, OutlookWriteStatus status, string? graphId, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.OutlookWrites.Where(w => w.Id == writeId).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.Status, status)
            .SetProperty(w => w.GraphId, graphId)
            .SetProperty(w => w.Error, error == null ? null : error.Length <= 2000 ? error : error.Substring(0, 2000))
            .SetProperty(w => w.CompletedAt, now), cancellationToken);
    }

    /// <summary>Records that a suggestion now exists in Outlook (written, or found by reconciliation).</summary>
    public async Task MarkWrittenAsync(string suggestionId, string graphId, string? listId, int kind, DateTime? holdStart, DateTime? holdEnd, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Suggestions.Where(s => s.Id == suggestionId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.State, (int)SuggestionState.Open)
            .SetProperty(x => x.Kind, kind)
            .SetProperty(x => x.GraphId, graphId)
            .SetProperty(x => x.GraphListId, listId)
            .SetProperty(x => x.HoldStart, holdStart)
            .SetProperty(x => x.HoldEnd, holdEnd)
            .SetProperty(x => x.WrittenAt, now)
            .SetProperty(x => x.LastReadAt, now), cancellationToken);
    }

    /// <summary>Records what the user did with a suggestion, read back from Outlook.</summary>
    public async Task ResolveAsync(string suggestionId, SuggestionState state, DateTime resolvedAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Suggestions.Where(s => s.Id == suggestionId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.State, (int)state)
            .SetProperty(x => x.ResolvedAt, resolvedAt)
            .SetProperty(x => x.LastReadAt, now), cancellationToken);
    }

    public async Task NoteUserDueAsync(string suggestionId, DateTime? userDue, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Suggestions.Where(s => s.Id == suggestionId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.UserDueAt, userDue)
            .SetProperty(x => x.LastReadAt, now), cancellationToken);
    }

    public async Task SetTodoListAsync(string mailboxId, string listId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.TodoListId, listId), cancellationToken);
    }

    public async Task<RelationshipRow?> RelationshipAsync(string mailboxId, string personKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Relationships.AsNoTracking().SingleOrDefaultAsync(r => r.MailboxId == mailboxId && r.PersonKey == personKey, cancellationToken);
    }

    /// <summary>The calendar copy of a hold, as the calendar sync last stored it (null when it is gone).</summary>
    public async Task<InteractionRow?> CalendarItemAsync(string mailboxId, string graphId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Interactions.AsNoTracking().SingleOrDefaultAsync(i => i.MailboxId == mailboxId && i.GraphId == graphId, cancellationToken);
    }
}
