using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Repositories;

/// <summary>The request counters of one cycle for one mailbox.</summary>
public sealed record CycleCounters(int Requests, int Throttled, int Faults);

/// <summary>
/// Sync health as IT sees it: when each mailbox last succeeded or failed and why, what was skipped, how often Graph
/// throttled or failed. A failed mailbox is retried after an exponential backoff and never holds up the others.
/// </summary>
public sealed class MailboxHealth(IDbContextFactory<GraphNetworkerDbContext> contexts, TimeProvider time)
{
    public async Task StartedAsync(string mailboxId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.LastSyncStartedAt, now)
            .SetProperty(m => m.LastCycleItems, 0)
            .SetProperty(m => m.LastCycleRejected, 0), cancellationToken);
    }

    public async Task SucceededAsync(string mailboxId, CycleCounters counters, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.LastSyncSucceededAt, now)
            .SetProperty(m => m.LastSyncFinishedAt, now)
            .SetProperty(m => m.ConsecutiveFailures, 0)
            .SetProperty(m => m.NextAttemptAt, (DateTime?)null)
            .SetProperty(m => m.LastError, (string?)null)
            .SetProperty(m => m.LastCycleRequests, counters.Requests)
            .SetProperty(m => m.ThrottledRequests, m => m.ThrottledRequests + counters.Throttled)
            .SetProperty(m => m.FaultedRequests, m => m.FaultedRequests + counters.Faults), cancellationToken);
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

    public async Task FoldersRefreshedAsync(string mailboxId, string? timeZone, string? workingHours, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.FoldersRefreshedAt, now)
            .SetProperty(m => m.SettingsRefreshedAt, now)
            .SetProperty(m => m.TimeZone, m => timeZone ?? m.TimeZone)
            .SetProperty(m => m.WorkingHours, m => workingHours ?? m.WorkingHours), cancellationToken);
    }

    public async Task<Mailbox?> FindAsync(string mailboxId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Mailboxes.AsNoTracking().SingleOrDefaultAsync(m => m.Id == mailboxId, cancellationToken);
    }

    /// <summary>The ids of holds GraphNetworker wrote in this mailbox (so the calendar sync can tell them from meetings).</summary>
    public async Task<HashSet<string>> OwnHoldIdsAsync(string mailboxId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.Suggestions.AsNoTracking()
            .Where(s => s.MailboxId == mailboxId && s.Kind == 1 && s.GraphId != null)
            .Select(s => s.GraphId!).ToListAsync(cancellationToken);
        return new HashSet<string>(ids, StringComparer.Ordinal);
    }

    /// <summary>Every address of the mailbox owner: UPN, primary address, and the directory's aliases.</summary>
    public async Task<List<string>> OwnerAddressesAsync(Mailbox mailbox, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var person = await db.DirectoryPeople.AsNoTracking().SingleOrDefaultAsync(p => p.Id == mailbox.Id, cancellationToken);
        var addresses = new List<string> { mailbox.UserPrincipalName };
        if (mailbox.PrimaryAddress is not null)
        {
            addresses.Add(mailbox.PrimaryAddress);
        }

        if (person is not null)
        {
            addresses.Add(person.PrimaryAddress);
            addresses.AddRange(EvaluationStore.ReadList(person.Addresses));
        }

        return addresses;
    }
}
