using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Graph.Sync;
using GraphNetworker.Graph.Tests.Infrastructure;

namespace GraphNetworker.Graph.Tests.Sync;

/// <summary>Mailbox sync through the real SDK against the emulator, into an in-memory store: the adapter needs no database.</summary>
public sealed class MailboxSyncTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SyncAsync_FirstRun_EveryReadFolderAndTheCalendarCompleteWithDeltaLinks()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();

        var result = await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        var cursors = await graph.Store.CursorsAsync(mailbox.Id, Ct);
        Assert.All(cursors, c => Assert.Equal((true, (string?)null), (c.DeltaLink is not null, c.NextLink)));
        Assert.Contains(cursors, c => c.Kind == FolderKind.Calendar);
        Assert.Contains(cursors, c => c.WellKnownName == "sentitems");
        Assert.DoesNotContain(cursors, c => c.DisplayName is "Deleted Items" or "Junk Email" or "Drafts" or "Outbox");
        var items = graph.Store.Items(mailbox.Id);
        Assert.Equal(result.Items - result.Removed, items.Count);
        Assert.Contains(items, i => i.Item.Kind == InteractionKind.EmailSent);
        Assert.Contains(items, i => i.Item.Kind == InteractionKind.Meeting);
        Assert.All(items, i => Assert.Null(i.Item.Subject));
        Assert.Single(graph.Store.Settings);
    }

    [Fact]
    public async Task SyncAsync_SecondRunWithNothingNew_OneRequestPerFolderAndCalendar()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var sync = graph.Get<MailboxSync>();
        await sync.SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var stored = graph.Store.Items(mailbox.Id).Count;
        graph.Emulator.Control.ClearRequests();

        await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);

        var cursors = await graph.Store.CursorsAsync(mailbox.Id, Ct);
        Assert.Equal(cursors.Count, graph.Emulator.Control.Requests.Count);
        Assert.Equal(stored, graph.Store.Items(mailbox.Id).Count);
    }

    [Fact]
    public async Task SyncAsync_DeltaTokensExpired_ResyncsWithoutDuplicates()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var sync = graph.Get<MailboxSync>();
        await sync.SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var before = graph.Store.Items(mailbox.Id).Select(i => i.Item.ItemId).Order(StringComparer.Ordinal).ToList();

        graph.Emulator.Control.InvalidateDeltaTokens();
        var result = await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);

        Assert.True(result.Resyncs > 0);
        Assert.Equal(before, graph.Store.Items(mailbox.Id).Select(i => i.Item.ItemId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SyncAsync_EveryPage_KeepsTheLeaseAlive()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var lease = new HeldLease(mailbox.Id);

        await graph.Get<MailboxSync>().SyncAsync(mailbox, lease, Ct);

        Assert.Equal(graph.Store.Committed.Count, lease.Kept);
    }

    [Fact]
    public async Task SyncAsync_JunkCannotBeIdentified_NoFolderIsRead()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        graph.Emulator.Control.AddFault(new GraphNetworker.GraphEmulator.FaultRule
        {
            PathPattern = "mailFolders/junkemail", Kind = GraphNetworker.GraphEmulator.FaultKind.Throttle429, RetryAfter = TimeSpan.Zero, Count = 0,
        });

        var refused = await Assert.ThrowsAsync<FolderDiscoveryException>(() => graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct));

        Assert.Contains("junkemail", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await graph.Store.CursorsAsync(mailbox.Id, Ct));
        Assert.Empty(graph.Store.Items(mailbox.Id));
    }

    [Fact]
    public async Task SyncAsync_WellKnownFolders_AskedForInBatchesOfAtMostFourSteps()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();

        await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        var batches = graph.Emulator.Control.Requests.Where(r => r.Url.Contains("$batch", StringComparison.Ordinal) && r.BatchRequestId is null).ToList();
        var steps = graph.Emulator.Control.Requests.Where(r => r.BatchRequestId is not null).GroupBy(r => r.BatchRequestId).ToList();
        Assert.All(steps, batch => Assert.True(batch.Count() <= 4));
        Assert.Equal(3, batches.Count);
        var cursors = await graph.Store.CursorsAsync(mailbox.Id, Ct);
        Assert.Equal(["archive", "inbox", "sentitems"], cursors.Select(c => c.WellKnownName).OfType<string>().Where(n => n != "calendar").Order(StringComparer.Ordinal));
    }
}
