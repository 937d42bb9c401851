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

    [Theory]
    [InlineData(GraphNetworker.GraphEmulator.MailboxCondition.NotEnabledForRest, "MailboxNotEnabledForRESTAPI", false)]
    [InlineData(GraphNetworker.GraphEmulator.MailboxCondition.NotEnabledForRest, "MailboxNotEnabledForRESTAPI", true)]
    [InlineData(GraphNetworker.GraphEmulator.MailboxCondition.InvalidUser, "ErrorInvalidUser", false)]
    [InlineData(GraphNetworker.GraphEmulator.MailboxCondition.InvalidUser, "ErrorInvalidUser", true)]
    public async Task SyncAsync_MailboxLevel404_FailsTheMailbox_AndDeletesNothing(GraphNetworker.GraphEmulator.MailboxCondition condition, string code, bool foldersDue)
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var sync = graph.Get<MailboxSync>();
        await sync.SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var items = graph.Store.Items(mailbox.Id).Select(i => i.Item.ItemId).Order(StringComparer.Ordinal).ToList();
        var cursors = (await graph.Store.CursorsAsync(mailbox.Id, Ct)).Select(c => (c.FolderId, c.IsRemoved)).ToList();

        graph.Emulator.Control.SetMailboxCondition(mailbox.UserPrincipalName, condition);
        var failed = await Assert.ThrowsAsync<Microsoft.Graph.Models.ODataErrors.ODataError>(() =>
            sync.SyncAsync(mailbox with { FoldersRefreshedAt = foldersDue ? null : graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct));

        Assert.Equal((404, code), (failed.ResponseStatusCode, failed.Error?.Code));
        Assert.Equal(items, graph.Store.Items(mailbox.Id).Select(i => i.Item.ItemId).Order(StringComparer.Ordinal));
        Assert.Equal(cursors, (await graph.Store.CursorsAsync(mailbox.Id, Ct)).Select(c => (c.FolderId, c.IsRemoved)));
    }

    [Fact]
    public async Task SyncAsync_AFolderDeletedForGood_IsRetired_ItsItemsDropped_AndTheOthersKept()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var sync = graph.Get<MailboxSync>();
        await sync.SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);
        var projects = (await graph.Store.CursorsAsync(mailbox.Id, Ct)).Single(c => c.DisplayName == "Projects");
        var others = graph.Store.Items(mailbox.Id).Where(i => i.Folder != projects.FolderId).Select(i => i.Item.ItemId).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(graph.Store.Items(mailbox.Id), i => i.Folder == projects.FolderId);

        graph.Emulator.Control.DeleteFolder(mailbox.UserPrincipalName, projects.FolderId);
        var result = await sync.SyncAsync(mailbox with { FoldersRefreshedAt = graph.Clock.GetUtcNow() }, new HeldLease(mailbox.Id), Ct);

        Assert.Equal((1, true), (result.RetiredFolders, result.ShouldWait));
        Assert.True((await graph.Store.CursorsAsync(mailbox.Id, Ct)).Single(c => c.FolderId == projects.FolderId).IsRemoved);
        Assert.DoesNotContain(graph.Store.Items(mailbox.Id), i => i.Folder == projects.FolderId);
        Assert.Equal(others, graph.Store.Items(mailbox.Id).Select(i => i.Item.ItemId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SyncAsync_AWellKnownFolderStepThrottledOnce_IsAskedAgain_AndItsAnswerKept()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        graph.Emulator.Control.AddFault(new GraphNetworker.GraphEmulator.FaultRule
        {
            PathPattern = "mailFolders/sentitems", Kind = GraphNetworker.GraphEmulator.FaultKind.Throttle429, RetryAfter = TimeSpan.Zero, Count = 1,
        });

        await graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct);

        var asked = graph.Emulator.Control.Requests.Where(r => r.BatchRequestId is not null && r.Url.Contains("mailFolders/sentitems", StringComparison.Ordinal)).ToList();
        Assert.Equal([429, 200], asked.Select(r => r.Status));
        var sent = (await graph.Store.CursorsAsync(mailbox.Id, Ct)).Single(c => c.WellKnownName == "sentitems");
        var fromSent = graph.Store.Items(mailbox.Id).Where(i => i.Folder == sent.FolderId).ToList();
        Assert.NotEmpty(fromSent);
        Assert.All(fromSent, i => Assert.Equal(InteractionKind.EmailSent, i.Item.Kind));
    }

    [Fact]
    public async Task SyncAsync_SentItemsCannotBeIdentified_NoFolderIsRead_RatherThanSentMailReadAsReceived()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        graph.Emulator.Control.AddFault(new GraphNetworker.GraphEmulator.FaultRule
        {
            PathPattern = "mailFolders/sentitems", Kind = GraphNetworker.GraphEmulator.FaultKind.Throttle429, RetryAfter = TimeSpan.Zero, Count = 0,
        });

        var refused = await Assert.ThrowsAsync<FolderDiscoveryException>(() => graph.Get<MailboxSync>().SyncAsync(mailbox, new HeldLease(mailbox.Id), Ct));

        Assert.Contains("sentitems", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await graph.Store.CursorsAsync(mailbox.Id, Ct));
        Assert.Empty(graph.Store.Items(mailbox.Id));
    }
}
