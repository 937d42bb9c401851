using System.Collections.Concurrent;
using System.Security.Cryptography;
using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Repositories;

/// <summary>
/// Per-mailbox leases, so several workers on one database never act for the same mailbox at once (rolling
/// deployments run two revisions side by side). Taking a lease is one conditional UPDATE: it succeeds only if the
/// mailbox is in scope and free, already ours, or its lease has expired; the database decides, so two workers cannot
/// both win. Expiry is judged by the database's clock (<c>DateTime.UtcNow</c> in the query runs on the server), never
/// by a worker's, whose clock may run ahead. Each acquisition bumps the lease's epoch: the <see cref="LeaseFence"/>
/// every write carries (see <see cref="FencedWrites"/>).
/// <para>
/// The owner written into the lease is the worker's id and this process's own random instance, so a second process
/// started with the same worker id (two replicas given one name, a restart while the old process still runs) never
/// counts as the holder of a live lease. This object also remembers the leases this process holds, so the writes whose
/// port names only a mailbox (<see cref="IMailboxSyncStore.TrackFolderAsync"/> and the like) are fenced by them too.
/// </para>
/// </summary>
#pragma warning disable RS0030 // DateTime.UtcNow here is never evaluated in the worker: EF Core translates it to the server's clock.
public sealed class MailboxLeases(IDbContextFactory<GraphNetworkerDbContext> contexts)
{
    private readonly ConcurrentDictionary<string, LeaseFence> _held = new(StringComparer.Ordinal);

    /// <summary>This process's instance: random, so no two processes (or two hosts in one test process) share it.</summary>
    public string Instance { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>The owner a lease taken by <paramref name="workerId"/> in this process carries.</summary>
    public string OwnerOf(string workerId) => $"{workerId}#{Instance}";

    /// <summary>
    /// Takes the mailbox for <paramref name="workerId"/> in this process when it is in scope and free, already ours, or
    /// its lease ran out. With <paramref name="listed"/>, only if no sync of it has finished since the mailbox was listed:
    /// a worker that listed the mailbox before another worker synced and released it does not sync it a second time.
    /// </summary>
    public async Task<LeaseFence?> TryAcquireAsync(string mailboxId, string workerId, TimeSpan duration, SeenAtListing? listed, CancellationToken cancellationToken)
    {
        var owner = OwnerOf(workerId);
        var seconds = duration.TotalSeconds;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        // From here the take runs to its end whatever the token says (two short statements): a take cancelled after
        // its UPDATE would hold the mailbox with nobody to release it (a Ctrl+C in the middle of a cycle).
        var free = db.Mailboxes
            .Where(m => m.Id == mailboxId && m.ScopeState == ScopeState.InScope &&
                        (m.LeaseOwner == null || m.LeaseOwner == owner || m.LeaseExpiresAt == null || m.LeaseExpiresAt < DateTime.UtcNow));
        if (listed is { LastSyncFinishedAt: { } finished })
        {
            free = free.Where(m => m.LastSyncFinishedAt == finished);
        }
        else if (listed is not null)
        {
            free = free.Where(m => m.LastSyncFinishedAt == null);
        }

        var taken = await free
            .ExecuteUpdateAsync(
                s =>
                {
                    s.SetProperty(m => m.LeaseOwner, owner)
                        .SetProperty(m => m.LeaseExpiresAt, m => DateTime.UtcNow.AddSeconds(seconds))
                        .SetProperty(m => m.LeaseEpoch, m => m.LeaseEpoch + 1);
                    if (listed is { SyncStartsAt: { } startsAt })
                    {
                        // The sync's start, for IT's health view, in the same statement as the take.
                        s.SetProperty(m => m.LastSyncStartedAt, startsAt)
                            .SetProperty(m => m.LastCycleItems, 0)
                            .SetProperty(m => m.LastCycleRejected, 0);
                    }
                },
                CancellationToken.None);
        if (taken != 1)
        {
            return null;
        }

        var epoch = await db.Mailboxes.AsNoTracking().Where(m => m.Id == mailboxId && m.LeaseOwner == owner).Select(m => (long?)m.LeaseEpoch).SingleOrDefaultAsync(CancellationToken.None);
        if (epoch is not { } value)
        {
            return null;
        }

        var fence = new LeaseFence(mailboxId, owner, value);
        _held[mailboxId] = fence;
        return fence;
    }

    /// <inheritdoc cref="TryAcquireAsync(string, string, TimeSpan, SeenAtListing?, CancellationToken)"/>
    public Task<LeaseFence?> TryAcquireAsync(string mailboxId, string workerId, TimeSpan duration, CancellationToken cancellationToken) =>
        TryAcquireAsync(mailboxId, workerId, duration, listed: null, cancellationToken);

    /// <summary>
    /// The fence of the lease this process holds on the mailbox, for writes whose port names only the mailbox; with no
    /// lease held here, <see cref="LeaseLostException"/>: nothing is written for a mailbox this process does not hold.
    /// </summary>
    public LeaseFence HeldFence(string mailboxId) =>
        _held.TryGetValue(mailboxId, out var fence) ? fence : throw new LeaseLostException(mailboxId);

    /// <summary>Extends a lease we hold; false when it was lost (taken over after it expired, or the mailbox was purged).</summary>
    public async Task<bool> RenewAsync(LeaseFence fence, TimeSpan duration, CancellationToken cancellationToken)
    {
        var seconds = duration.TotalSeconds;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var renewed = await db.Mailboxes
            .Where(m => m.Id == fence.MailboxId && m.LeaseOwner == fence.Owner && m.LeaseEpoch == fence.Epoch && m.ScopeState == ScopeState.InScope)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseExpiresAt, m => DateTime.UtcNow.AddSeconds(seconds)), cancellationToken);
        return renewed == 1;
    }

    /// <summary>This process no longer holds the lease: a write that released it in its own statement did.</summary>
    public void Forget(LeaseFence fence) => _held.TryRemove(new KeyValuePair<string, LeaseFence>(fence.MailboxId, fence));

    public async Task ReleaseAsync(LeaseFence fence, CancellationToken cancellationToken)
    {
        _held.TryRemove(new KeyValuePair<string, LeaseFence>(fence.MailboxId, fence));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Mailboxes
            .Where(m => m.Id == fence.MailboxId && m.LeaseOwner == fence.Owner && m.LeaseEpoch == fence.Epoch)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseExpiresAt, (DateTime?)null), cancellationToken);
    }
}

