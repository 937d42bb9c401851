using System.Text.Json;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using DirectoryPersonFact = GraphNetworker.Core.Model.DirectoryPerson;

namespace GraphNetworker.Store.Repositories;

/// <summary>
/// What the engine reads (interactions streamed row by row, the directory and owner, the user's decisions) and what it
/// writes back (one mailbox's assessments replaced in one transaction).
/// </summary>
public sealed class EvaluationStore(IDbContextFactory<GraphNetworkerDbContext> contexts, TimeProvider time)
{
    /// <summary>
    /// Streams a mailbox's interactions a page at a time: memory holds one page, not the mailbox. One long query would
    /// not stream on PostgreSQL or SQL Server, where the retrying execution strategy makes EF Core buffer the whole
    /// result; each page is a short query (retried on its own) along the (MailboxId, GraphId) index.
    /// </summary>
    public IEnumerable<Interaction> StreamInteractions(string mailboxId)
    {
        const int PageSize = 500;
        string? after = null;
        while (true)
        {
            List<InteractionRow> page;
            using (var db = contexts.CreateDbContext())
            {
                page = db.Interactions.AsNoTracking()
                    .Where(i => i.MailboxId == mailboxId && (after == null || string.Compare(i.GraphId, after) > 0))
                    .OrderBy(i => i.GraphId)
                    .Take(PageSize)
                    .ToList();
            }

            foreach (var row in page)
            {
                yield return ToInteraction(row);
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].GraphId;
        }
    }

    public static Interaction ToInteraction(InteractionRow row) => new()
    {
        ItemId = row.GraphId,
        Kind = (InteractionKind)row.Kind,
        OccurredAt = new DateTimeOffset(row.OccurredAt, TimeSpan.Zero),
        EndsAt = row.EndsAt is { } end ? new DateTimeOffset(end, TimeSpan.Zero) : null,
        Participants = ParticipantCodec.Decode(row.Participants),
        ParticipantCount = row.ParticipantCount,
        ConversationId = row.ConversationId,
        InternetMessageId = row.InternetMessageId,
        Subject = row.Subject,
        WebLink = row.WebLink,
        Bulk = row.Bulk == BulkFlags.None ? BulkSignals.None : new BulkSignals(
            ClassifiedOther: row.Bulk.HasFlag(BulkFlags.ClassifiedOther),
            HasListUnsubscribe: row.Bulk.HasFlag(BulkFlags.ListUnsubscribe),
            ListId: row.Bulk.HasFlag(BulkFlags.ListId) ? "list" : null,
            Precedence: row.Bulk.HasFlag(BulkFlags.PrecedenceBulk) ? "bulk" : null,
            AutoSubmitted: row.Bulk.HasFlag(BulkFlags.AutoSubmitted) ? "auto-generated" : null),
        IsCancelled = row.IsCancelled,
        OwnerResponse = (MeetingResponse)row.OwnerResponse,
        IsOwnHold = row.IsOwnHold,
    };

    /// <summary>
    /// The tenant's directory (people, groups, rooms), indexed once per cycle and shared by every mailbox's evaluation:
    /// loading it per mailbox would make a cycle cost mailboxes × directory size.
    /// </summary>
    public async Task<DirectoryIndex> LoadDirectoryAsync(IReadOnlyList<string> organizationDomains, string? organizationName, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = await db.DirectoryPeople.AsNoTracking().ToListAsync(cancellationToken);
        var addresses = await db.DirectoryAddresses.AsNoTracking().ToListAsync(cancellationToken);
        if (organizationDomains.Count == 0)
        {
            organizationDomains = MemberDomains(people);
        }

        organizationName ??= organizationDomains.Count > 0 ? Addresses.CompanyFromDomain(organizationDomains[0]) : null;
        return new DirectoryIndex(
            people.Select(ToFact),
            addresses.Where(a => a.Kind == DirectoryAddressKind.Group).Select(a => a.Address),
            addresses.Where(a => a.Kind == DirectoryAddressKind.Resource).Select(a => a.Address),
            organizationDomains,
            organizationName);
    }

    /// <summary>The members' mail and sign-in domains, most used first; guests (#EXT#) belong to other organisations.</summary>
    private static List<string> MemberDomains(IEnumerable<Entities.DirectoryPerson> people) =>
        [.. people
            .Where(p => p.UserPrincipalName is null || !p.UserPrincipalName.Contains("#EXT#", StringComparison.Ordinal))
            .SelectMany(p => new[] { p.PrimaryAddress, p.UserPrincipalName ?? string.Empty })
            .Select(a => Addresses.Normalize(a) is { } normalized ? Addresses.DomainOf(normalized) : string.Empty)
            .Where(d => d.Length > 0)
            .GroupBy(d => d, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)];

