using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Store.Entities;
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
    }

    /// <summary>The links involving one person in one mailbox (proposed, confirmed or undone), for explanations.</summary>
    public async Task<IReadOnlyList<PersonLinkRow>> LinksAsync(string mailboxId, string personKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PersonLinks.AsNoTracking()
            .Where(l => l.MailboxId == mailboxId && (l.FromKey == personKey || l.ToKey == personKey))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Adds a blocklist rule (the administrator's when <paramref name="mailboxId"/> is null), or removes it. Returns the pattern as stored.</summary>
    public async Task<string> SetExclusionAsync(string? mailboxId, string pattern, string? note, bool remove, CancellationToken cancellationToken)
    {
        var text = pattern.Trim().ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.ExclusionRules.Where(r => r.MailboxId == mailboxId && r.Pattern == text).ToListAsync(cancellationToken);
        if (remove)
        {
            db.ExclusionRules.RemoveRange(existing);
        }
        else if (existing.Count == 0)
        {
            db.ExclusionRules.Add(new ExclusionRuleRow { MailboxId = mailboxId, Pattern = text, Note = note, CreatedAt = time.GetUtcNow().UtcDateTime });
        }

        await db.SaveChangesAsync(cancellationToken);
        return text;
    }

    private static async Task DecideLinkAsync(GraphNetworkerDbContext db, string mailboxId, string key, string? other, bool accepted, DateTime now, CancellationToken ct)
    {
        if (other is null || Addresses.Normalize(other) is not { } address)
        {
            return;
        }

        var links = await db.PersonLinks.Where(l => l.MailboxId == mailboxId && ((l.FromKey == key && l.ToKey == address) || (l.FromKey == address && l.ToKey == key))).ToListAsync(ct);
        if (links.Count == 0)
        {
            links.Add(db.PersonLinks.Add(new PersonLinkRow { MailboxId = mailboxId, FromKey = key, ToKey = address, CreatedAt = now, Reason = accepted ? "Linked by you." : "Unlinked by you." }).Entity);
        }

        foreach (var link in links)
        {
            link.Accepted = accepted;
            link.DecidedAt = now;
        }
    }
}
