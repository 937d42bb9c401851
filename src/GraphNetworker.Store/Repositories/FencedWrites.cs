using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Repositories;

/// <summary>
/// The check every fenced write makes first, inside its own transaction: the mailbox is still in scope and its lease
/// still has this owner and epoch. It is an UPDATE that changes nothing, so it also locks the mailbox's row until the
/// write commits: a worker taking the lease over (or a purge) waits for the write, or the write sees it and stops.
/// </summary>
internal static class FencedWrites
{
    public static async Task HoldAsync(GraphNetworkerDbContext db, LeaseFence fence, CancellationToken cancellationToken)
    {
        var held = await db.Mailboxes
            .Where(m => m.Id == fence.MailboxId && m.LeaseOwner == fence.Owner && m.LeaseEpoch == fence.Epoch && m.ScopeState == ScopeState.InScope)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseEpoch, m => m.LeaseEpoch), cancellationToken);
        if (held != 1)
        {
            throw new LeaseLostException(fence.MailboxId);
        }
    }

    /// <summary>Runs <paramref name="write"/> in a transaction that first checks the fence (retried as a whole on transient errors).</summary>
    public static async Task<T> FencedAsync<T>(
        this IDbContextFactory<GraphNetworkerDbContext> contexts, LeaseFence fence, Func<GraphNetworkerDbContext, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // A failed attempt is rolled back and retried whole: a savepoint before each SaveChanges (EF Core's default inside
        // a transaction, one more round trip each) would never be rolled back to.
        db.Database.AutoSavepointsEnabled = false;
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await HoldAsync(db, fence, ct);
            var result = await write(db, ct);
            await transaction.CommitAsync(ct);
            return result;
        }, cancellationToken);
    }
}