    private static DirectoryPersonFact ToFact(Entities.DirectoryPerson p) => new()
    {
        PrimaryAddress = p.PrimaryAddress,
        DisplayName = p.DisplayName,
        Addresses = ReadList(p.Addresses),
        JobTitle = p.JobTitle,
        HasLeft = !p.AccountEnabled || p.IsDeleted,
        LeftAt = p.LeftAt is { } left ? new DateTimeOffset(left, TimeSpan.Zero) : null,
        TitleChangedAt = p.TitleChangedAt is { } changed ? new DateTimeOffset(changed, TimeSpan.Zero) : null,
    };

    public async Task<UserState> LoadUserStateAsync(string mailboxId, IReadOnlyList<string> seniorAddresses, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var since = time.GetUtcNow().UtcDateTime.AddYears(-3);
        var preferences = await db.PersonPreferences.AsNoTracking().Where(p => p.MailboxId == mailboxId).ToListAsync(cancellationToken);
        var suggestions = await db.Suggestions.AsNoTracking().Where(s => s.MailboxId == mailboxId && (s.CreatedAt > since || s.State == (int)SuggestionState.NotARelationship)).ToListAsync(cancellationToken);
        var rules = await db.ExclusionRules.AsNoTracking().Where(r => r.MailboxId == null || r.MailboxId == mailboxId).ToListAsync(cancellationToken);
        var links = await db.PersonLinks.AsNoTracking().Where(l => l.MailboxId == mailboxId && l.Accepted != null).ToListAsync(cancellationToken);
        return new UserState
        {
            Preferences = [.. preferences.Select(p => new PersonPreference(
                p.PersonKey, p.TierOverride is { } t ? (Tier)t : null, p.Muted,
                p.SnoozedUntil is { } until ? new DateTimeOffset(until, TimeSpan.Zero) : null, p.Senior))],
            Suggestions = [.. suggestions.Select(ToRecord)],
            Rules = [.. rules.Select(r => new ExclusionRule(r.Pattern, r.MailboxId is null ? RuleScope.Admin : RuleScope.Personal, r.Note))],
            Links = [.. links.Select(l => new LinkDecision(l.FromKey, l.ToKey, l.Accepted!.Value))],
            SeniorAddresses = seniorAddresses,
        };
    }

    public static SuggestionRecord ToRecord(SuggestionRow s) => new(
        s.Id, s.PersonKey, (SuggestionKind)s.Kind, new DateTimeOffset(s.CreatedAt, TimeSpan.Zero), (SuggestionState)s.State,
        s.ResolvedAt is { } resolved ? new DateTimeOffset(resolved, TimeSpan.Zero) : null);

    /// <summary>Replaces the mailbox's relationships with a new assessment and records the engine's proposed links.</summary>
    public async Task SaveAssessmentAsync(string mailboxId, MailboxAssessment assessment, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Relationships.Where(r => r.MailboxId == mailboxId).ExecuteDeleteAsync(ct);
            var focus = assessment.FocusList.Select((key, index) => (key, index)).ToDictionary(x => x.key, x => x.index + 1, StringComparer.Ordinal);
            db.Relationships.AddRange(assessment.Relationships.Select(r => RelationshipMapper.ToRow(mailboxId, r, focus.GetValueOrDefault(r.PersonKey), assessment.EvaluatedAt)));

            var known = await db.PersonLinks.Where(l => l.MailboxId == mailboxId).Select(l => new { l.FromKey, l.ToKey }).ToListAsync(ct);
            foreach (var link in assessment.Links.Where(l => !known.Any(k => k.FromKey == l.FromKey && k.ToKey == l.ToKey)))
            {
                db.PersonLinks.Add(new PersonLinkRow { MailboxId = mailboxId, FromKey = link.FromKey, ToKey = link.ToKey, Reason = link.Reason, CreatedAt = assessment.EvaluatedAt.UtcDateTime });
            }

            await db.SaveChangesAsync(ct);
            await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastEvaluatedAt, assessment.EvaluatedAt.UtcDateTime), ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }

    internal static List<string> ReadList(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];
}
