using System.Collections.Concurrent;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;

namespace GraphNetworker.Graph.Tests.Infrastructure;

/// <summary>
/// The sync port kept in memory, with the store's rules (a page and its link together; removals per folder; a full
/// round sweeps what it did not see), so the Graph adapter is tested without a database.
/// </summary>
public sealed class InMemorySyncStore(TimeProvider time) : IMailboxSyncStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Mailbox, string Folder), SyncCursor> _cursors = [];
    private readonly Dictionary<(string Mailbox, string Item), (string Folder, int Generation, Interaction Item)> _items = [];

    public ConcurrentQueue<DeltaPage> Committed { get; } = new();

    public Dictionary<string, List<string>> OwnerAddresses { get; } = new(StringComparer.Ordinal);

    public HashSet<string> OwnHolds { get; } = new(StringComparer.Ordinal);

    public List<(string? TimeZone, string? WorkingHours)> Settings { get; } = [];

    /// <summary>Full rounds started in a write of their own (<see cref="StartFullRoundAsync"/>), not with their first page.</summary>
    public int StartedAlone { get; private set; }

    /// <summary>Retention passes asked for (each a fenced delete in the store).</summary>
    public int Prunes { get; private set; }

    /// <summary>Calls that tracked calendar windows (each one write, however many windows).</summary>
    public int WindowWrites { get; private set; }

    public IReadOnlyList<(string Folder, Interaction Item)> Items(string mailboxId)
    {
        lock (_gate)
        {
            return [.. _items.Where(i => i.Key.Mailbox == mailboxId).Select(i => (i.Value.Folder, i.Value.Item))];
        }
    }

    public Task<IReadOnlyList<SyncCursor>> CursorsAsync(string mailboxId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<SyncCursor>>([.. _cursors.Values.Where(c => c.MailboxId == mailboxId).OrderBy(c => c.FolderId, StringComparer.Ordinal)]);
        }
    }

    public Task<SyncCursor> TrackFolderAsync(string mailboxId, MailFolder folder, FolderKind kind, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var cursor = _cursors.TryGetValue((mailboxId, folder.Id), out var known)
                ? known with { DisplayName = folder.DisplayName ?? known.DisplayName, WellKnownName = folder.WellKnownName ?? known.WellKnownName, IsRemoved = false }
                : new SyncCursor { MailboxId = mailboxId, FolderId = folder.Id, Kind = kind, DisplayName = folder.DisplayName, ParentFolderId = folder.ParentId, WellKnownName = folder.WellKnownName };
            _cursors[(mailboxId, folder.Id)] = cursor;
            return Task.FromResult(cursor);
        }
    }

    public async Task<IReadOnlyList<SyncCursor>> TrackFoldersAsync(string mailboxId, IReadOnlyList<MailFolder> folders, FolderKind kind, CancellationToken cancellationToken)
    {
        var tracked = new List<SyncCursor>();
        foreach (var folder in folders)
        {
            tracked.Add(await TrackFolderAsync(mailboxId, folder, kind, cancellationToken));
        }

        return tracked;
    }

    public Task<IReadOnlyList<SyncCursor>> TrackCalendarWindowsAsync(string mailboxId, IReadOnlyList<CalendarWindow> windows, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            WindowWrites++;
            var tracked = new List<SyncCursor>();
            foreach (var (folder, start, end) in windows)
            {
                var cursor = _cursors.TryGetValue((mailboxId, folder.Id), out var known)
                    ? known with { IsRemoved = false, FullRound = false, NextLink = null, DeltaLink = null }
                    : new SyncCursor { MailboxId = mailboxId, FolderId = folder.Id, Kind = FolderKind.Calendar, DisplayName = folder.DisplayName, WellKnownName = folder.WellKnownName };
                cursor = cursor with { WindowStart = start, WindowEnd = end };
                _cursors[(mailboxId, folder.Id)] = cursor;
                tracked.Add(cursor);
            }

            return Task.FromResult<IReadOnlyList<SyncCursor>>(tracked);
        }
    }

    public Task<SyncCursor> StartFullRoundAsync(LeaseFence mailbox, string folderId, bool isResync, DateTimeOffset? windowStart, DateTimeOffset? windowEnd, CancellationToken cancellationToken)
    {
        var mailboxId = mailbox.MailboxId;
        lock (_gate)
        {
            StartedAlone++;
            var cursor = Started(_cursors[(mailboxId, folderId)], new RoundStart(isResync, windowStart, windowEnd));
            _cursors[(mailboxId, folderId)] = cursor;
            return Task.FromResult(cursor);
        }
    }

    private SyncCursor Started(SyncCursor cursor, RoundStart start) => cursor with
    {
        Generation = cursor.Generation + 1, FullRound = true, NextLink = null, DeltaLink = null, RoundStartedAt = time.GetUtcNow(),
        WindowStart = start.WindowStart ?? cursor.WindowStart, WindowEnd = start.WindowEnd ?? cursor.WindowEnd, Resyncs = cursor.Resyncs + (start.IsResync ? 1 : 0),
    };

    public Task<PageOutcome> CommitPageAsync(LeaseFence mailbox, DeltaPage page, CancellationToken cancellationToken)
    {
        var mailboxId = mailbox.MailboxId;
        lock (_gate)
        {
            Committed.Enqueue(page);
            var cursor = _cursors[(mailboxId, page.FolderId)];
            cursor = page.Start is { } start ? Started(cursor, start) : cursor;
            int inserted = 0, updated = 0, removed = 0, swept = 0;
            foreach (var item in page.Items)
            {
                _ = _items.ContainsKey((mailboxId, item.ItemId)) ? updated++ : inserted++;
                _items[(mailboxId, item.ItemId)] = (page.FolderId, cursor.Generation, item);
            }

            foreach (var id in page.Removed.Where(r => page.Items.All(i => i.ItemId != r)))
            {
                if (_items.TryGetValue((mailboxId, id), out var stored) && stored.Folder == page.FolderId && _items.Remove((mailboxId, id)))
                {
                    removed++;
                }
            }

            if (page.DeltaLink is not null)
            {
                if (cursor.FullRound)
                {
                    foreach (var key in _items.Where(i => i.Key.Mailbox == mailboxId && i.Value.Folder == page.FolderId && i.Value.Generation < cursor.Generation && (cursor.WindowStart is null || i.Value.Item.OccurredAt >= cursor.WindowStart)).Select(i => i.Key).ToList())
                    {
                        _items.Remove(key);
                        swept++;
                    }
                }

                cursor = cursor with { DeltaLink = page.DeltaLink, NextLink = null, FullRound = false, LastCompletedAt = time.GetUtcNow() };
            }
            else
            {
                cursor = cursor with { NextLink = page.NextLink, DeltaLink = page.NextLink is null ? cursor.DeltaLink : null };
            }

            _cursors[(mailboxId, page.FolderId)] = cursor;
            return Task.FromResult(new PageOutcome(inserted, updated, removed, swept));
        }
    }

    public Task RetireFoldersAsync(LeaseFence mailbox, IReadOnlyCollection<string> folderIds, CancellationToken cancellationToken)
    {
        var mailboxId = mailbox.MailboxId;
        lock (_gate)
        {
            foreach (var key in _items.Where(i => i.Key.Mailbox == mailboxId && folderIds.Contains(i.Value.Folder)).Select(i => i.Key).ToList())
            {
                _items.Remove(key);
            }

            foreach (var id in folderIds.Where(f => _cursors.ContainsKey((mailboxId, f))))
            {
                _cursors[(mailboxId, id)] = _cursors[(mailboxId, id)] with { IsRemoved = true, DeltaLink = null, NextLink = null };
            }
        }

        return Task.CompletedTask;
    }

    public Task<int> PruneAsync(string mailboxId, DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Prunes++;
            var old = _items.Where(i => i.Key.Mailbox == mailboxId && i.Value.Item.OccurredAt < olderThan).Select(i => i.Key).ToList();
            old.ForEach(k => _items.Remove(k));
            return Task.FromResult(old.Count);
        }
    }

    public Task<IReadOnlySet<string>> OwnHoldIdsAsync(string mailboxId, CancellationToken cancellationToken) => Task.FromResult<IReadOnlySet<string>>(OwnHolds);

    public Task<IReadOnlyList<string>> OwnerAddressesAsync(MailboxProfile mailbox, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([mailbox.UserPrincipalName, .. mailbox.PrimaryAddress is { } primary ? [primary] : Array.Empty<string>(), .. OwnerAddresses.GetValueOrDefault(mailbox.Id) ?? []]);

    public Task SettingsRefreshedAsync(string mailboxId, string? timeZone, string? workingHours, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Settings.Add((timeZone, workingHours));
        }

        return Task.CompletedTask;
    }
}

/// <summary>A lease that is always held (the Graph adapter only asks to keep it).</summary>
public sealed class HeldLease(string mailboxId) : IMailboxLease
{
    public string MailboxId { get; } = mailboxId;

    public LeaseFence Fence => new(MailboxId, "graph-tests", 1);

    public int Kept { get; private set; }

    public Task KeepAsync(CancellationToken cancellationToken)
    {
        Kept++;
        return Task.CompletedTask;
    }
}
