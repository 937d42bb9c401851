using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Items;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Repositories;

/// <summary>
/// Delta cursors and items. A page of items and the link that follows it are committed in one transaction, so a crash
/// at any point resumes from the last committed link without losing or double-counting anything: items are upserted
/// by their immutable Graph id (<see cref="ItemWriter"/>), removals delete only the copy in that folder, and a
/// completed full round sweeps what it did not see (items deleted while a token had expired).
/// </summary>
/// <remarks>
/// Every write is fenced by the mailbox's lease (<see cref="FencedWrites"/>). Where the port names only the mailbox, the
/// fence is the lease this process holds on it (<see cref="MailboxLeases.HeldFence"/>).
/// </remarks>
public sealed class SyncStore(IDbContextFactory<GraphNetworkerDbContext> contexts, ItemStore items, MailboxLeases leases, TimeProvider time) : IMailboxSyncStore
{
    /// <summary>The port's call names only the mailbox: it is fenced by the lease this process holds on it.</summary>
    Task<SyncCursor> IMailboxSyncStore.TrackFolderAsync(string mailboxId, MailFolder folder, FolderKind kind, CancellationToken cancellationToken) =>
        TrackFolderAsync(leases.HeldFence(mailboxId), folder, kind, cancellationToken);

    Task<IReadOnlyList<SyncCursor>> IMailboxSyncStore.TrackFoldersAsync(string mailboxId, IReadOnlyList<MailFolder> folders, FolderKind kind, CancellationToken cancellationToken) =>
        TrackFoldersAsync(leases.HeldFence(mailboxId), folders, kind, cancellationToken);

    /// <summary>The folder's cursor, created when new (tracked again when seen again), only while <paramref name="mailbox"/> holds.</summary>
    public async Task<SyncCursor> TrackFolderAsync(LeaseFence mailbox, MailFolder folder, FolderKind kind, CancellationToken cancellationToken) =>
        (await TrackFoldersAsync(mailbox, [folder], kind, cancellationToken))[0];

    /// <summary>
    /// The folders' cursors, each created when new (tracked again when seen again), in one transaction only while
    /// <paramref name="mailbox"/> holds: the mailbox's cursors read once, new folders numbered on from the highest.
    /// </summary>
    public Task<IReadOnlyList<SyncCursor>> TrackFoldersAsync(LeaseFence mailbox, IReadOnlyList<MailFolder> folders, FolderKind kind, CancellationToken cancellationToken) =>
        TrackAsync(mailbox, [.. folders.Select(f => (f, kind, (CalendarWindow?)null))], cancellationToken);

    Task<IReadOnlyList<SyncCursor>> IMailboxSyncStore.TrackCalendarWindowsAsync(string mailboxId, IReadOnlyList<CalendarWindow> windows, CancellationToken cancellationToken) =>
        TrackCalendarWindowsAsync(leases.HeldFence(mailboxId), windows, cancellationToken);

    /// <summary>
    /// Calendar windows' cursors with their bounds, in one transaction only while <paramref name="mailbox"/> holds. A
    /// window seen again (made again after it was retired) takes the new bounds and drops its links: its next round is a
    /// full one, started with its first page.
    /// </summary>
    public Task<IReadOnlyList<SyncCursor>> TrackCalendarWindowsAsync(LeaseFence mailbox, IReadOnlyList<CalendarWindow> windows, CancellationToken cancellationToken) =>
        TrackAsync(mailbox, [.. windows.Select(w => (w.Folder, FolderKind.Calendar, (CalendarWindow?)w))], cancellationToken);

