using GraphNetworker.Core.Ports;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Repositories;

/// <summary>
/// Per-mailbox leases, so several workers on one database never sync the same mailbox at once (rolling deployments
/// run two revisions side by side). Taking a lease is one conditional UPDATE: it succeeds only if the mailbox is free,
/// already ours, or its lease has expired; the database decides, so two workers cannot both win.
/// </summary>
public sealed class MailboxLeases(IDbContextFactory<GraphNetworkerDbContext> contexts, TimeProvider time)
{
    public async Task<bool> TryAcquireAsync(string mailboxId, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + duration;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var taken = await db.Mailboxes
            .Where(m => m.Id == mailboxId && (m.LeaseOwner == null || m.LeaseOwner == owner || m.LeaseExpiresAt == null || m.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, owner).SetProperty(m => m.LeaseExpiresAt, until), cancellationToken);
        return taken == 1;
    }

    /// <summary>Extends a lease we hold; false when it was lost (expired and taken by another worker).</summary>
    public async Task<bool> RenewAsync(string mailboxId, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow().UtcDateTime + duration;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var renewed = await db.Mailboxes
            .Where(m => m.Id == mailboxId && m.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseExpiresAt, until), cancellationToken);
        return renewed == 1;
    }

    public async Task ReleaseAsync(string mailboxId, string owner, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Mailboxes
            .Where(m => m.Id == mailboxId && m.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseExpiresAt, (DateTime?)null), cancellationToken);
    }
}

/// <summary>A held lease that renews itself before it expires and is released on dispose.</summary>
public sealed class MailboxLease : IMailboxLease, IAsyncDisposable
{
    private readonly MailboxLeases _leases;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _time;
    private DateTimeOffset _renewAfter;

    private MailboxLease(MailboxLeases leases, string mailboxId, string owner, TimeSpan duration, TimeProvider time)
    {
        _leases = leases;
        MailboxId = mailboxId;
        Owner = owner;
        _duration = duration;
        _time = time;
        _renewAfter = time.GetUtcNow() + (duration / 3);
    }

    public string MailboxId { get; }

    public string Owner { get; }

    public static async Task<MailboxLease?> TryTakeAsync(
        MailboxLeases leases, string mailboxId, string owner, TimeSpan duration, TimeProvider time, CancellationToken cancellationToken) =>
        await leases.TryAcquireAsync(mailboxId, owner, duration, cancellationToken)
            ? new MailboxLease(leases, mailboxId, owner, duration, time)
            : null;

    /// <summary>Renews the lease when a third of it has passed. Throws when the lease was lost, to stop the work.</summary>
    public async Task KeepAsync(CancellationToken cancellationToken)
    {
        if (_time.GetUtcNow() < _renewAfter)
        {
            return;
        }

        if (!await _leases.RenewAsync(MailboxId, Owner, _duration, cancellationToken))
        {
            throw new LeaseLostException(MailboxId);
        }

        _renewAfter = _time.GetUtcNow() + (_duration / 3);
    }

    public async ValueTask DisposeAsync() => await _leases.ReleaseAsync(MailboxId, Owner, CancellationToken.None);
}
