using System.Runtime.CompilerServices;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Items;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Repositories;

/// <summary>
/// What the engine reads (a mailbox's interactions streamed page by page, the user's decisions) and what it writes
/// back (one mailbox's assessments, replaced in one transaction).
/// </summary>
public sealed class EvaluationStore(IDbContextFactory<GraphNetworkerDbContext> contexts, ItemStore items, TimeProvider time)
{
    /// <summary>Items read per query while streaming a mailbox.</summary>
    internal const int PageSize = 2000;

    /// <summary>
    /// Streams a mailbox's interactions a page at a time: memory holds one page and the mailbox's correspondents, not
    /// the mailbox. One long query would not stream on PostgreSQL or SQL Server, where the retrying execution strategy
    /// buffers the whole result; each page is a short query along the primary key, retried on its own.
    /// </summary>
    public async IAsyncEnumerable<Interaction> StreamInteractionsAsync(string mailboxId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var stored in StreamAsync(mailboxId, cancellationToken))
        {
            yield return stored.Item;
        }
    }

    /// <summary>
    /// Every item stored for a mailbox, with the folder it was read from and the generation of the round that last saw
    /// it, in key order (for diagnostics and tests; the engine streams).
    /// </summary>
    public async Task<IReadOnlyList<ItemInFolder>> StoredItemsAsync(string mailboxId, CancellationToken cancellationToken)
    {
        Dictionary<int, string> folders;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            folders = await db.FolderCursors.AsNoTracking().Where(c => c.MailboxId == mailboxId)
                .Select(c => new { Number = EF.Property<int>(c, Shadow.FolderNumber), c.FolderId })
                .ToDictionaryAsync(c => c.Number, c => c.FolderId, cancellationToken);
        }

        var found = new List<ItemInFolder>();
        await foreach (var stored in StreamAsync(mailboxId, cancellationToken))
        {
            found.Add(new ItemInFolder(folders.GetValueOrDefault(stored.Folder, "?"), stored.Generation, stored.Item));
        }

        return found;
    }

    private async IAsyncEnumerable<StoredInteraction> StreamAsync(string mailboxId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        CorrespondentBook? book = null;
        long? after = null;
        while (true)
        {
            List<StoredInteraction> page;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                if (await items.MailboxNumberAsync(db, mailboxId, cancellationToken) is not { } mailbox)
                {
                    yield break;
                }

                page = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
                {
                    var (connection, transaction, dialect) = await ItemStore.OpenAsync(db, ct);
                    if (book is null)
                    {
                        // Rows may name a link format another worker wrote since this process read them: read them again.
                        await items.EnsureFormatsAsync(connection, transaction, dialect, again: true, ct);
                        book = await ItemStore.ReadBookAsync(connection, transaction, dialect, mailbox, ct);
                    }

                    return await ItemReader.PageAsync(connection, transaction, dialect, mailbox, after, PageSize, book, items.Links, ct);
                }, cancellationToken);
            }

            foreach (var item in page)
            {
                yield return item;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].Key;
        }
    }

    /// <summary>Everything the user and the administrator decided that the engine must respect, and the suggestions of the last three years.</summary>
    public async Task<UserState> LoadUserStateAsync(string mailboxId, IReadOnlyList<string> seniorAddresses, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var since = time.GetUtcNow().AddYears(-3);
        var preferences = await db.PersonPreferences.AsNoTracking().Where(p => EF.Property<string>(p, Shadow.MailboxId) == mailboxId).ToListAsync(cancellationToken);
        var suggestions = await db.Suggestions.AsNoTracking()
            .Where(s => EF.Property<string>(s, Shadow.MailboxId) == mailboxId && (s.CreatedAt > since || s.State == SuggestionState.NotARelationship))
            .ToListAsync(cancellationToken);
        var rules = await db.ExclusionRules.AsNoTracking()
            .Where(r => EF.Property<string?>(r, Shadow.MailboxId) == null || EF.Property<string?>(r, Shadow.MailboxId) == mailboxId)
            .ToListAsync(cancellationToken);

        // Only the user's verdicts bind the engine: a link it made and nobody answered is made again only if it still holds.
        var links = await db.PersonLinks.AsNoTracking()
            .Where(l => EF.Property<string>(l, Shadow.MailboxId) == mailboxId && EF.Property<bool?>(l, Shadow.Verdict) != null)
            .ToListAsync(cancellationToken);
        return new UserState
        {
            Preferences = preferences,
            Suggestions = suggestions,
            Rules = rules,
            Links = links,
            SeniorAddresses = seniorAddresses,
        };
    }

    /// <summary>
    /// Replaces the mailbox's relationships with a new assessment, records the engine's proposed links, and what the
    /// evaluation saw (<paramref name="stamp"/>), so a quiet cycle knows when it must score the mailbox again.
    /// </summary>
    public Task SaveAssessmentAsync(LeaseFence mailbox, MailboxAssessment assessment, EvaluationStamp stamp, CancellationToken cancellationToken) =>
        SaveAssessmentAsync(mailbox, assessment, stamp, storePlanned: false, cancellationToken);

    /// <summary>
    /// The same, and with <paramref name="storePlanned"/> the suggestions the assessment planned, stored as Pending in the
    /// same transaction (<see cref="SuggestionStore.AddPlannedAsync"/>).
    /// </summary>
    public async Task SaveAssessmentAsync(
        LeaseFence mailbox, MailboxAssessment assessment, EvaluationStamp stamp, bool storePlanned, CancellationToken cancellationToken)
    {
        var mailboxId = mailbox.MailboxId;
        var focus = assessment.FocusList.Select((key, index) => (key, index)).ToDictionary(x => x.key, x => x.index + 1, StringComparer.Ordinal);
        var evaluatedAt = assessment.EvaluatedAt.UtcDateTime;
        await contexts.FencedAsync(mailbox, async (db, ct) =>
        {
            await db.Relationships.Where(r => EF.Property<string>(r, Shadow.MailboxId) == mailboxId).ExecuteDeleteAsync(ct);

            // The rows in one bulk write, not through the change tracker (a few hundred rows of 56 columns each).
            var shape = _rows ??= RelationshipRows.Of(db.Model);
            var (connection, transaction, dialect) = await ItemStore.OpenAsync(db, ct);
            await new ItemWriter(connection, transaction!, dialect).InsertAsync(shape.Table, shape.Columns, shape.Types,
                assessment.Relationships.Select(r => shape.Values(Bounded(r), new(mailboxId, focus.TryGetValue(r.PersonKey, out var rank) ? rank : null, evaluatedAt))), ct);

            if (assessment.Links.Count > 0)
            {
                var known = await db.PersonLinks.Where(l => EF.Property<string>(l, Shadow.MailboxId) == mailboxId).Select(l => new { l.FromKey, l.ToKey }).ToListAsync(ct);
                foreach (var link in assessment.Links.Where(l => !known.Any(k => k.FromKey == l.FromKey && k.ToKey == l.ToKey)))
                {
                    // Stored without a verdict: the user has not answered it.
                    var entry = db.Entry(new LinkDecision(link.FromKey, link.ToKey, Accepted: true) { Reason = link.Reason });
                    entry.Property(Shadow.MailboxId).CurrentValue = mailboxId;
                    entry.Property(Shadow.CreatedAt).CurrentValue = evaluatedAt;
                    entry.State = EntityState.Added;
                }

                await db.SaveChangesAsync(ct);
            }

            var inputs = stamp.InputsSeen?.UtcDateTime;
            var due = stamp.ValidUntil.UtcDateTime;
            var stamped = await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LastEvaluatedAt, assessment.EvaluatedAt.UtcDateTime)
                .SetProperty(m => m.EvaluatedInputsAt, inputs)
                .SetProperty(m => m.EvaluationDueAt, due)
                .SetProperty(m => m.EvaluatedWith, stamp.EngineFingerprint), ct);

            // The suggestions it planned are part of the same checkpoint: stored apart, a crash between the two left the
            // mailbox scored and not due again until its day turned, with its suggestions lost until then.
            if (storePlanned)
            {
                await SuggestionStore.AddPlannedAsync(db, mailboxId, assessment.NewSuggestions, time.GetUtcNow(), ct);
            }

            return stamped;
        }, cancellationToken);
    }

    /// <summary>The relationship rows' shape, from the first context's model (one model per process).</summary>
    private RelationshipRows? _rows;

    /// <summary>
    /// An assessment within the columns' lengths (a display name or title from the directory can be longer): itself when
    /// it fits, as nearly every one does, rather than a copy of every assessment with copies of its contact points.
    /// </summary>
    private static RelationshipAssessment Bounded(RelationshipAssessment r) =>
        r.DisplayName.Length <= 256 && r.JobTitle is not { Length: > 256 } && Fits(r.LastContact) && Fits(r.LastOutbound) && Fits(r.LastInbound) && Fits(r.LastMeeting)
            ? r
            : Truncated(r);

    private static bool Fits(ContactPoint? point) => point?.Subject is not { Length: > 255 };

    private static RelationshipAssessment Truncated(RelationshipAssessment r) => r with
    {
        DisplayName = Truncate(r.DisplayName, 256)!,
        JobTitle = Truncate(r.JobTitle, 256),
        LastContact = r.LastContact is { } c ? c with { Subject = Truncate(c.Subject, 255) } : null,
        LastOutbound = r.LastOutbound is { } o ? o with { Subject = Truncate(o.Subject, 255) } : null,
        LastInbound = r.LastInbound is { } i ? i with { Subject = Truncate(i.Subject, 255) } : null,
        LastMeeting = r.LastMeeting is { } m ? m with { Subject = Truncate(m.Subject, 255) } : null,
    };

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}

/// <summary>A stored item with the folder it was read from and the generation of the round that last saw it.</summary>
public sealed record ItemInFolder(string FolderId, int Generation, Interaction Item);

/// <summary>
/// What an evaluation saw: the mailbox's inputs as of their last change, how long its result holds without new input,
/// and the engine (build, options, directory) that made it.
/// </summary>
public sealed record EvaluationStamp(DateTimeOffset? InputsSeen, DateTimeOffset ValidUntil, string EngineFingerprint);