    private Task<IReadOnlyList<SyncCursor>> TrackAsync(
        LeaseFence mailbox, IReadOnlyList<(MailFolder Folder, FolderKind Kind, CalendarWindow? Window)> folders, CancellationToken cancellationToken) =>
        contexts.FencedAsync<IReadOnlyList<SyncCursor>>(mailbox, async (db, ct) =>
        {
            var mailboxId = mailbox.MailboxId;
            var stored = await db.FolderCursors.Where(c => c.MailboxId == mailboxId).ToListAsync(ct);
            var byId = stored.ToDictionary(c => c.FolderId, StringComparer.Ordinal);
            var highest = stored.Count == 0 ? 0 : stored.Max(c => db.Entry(c).Property<int>(Shadow.FolderNumber).CurrentValue);
            var tracked = new List<SyncCursor>(folders.Count);
            foreach (var (folder, kind, window) in folders)
            {
                if (byId.TryGetValue(folder.Id, out var cursor))
                {
                    var seen = cursor with
                    {
                        DisplayName = folder.DisplayName ?? cursor.DisplayName,
                        ParentFolderId = folder.ParentId ?? cursor.ParentFolderId,
                        WellKnownName = folder.WellKnownName ?? cursor.WellKnownName,
                        IsRemoved = false,
                    };
                    if (window is not null)
                    {
                        seen = seen with { WindowStart = window.Start, WindowEnd = window.End, FullRound = false, NextLink = null, DeltaLink = null };
                    }

                    db.Entry(cursor).CurrentValues.SetValues(seen);
                    tracked.Add(seen);
                }
                else
                {
                    var created = new SyncCursor
                    {
                        MailboxId = mailboxId, FolderId = folder.Id, Kind = kind, DisplayName = folder.DisplayName, ParentFolderId = folder.ParentId,
                        WellKnownName = folder.WellKnownName, WindowStart = window?.Start, WindowEnd = window?.End,
                    };
                    db.FolderCursors.Add(created).Property(Shadow.FolderNumber).CurrentValue = ++highest;
                    byId[folder.Id] = created;
                    tracked.Add(created);
                }
            }

            await db.SaveChangesAsync(ct);
            return tracked;
        }, cancellationToken);

    public async Task<IReadOnlyList<SyncCursor>> CursorsAsync(string mailboxId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.FolderCursors.AsNoTracking().Where(c => c.MailboxId == mailboxId).OrderBy(c => c.FolderId).ToListAsync(cancellationToken);
    }

