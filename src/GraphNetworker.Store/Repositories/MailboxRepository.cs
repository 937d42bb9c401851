using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Repositories;

/// <summary>The request counters of one cycle for one mailbox.</summary>
public sealed record CycleCounters(int Requests, int Throttled, int Faults);

/// <summary>The scope after an update: the mailboxes to sync now and those whose grace period after leaving has ended.</summary>
public sealed record ScopeUpdate(IReadOnlyList<Mailbox> ToSync, IReadOnlyList<Mailbox> DueForPurge, int Joined, int Left);

/// <summary>
/// The mailboxes: which are in scope (the opt-in group's members, or a configured list), and their sync health as IT
/// sees it (when each last succeeded or failed and why, what was skipped, how often Graph throttled or failed). A
/// failed mailbox is retried after an exponential backoff and never holds up the others.
/// </summary>
public sealed class MailboxRepository(IDbContextFactory<GraphNetworkerDbContext> contexts, TimeProvider time)
{
    /// <summary>
    /// Applies the scope's current members: new members join, returning members come back (an opted-out one stays
    /// out), members that are gone leave (no longer read; purged after <paramref name="purgeAfter"/>).
    /// </summary>
    public Task<ScopeUpdate> ApplyScopeAsync(IReadOnlyList<ScopeMember> members, TimeSpan purgeAfter, CancellationToken cancellationToken) =>
        ApplyScopeAsync(members, purgeAfter, [], cancellationToken);

