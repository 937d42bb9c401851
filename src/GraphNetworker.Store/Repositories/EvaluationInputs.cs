using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Repositories;

/// <summary>
/// Records that something the engine reads changed (<see cref="Entities.Mailbox.InputsChangedAt"/>), in the same
/// context (and transaction, where the write has one) as the change, so a quiet cycle knows to score the mailbox again.
/// </summary>
internal static class EvaluationInputs
{
    public static Task<int> ChangedAsync(GraphNetworkerDbContext db, string mailboxId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.UtcDateTime;
        return db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.InputsChangedAt, at), cancellationToken);
    }

    /// <summary>For every mailbox: the directory or an administrator's rule changed.</summary>
    public static Task<int> ChangedForAllAsync(GraphNetworkerDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.UtcDateTime;
        return db.Mailboxes.ExecuteUpdateAsync(s => s.SetProperty(m => m.InputsChangedAt, at), cancellationToken);
    }
}
