using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Repositories;

/// <summary>A change to what the engine decides for one person: each null field is left as it is.</summary>
public sealed record PersonOverride(Tier? Tier = null, bool ClearTier = false, bool? Muted = null, int? SnoozeDays = null, bool? Senior = null, string? LinkTo = null, string? UnlinkFrom = null);

/// <summary>
/// What users and administrators decided: per-person overrides (tier, mute, snooze, seniority), identity links, and
/// blocklists. The engine reads them on every evaluation; the next cycle applies a change.
/// </summary>
public sealed class UserDecisions(IDbContextFactory<GraphNetworkerDbContext> contexts, TimeProvider time)
{
    /// <summary>The person's key in this mailbox for any address of theirs the assessment knows, or null.</summary>
    public async Task<string?> PersonKeyAsync(string mailboxId, string address, CancellationToken cancellationToken)
    {
        var wanted = Addresses.Normalize(address) ?? address.Trim().ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = await db.Relationships.AsNoTracking()
            .Where(r => EF.Property<string>(r, Shadow.MailboxId) == mailboxId)
            .Select(r => new { r.PersonKey, r.Addresses })
            .ToListAsync(cancellationToken);
        return people.FirstOrDefault(r => r.PersonKey == wanted || r.Addresses.Contains(wanted, StringComparer.Ordinal))?.PersonKey;
    }

    public async Task ApplyAsync(string mailboxId, string personKey, PersonOverride change, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.PersonPreferences.SingleOrDefaultAsync(p => EF.Property<string>(p, Shadow.MailboxId) == mailboxId && p.PersonKey == personKey, cancellationToken);
        var current = stored ?? new PersonPreference(personKey);
        var updated = current with
        {
            TierOverride = change.ClearTier ? null : change.Tier ?? current.TierOverride,
            Muted = change.Muted ?? current.Muted,
            Senior = change.Senior ?? current.Senior,
            SnoozedUntil = change.SnoozeDays is { } days ? (days <= 0 ? null : now.AddDays(days)) : current.SnoozedUntil,
        };
        var entry = db.Entry(stored ?? updated);
        entry.Property(Shadow.MailboxId).CurrentValue = mailboxId;
        entry.Property(Shadow.UpdatedAt).CurrentValue = now.UtcDateTime;
        if (stored is null)
        {
            entry.State = EntityState.Added;
        }
        else
        {
            entry.CurrentValues.SetValues(updated);
        }
        await DecideLinkAsync(db, mailboxId, personKey, change.UnlinkFrom, accepted: false, now.UtcDateTime, cancellationToken);
        await DecideLinkAsync(db, mailboxId, personKey, change.LinkTo, accepted: true, now.UtcDateTime, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await EvaluationInputs.ChangedAsync(db, mailboxId, now, cancellationToken);
    }

    /// <summary>
    /// The links involving one person in one mailbox, for explanations: those the engine made (which stand until the
    /// user answers), those the user confirmed, and those undone (<see cref="LinkDecision.Accepted"/> false).
    /// </summary>
    public async Task<IReadOnlyList<LinkDecision>> LinksAsync(string mailboxId, string personKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PersonLinks.AsNoTracking()
            .Where(l => EF.Property<string>(l, Shadow.MailboxId) == mailboxId && (l.FromKey == personKey || l.ToKey == personKey))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Adds a blocklist rule (the administrator's when <paramref name="mailboxId"/> is null), or removes it. Returns the pattern as stored.</summary>
    public async Task<string> SetExclusionAsync(string? mailboxId, string pattern, string? note, bool remove, CancellationToken cancellationToken)
    {
        var text = pattern.Trim().ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.ExclusionRules.Where(r => EF.Property<string?>(r, Shadow.MailboxId) == mailboxId && r.Pattern == text).ToListAsync(cancellationToken);
        if (remove)
        {
            db.ExclusionRules.RemoveRange(existing);
        }
        else if (existing.Count == 0)
        {
            var entry = db.Entry(new ExclusionRule(text, mailboxId is null ? RuleScope.Admin : RuleScope.Personal, note));
            entry.Property(Shadow.MailboxId).CurrentValue = mailboxId;
            entry.Property(Shadow.CreatedAt).CurrentValue = time.GetUtcNow().UtcDateTime;
            entry.State = EntityState.Added;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (mailboxId is null)
        {
            // An administrator's rule reaches every mailbox.
            await EvaluationInputs.ChangedForAllAsync(db, time.GetUtcNow(), cancellationToken);
        }
        else
        {
            await EvaluationInputs.ChangedAsync(db, mailboxId, time.GetUtcNow(), cancellationToken);
        }
        return text;
    }

    private static async Task DecideLinkAsync(GraphNetworkerDbContext db, string mailboxId, string key, string? other, bool accepted, DateTime now, CancellationToken ct)
    {
        if (other is null || Addresses.Normalize(other) is not { } address)
        {
            return;
        }

        var links = await db.PersonLinks
            .Where(l => EF.Property<string>(l, Shadow.MailboxId) == mailboxId && ((l.FromKey == key && l.ToKey == address) || (l.FromKey == address && l.ToKey == key)))
            .ToListAsync(ct);
        if (links.Count == 0)
        {
            var link = new LinkDecision(key, address, accepted) { Reason = accepted ? "Linked by you." : "Unlinked by you." };
            var added = db.Entry(link);
            added.Property(Shadow.MailboxId).CurrentValue = mailboxId;
            added.Property(Shadow.CreatedAt).CurrentValue = now;
            added.State = EntityState.Added;
            links.Add(link);
        }

        // The verdict is what the store keeps (the engine reads it back as Accepted): a link the engine made is answered.
        foreach (var link in links)
        {
            var entry = db.Entry(link);
            entry.Property(Shadow.Verdict).CurrentValue = accepted;
            entry.Property(Shadow.DecidedAt).CurrentValue = now;
        }
    }
}