    /// <summary>
    /// Applies who is in scope. <paramref name="unreadable"/> names (user principal names or ids, as configured) whose
    /// membership could not be read this cycle: a known mailbox by one of those names keeps its scope state (it is not
    /// taken to have left, so no purge clock starts) and is not synced this cycle.
    /// </summary>
    public async Task<ScopeUpdate> ApplyScopeAsync(IReadOnlyList<ScopeMember> members, TimeSpan purgeAfter, IReadOnlyCollection<string> unreadable, CancellationToken cancellationToken)
    {
        // Two workers starting together may both add a new member: the update is idempotent, so a conflict means
        // "read again and apply again".
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyScopeOnceAsync(members, purgeAfter, unreadable, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
            }
        }
    }

    private async Task<ScopeUpdate> ApplyScopeOnceAsync(IReadOnlyList<ScopeMember> members, TimeSpan purgeAfter, IReadOnlyCollection<string> unreadable, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = await db.Mailboxes.ToDictionaryAsync(m => m.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var names = unreadable.Select(n => n.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var held = known.Values.Where(m => names.Contains(m.Id) || names.Contains(m.UserPrincipalName)).Select(m => m.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        int joined = 0, left = 0;
        var freed = new List<Mailbox>();

        // A new mailbox takes the next number; two workers adding different mailboxes at once collide on it, and the
        // conflict is read again and applied again like any other.
        var nextNumber = known.Values.Select(m => m.Number).DefaultIfEmpty(0).Max() + 1;
        var enabled = members.Where(u => u.AccountEnabled != false).ToList();
        foreach (var user in enabled)
        {
            if (!known.TryGetValue(user.Id, out var mailbox))
            {
                mailbox = new Mailbox { Id = user.Id, Number = nextNumber++, UserPrincipalName = user.Mail ?? user.Id };
                db.Mailboxes.Add(mailbox);
                known[mailbox.Id] = mailbox;
            }

            // A UPN is reused when a new hire gets a former employee's name: the stale row (another user id) gives it up
            // and keeps its id in its place, so the new mailbox can have it (a UPN is unique among the rows).
            var name = user.UserPrincipalName ?? mailbox.UserPrincipalName;
            foreach (var stale in known.Values.Where(m => m.Id != mailbox.Id && string.Equals(m.UserPrincipalName, name, StringComparison.OrdinalIgnoreCase)))
            {
                stale.UserPrincipalName = stale.Id;
                freed.Add(stale);
            }

            mailbox.UserPrincipalName = name;
            mailbox.PrimaryAddress = user.Mail ?? mailbox.PrimaryAddress;
            mailbox.DisplayName = user.DisplayName ?? mailbox.DisplayName;
            if (mailbox.ScopeState is ScopeState.LeftScope or ScopeState.Purged || mailbox.InScopeSince is null)
            {
                joined += mailbox.ScopeState != ScopeState.InScope ? 1 : 0;
                mailbox.ScopeState = mailbox.ScopeState == ScopeState.OptedOut ? ScopeState.OptedOut : ScopeState.InScope;
                mailbox.InScopeSince = now;
                mailbox.LeftScopeAt = null;
            }
        }

        var current = enabled.Select(u => u.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var mailbox in known.Values.Where(m => m.ScopeState == ScopeState.InScope && !current.Contains(m.Id) && !held.Contains(m.Id)))
        {
            left++;
            mailbox.ScopeState = ScopeState.LeftScope;
            mailbox.LeftScopeAt = now;
        }

        if (freed.Count > 0)
        {
            // The stale rows give their names up first: one SaveChanges may order the two updates either way.
            var renamed = freed.Select(m => m.Id).ToList();
            await db.Mailboxes.Where(m => renamed.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.UserPrincipalName, m => m.Id), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new ScopeUpdate(
            [.. known.Values
                .Where(m => m.ScopeState == ScopeState.InScope && (m.NextAttemptAt is null || m.NextAttemptAt <= now) && !held.Contains(m.Id))
                .OrderBy(m => m.LastSyncFinishedAt ?? DateTime.MinValue)
                .ThenBy(m => m.Id, StringComparer.Ordinal)],
            [.. known.Values.Where(m => m.ScopeState == ScopeState.LeftScope && m.LeftScopeAt + purgeAfter <= now)],
            joined,
            left);
    }

    /// <summary>The moment a sync starts, as the health columns record it (the cycle's lease take writes it: see <see cref="SeenAtListing"/>).</summary>
    public DateTime SyncStartsNow() => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Records a successful sync. With <paramref name="releasing"/>, the same statement releases that lease if it is
    /// still the mailbox's (<see cref="MailboxLease.EndWithAsync{T}"/>): a quiet mailbox's cycle ends in one write.
    /// <paramref name="shortfall"/> (short, never content) says what the cycle could not do all the same (a calendar
    /// window Graph would not serve), kept as the last error until a cycle does it all.
    /// </summary>
    public async Task SucceededAsync(string mailboxId, CycleCounters counters, LeaseFence? releasing, string? shortfall, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(
            s =>
            {
                s.SetProperty(m => m.LastSyncSucceededAt, now)
                    .SetProperty(m => m.LastSyncFinishedAt, now)
                    .SetProperty(m => m.ConsecutiveFailures, 0)
                    .SetProperty(m => m.NextAttemptAt, (DateTime?)null)
                    .SetProperty(m => m.LastError, shortfall)
                    .SetProperty(m => m.LastErrorAt, m => shortfall == null ? m.LastErrorAt : now)
                    .SetProperty(m => m.LastCycleRequests, counters.Requests)
                    .SetProperty(m => m.ThrottledRequests, m => m.ThrottledRequests + counters.Throttled)
                    .SetProperty(m => m.FaultedRequests, m => m.FaultedRequests + counters.Faults);
                if (releasing is { } fence)
                {
                    // Every SET reads the row as it was: the lease is cleared only if it is still this fence's.
                    s.SetProperty(m => m.LeaseOwner, m => m.LeaseOwner == fence.Owner && m.LeaseEpoch == fence.Epoch ? null : m.LeaseOwner)
                        .SetProperty(m => m.LeaseExpiresAt, m => m.LeaseOwner == fence.Owner && m.LeaseEpoch == fence.Epoch ? null : m.LeaseExpiresAt);
                }
            },
            cancellationToken);
    }

    /// <summary>Records a failure (a short reason, never message content) and when to try again.</summary>
    public async Task FailedAsync(string mailboxId, string reason, CycleCounters counters, TimeSpan backoff, TimeSpan maxBackoff, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mailbox = await db.Mailboxes.SingleOrDefaultAsync(m => m.Id == mailboxId, cancellationToken);
        if (mailbox is null)
        {
            return;
        }

        mailbox.ConsecutiveFailures++;
        var wait = TimeSpan.FromTicks(Math.Min(maxBackoff.Ticks, backoff.Ticks * (1L << Math.Min(mailbox.ConsecutiveFailures - 1, 20))));
        mailbox.LastError = reason.Length <= 2000 ? reason : reason[..2000];
        mailbox.LastErrorAt = now;
        mailbox.LastSyncFinishedAt = now;
        mailbox.NextAttemptAt = now + wait;
        mailbox.LastCycleRequests = counters.Requests;
        mailbox.ThrottledRequests += counters.Throttled;
        mailbox.FaultedRequests += counters.Faults;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Mailbox?> FindAsync(string mailboxId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Mailboxes.AsNoTracking().SingleOrDefaultAsync(m => m.Id == mailboxId, cancellationToken);
    }

    /// <summary>A mailbox by any name an administrator would type: its UPN, its primary address or its user id (case ignored).</summary>
    public async Task<Mailbox?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        var wanted = name.Trim().ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Mailboxes.AsNoTracking()
            .Where(m => m.UserPrincipalName.ToLower() == wanted || m.Id.ToLower() == wanted || (m.PrimaryAddress != null && m.PrimaryAddress.ToLower() == wanted))
            .OrderBy(m => m.ScopeState == ScopeState.InScope ? 0 : 1)
            .ThenBy(m => m.UserPrincipalName.ToLower() == wanted ? 0 : 1)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Every mailbox the store knows, by display name (the demo's summary).</summary>
    public async Task<IReadOnlyList<Mailbox>> AllAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Mailboxes.AsNoTracking().OrderBy(m => m.DisplayName).ThenBy(m => m.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Undoes an opt-out: the mailbox is read again once the scope (still) names it.</summary>
    public async Task OptInAsync(string mailboxId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.ScopeState, ScopeState.LeftScope)
            .SetProperty(m => m.InScopeSince, (DateTime?)null), cancellationToken);
    }

    /// <summary>The mailbox as Graph adapters see it.</summary>
    public static MailboxProfile ProfileOf(Mailbox mailbox) => new()
    {
        Id = mailbox.Id,
        UserPrincipalName = mailbox.UserPrincipalName,
        PrimaryAddress = mailbox.PrimaryAddress,
        DisplayName = mailbox.DisplayName,
        TimeZone = mailbox.TimeZone,
        TodoListId = mailbox.TodoListId,
        FoldersRefreshedAt = mailbox.FoldersRefreshedAt is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null,
    };
}