#pragma warning restore RS0030

/// <summary>
/// What a worker saw of a mailbox when it listed it: when its last sync had finished (null: never). With
/// <see cref="SyncStartsAt"/>, the take also records that the mailbox's sync starts then (last started, this cycle's
/// counts reset): one statement for both.
/// </summary>
public readonly record struct SeenAtListing(DateTime? LastSyncFinishedAt, DateTime? SyncStartsAt = null);

/// <summary>
/// A held lease. It renews itself on a timer, every third of its duration, for as long as the work runs (a page
/// fetch that waits out throttling never outlives it), and when renewal fails — the lease was taken over or the
/// mailbox purged, or the database could not be reached for longer than the lease — <see cref="Lost"/> is cancelled
/// so the work stops; every write is fenced besides. Released on dispose.
/// </summary>
public sealed class MailboxLease : IMailboxLease, IAsyncDisposable
{
    private readonly MailboxLeases _leases;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _lost = new();
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private readonly ITimer _timer;
    private long _renewedAt;
    private bool _released;

    private MailboxLease(MailboxLeases leases, LeaseFence fence, TimeSpan duration, TimeProvider time)
    {
        _leases = leases;
        Fence = fence;
        _duration = duration;
        _time = time;
        _renewedAt = time.GetTimestamp();
        _timer = time.CreateTimer(_ => _ = RenewOnTimerAsync(), null, duration / 3, duration / 3);
    }

    public string MailboxId => Fence.MailboxId;

    public LeaseFence Fence { get; }

    /// <summary>Cancelled when the lease is lost: the mailbox's work stops.</summary>
    public CancellationToken Lost => _lost.Token;

    public static Task<MailboxLease?> TryTakeAsync(
        MailboxLeases leases, string mailboxId, string workerId, TimeSpan duration, TimeProvider time, CancellationToken cancellationToken) =>
        TryTakeAsync(leases, mailboxId, workerId, duration, time, listed: null, cancellationToken);

    /// <summary>Takes the lease (see <see cref="MailboxLeases.TryAcquireAsync(string, string, TimeSpan, SeenAtListing?, CancellationToken)"/>) and starts renewing it.</summary>
    public static async Task<MailboxLease?> TryTakeAsync(
        MailboxLeases leases, string mailboxId, string workerId, TimeSpan duration, TimeProvider time, SeenAtListing? listed, CancellationToken cancellationToken) =>
        await leases.TryAcquireAsync(mailboxId, workerId, duration, listed, cancellationToken) is { } fence
            ? new MailboxLease(leases, fence, duration, time)
            : null;

    /// <summary>Renews the lease when a third of it has passed. Throws when the lease was lost, to stop the work.</summary>
    public async Task KeepAsync(CancellationToken cancellationToken)
    {
        if (_lost.IsCancellationRequested)
        {
            throw new LeaseLostException(MailboxId);
        }

        if (_time.GetElapsedTime(Interlocked.Read(ref _renewedAt)) >= _duration / 3)
        {
            await RenewAsync(cancellationToken);
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        await _renewing.WaitAsync(cancellationToken);
        try
        {
            if (_lost.IsCancellationRequested || !await _leases.RenewAsync(Fence, _duration, cancellationToken))
            {
                await _lost.CancelAsync();
                throw new LeaseLostException(MailboxId);
            }

            Interlocked.Exchange(ref _renewedAt, _time.GetTimestamp());
        }
        finally
        {
            _renewing.Release();
        }
    }

    private async Task RenewOnTimerAsync()
    {
        try
        {
            await RenewAsync(CancellationToken.None);
        }
        catch (LeaseLostException)
        {
            // Lost is cancelled: the work sees it.
        }
        catch (Exception) when (_time.GetElapsedTime(Interlocked.Read(ref _renewedAt)) < _duration)
        {
            // The database did not answer this time; the lease still runs, and the next tick tries again.
        }
        catch (Exception)
        {
            // Unrenewed for a whole lease: another worker may have it now.
            await _lost.CancelAsync();
        }
    }

    /// <summary>
    /// Ends the lease with the mailbox's last write, which releases it in the same statement (for example
    /// <see cref="MailboxRepository.SucceededAsync"/> given the fence): renewing stops, and disposing has nothing left to
    /// release. If the write fails, disposing releases the lease as usual.
    /// </summary>
    public async Task<T> EndWithAsync<T>(Func<LeaseFence, Task<T>> lastWrite)
    {
        await _timer.DisposeAsync();
        await _renewing.WaitAsync();
        try
        {
            var result = await lastWrite(Fence);
            _leases.Forget(Fence);
            _released = true;
            return result;
        }
        finally
        {
            _renewing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        await _renewing.WaitAsync();
        try
        {
            if (!_released)
            {
                await _leases.ReleaseAsync(Fence, CancellationToken.None);
            }
        }
        finally
        {
            _renewing.Release();
        }
    }
}