    public Task<SyncCursor> StartFullRoundAsync(
        LeaseFence mailbox, string folderId, bool isResync, DateTimeOffset? windowStart, DateTimeOffset? windowEnd, CancellationToken cancellationToken) =>
        contexts.FencedAsync(mailbox, async (db, ct) =>
        {
            var cursor = await db.FolderCursors.SingleAsync(c => c.MailboxId == mailbox.MailboxId && c.FolderId == folderId, ct);
            var started = Started(cursor, new RoundStart(isResync, windowStart, windowEnd));
            db.Entry(cursor).CurrentValues.SetValues(started);
            if (isResync)
            {
                await db.Mailboxes.Where(m => m.Id == mailbox.MailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Resyncs, m => m.Resyncs + 1), ct);
            }

            await db.SaveChangesAsync(ct);
            return started;
        }, cancellationToken);

    public async Task<PageOutcome> CommitPageAsync(LeaseFence mailbox, DeltaPage page, CancellationToken cancellationToken)
    {
        // One page of the mailbox at a time: its new correspondents are numbered in the mailbox's book and written with it.
        using var writing = await items.WritingAsync(mailbox.MailboxId, cancellationToken);
        CorrespondentBook? book = null;
        IReadOnlyCollection<LinkFormat> formats = [];
        try
        {
            var outcome = await contexts.FencedAsync(mailbox, async (db, ct) =>
            {
                // An attempt the execution strategy repeats numbers its new correspondents again.
                book?.RolledBack();
                (var applied, book, formats) = await ApplyAsync(db, mailbox, page, ct);
                return applied;
            }, cancellationToken);
            book?.Committed();
            foreach (var format in formats)
            {
                items.Links.Stored(format.Id);
            }

            return outcome;
        }
        catch
        {
            book?.RolledBack();
            items.Forget(mailbox);
            throw;
        }
    }

    public async Task RetireFoldersAsync(LeaseFence mailbox, IReadOnlyCollection<string> folderIds, CancellationToken cancellationToken)
    {
        if (folderIds.Count == 0)
        {
            return;
        }

        await contexts.FencedAsync(mailbox, async (db, ct) =>
        {
            var numbers = await db.FolderCursors.Where(c => c.MailboxId == mailbox.MailboxId && folderIds.Contains(c.FolderId))
                .Select(c => EF.Property<int>(c, Shadow.FolderNumber)).ToListAsync(ct);
            var dropped = await (await ItemsAsync(db, mailbox.MailboxId, ct)).Where(i => numbers.Contains(EF.Property<int>(i, ItemColumns.Folder))).ExecuteDeleteAsync(ct);
            if (dropped > 0)
            {
                var now = time.GetUtcNow().UtcDateTime;
                await db.Mailboxes.Where(m => m.Id == mailbox.MailboxId).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.ItemsStored, m => m.ItemsStored - dropped)
                    .SetProperty(m => m.InputsChangedAt, now), ct);
            }

            return await db.FolderCursors.Where(c => c.MailboxId == mailbox.MailboxId && folderIds.Contains(c.FolderId))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.IsRemoved, true).SetProperty(c => c.DeltaLink, (string?)null).SetProperty(c => c.NextLink, (string?)null), ct);
        }, cancellationToken);
    }

    Task<int> IMailboxSyncStore.PruneAsync(string mailboxId, DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        PruneAsync(leases.HeldFence(mailboxId), olderThan, cancellationToken);

    /// <summary>
    /// Retention: drops items older than <paramref name="olderThan"/>, only while <paramref name="mailbox"/> holds. The
    /// count comes off <c>ItemsStored</c> in the same transaction, so a purge between the two never leaves it negative.
    /// </summary>
    public Task<int> PruneAsync(LeaseFence mailbox, DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        contexts.FencedAsync(mailbox, async (db, ct) =>
        {
            var cutoff = olderThan.UtcDateTime;
            var pruned = await (await ItemsAsync(db, mailbox.MailboxId, ct)).Where(i => EF.Property<DateTime>(i, ItemColumns.OccurredAt) < cutoff).ExecuteDeleteAsync(ct);
            if (pruned > 0)
            {
                var now = time.GetUtcNow().UtcDateTime;
                await db.Mailboxes.Where(m => m.Id == mailbox.MailboxId).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.ItemsStored, m => m.ItemsStored - pruned)
                    .SetProperty(m => m.InputsChangedAt, now), ct);
            }

            return pruned;
        }, cancellationToken);

    public async Task<IReadOnlySet<string>> OwnHoldIdsAsync(string mailboxId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.Suggestions.AsNoTracking()
            .Where(s => EF.Property<string>(s, Shadow.MailboxId) == mailboxId && s.Kind == SuggestionKind.Hold && s.GraphId != null)
            .Select(s => s.GraphId!).ToListAsync(cancellationToken);
        return new HashSet<string>(ids, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<string>> OwnerAddressesAsync(MailboxProfile mailbox, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var person = await db.DirectoryUsers.AsNoTracking().SingleOrDefaultAsync(p => p.Id == mailbox.Id, cancellationToken);
        var addresses = new List<string> { mailbox.UserPrincipalName };
        if (mailbox.PrimaryAddress is not null)
        {
            addresses.Add(mailbox.PrimaryAddress);
        }

        if (person is not null)
        {
            addresses.Add(person.PrimaryAddress);
            addresses.AddRange(person.Addresses);
        }

        return addresses;
    }

    Task IMailboxSyncStore.SettingsRefreshedAsync(string mailboxId, string? timeZone, string? workingHours, CancellationToken cancellationToken) =>
        SettingsRefreshedAsync(leases.HeldFence(mailboxId), timeZone, workingHours, cancellationToken);

    /// <summary>Stores the mailbox's settings (time zone, working hours) as just read, only while <paramref name="mailbox"/> holds.</summary>
    public Task SettingsRefreshedAsync(LeaseFence mailbox, string? timeZone, string? workingHours, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return contexts.FencedAsync(mailbox, (db, ct) => db.Mailboxes.Where(m => m.Id == mailbox.MailboxId).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.FoldersRefreshedAt, now)
            .SetProperty(m => m.SettingsRefreshedAt, now)
            .SetProperty(m => m.TimeZone, m => timeZone ?? m.TimeZone)
            .SetProperty(m => m.WorkingHours, m => workingHours ?? m.WorkingHours), ct), cancellationToken);
    }

    /// <summary>The cursor as a full round starts: a new generation, no links, the window's new bounds when given.</summary>
    private SyncCursor Started(SyncCursor cursor, RoundStart start) => cursor with
    {
        Generation = cursor.Generation + 1,
        FullRound = true,
        NextLink = null,
        DeltaLink = null,
        RoundStartedAt = time.GetUtcNow(),
        WindowStart = start.WindowStart ?? cursor.WindowStart,
        WindowEnd = start.WindowEnd ?? cursor.WindowEnd,
        Resyncs = cursor.Resyncs + (start.IsResync ? 1 : 0),
    };

    /// <summary>The owner's address set, normalised: what "me" means on every item of this mailbox.</summary>
    public static IReadOnlySet<string> Normalized(IEnumerable<string> addresses) =>
        addresses.Select(Addresses.Normalize).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>The page's items with each id once, its last copy (nearly every page has no id twice: it is kept as it is).</summary>
    private static IReadOnlyList<Interaction> LastCopies(IReadOnlyList<Interaction> items)
    {
        var ids = new HashSet<string>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!ids.Add(item.ItemId))
            {
                return items.GroupBy(i => i.ItemId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
            }
        }

        return items;
    }

    /// <summary>The mailbox's stored items, for a delete (none when the mailbox has no row).</summary>
    private async Task<IQueryable<Dictionary<string, object>>> ItemsAsync(GraphNetworkerDbContext db, string mailboxId, CancellationToken cancellationToken)
    {
        var number = await items.MailboxNumberAsync(db, mailboxId, cancellationToken) ?? -1;
        return db.StoredItems.Where(i => EF.Property<int>(i, ItemColumns.MailboxNumber) == number);
    }

    private async Task<(PageOutcome Outcome, CorrespondentBook Book, IReadOnlyCollection<LinkFormat> Formats)> ApplyAsync(
        GraphNetworkerDbContext db, LeaseFence fence, DeltaPage page, CancellationToken ct)
    {
        var mailboxId = fence.MailboxId;
        var stored = await db.FolderCursors.SingleAsync(c => c.MailboxId == mailboxId && c.FolderId == page.FolderId, ct);
        var folder = db.Entry(stored).Property<int>(Shadow.FolderNumber).CurrentValue;

        // A round's first page may start it: the new generation is the one its items are written with.
        var cursor = page.Start is { } start ? Started(stored, start) : stored;
        var mailbox = await items.MailboxNumberAsync(db, mailboxId, ct) ?? throw new InvalidOperationException($"Mailbox {mailboxId} has no number: the store's migrations have not run.");
        var (connection, transaction, dialect) = await ItemStore.OpenAsync(db, ct);
        await items.EnsureFormatsAsync(connection, transaction, dialect, again: false, ct);
        var book = await items.BookAsync(fence, connection, transaction, dialect, mailbox, ct);

        // A replayed item may appear twice on one page: the last copy wins.
        var incoming = LastCopies(page.Items);
        var written = await new ItemWriter(connection, transaction!, dialect)
            .WriteAsync(mailbox, folder, cursor.Generation, incoming, page.Removed, book, items.Links, ct);

        var (wasFullRound, generation, windowStart) = (cursor.FullRound, cursor.Generation, cursor.WindowStart);

        // A round in progress continues only from its next link; the old delta link is spent (never both set).
        var advanced = page.DeltaLink is not null
            ? cursor with { DeltaLink = page.DeltaLink, NextLink = null, LastCompletedAt = time.GetUtcNow(), FullRound = false }
            : cursor with { NextLink = page.NextLink, DeltaLink = page.NextLink is not null ? null : cursor.DeltaLink };
        db.Entry(stored).CurrentValues.SetValues(advanced);
        await db.SaveChangesAsync(ct);

        var swept = 0;
        if (page.DeltaLink is not null && wasFullRound)
        {
            DateTime? from = windowStart?.UtcDateTime;
            swept = await db.StoredItems
                .Where(i => EF.Property<int>(i, ItemColumns.MailboxNumber) == mailbox && EF.Property<int>(i, ItemColumns.Folder) == folder
                            && EF.Property<int>(i, ItemColumns.Generation) < generation)
                .Where(i => from == null || EF.Property<DateTime>(i, ItemColumns.OccurredAt) >= from)
                .ExecuteDeleteAsync(ct);
        }

        var rejected = page.Rejected + written.Collisions;
        var delta = written.Inserted - written.Removed - swept;
        var changed = incoming.Count != 0 || written.Removed != 0 || swept != 0;
        var resyncs = page.Start is { IsResync: true } ? 1 : 0;
        if (changed || rejected != 0 || resyncs != 0)
        {
            var now = time.GetUtcNow().UtcDateTime;
            await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Resyncs, m => m.Resyncs + resyncs)
                .SetProperty(m => m.InputsChangedAt, m => changed ? now : m.InputsChangedAt)
                .SetProperty(m => m.ItemsStored, m => m.ItemsStored + delta)
                .SetProperty(m => m.ItemsRejected, m => m.ItemsRejected + rejected)
                .SetProperty(m => m.LastCycleItems, m => m.LastCycleItems + incoming.Count)
                .SetProperty(m => m.LastCycleRejected, m => m.LastCycleRejected + rejected), ct);
        }

        return (new PageOutcome(written.Inserted, written.Updated, written.Removed, swept), book, written.NewFormats);
    }
}
