using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Store.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Store.Tests.Repositories;

public sealed class MailboxLeaseTestsOnSqlite(SqliteServer server) : MailboxLeaseTests<SqliteServer>(server);

public sealed class MailboxLeaseTestsOnPostgres(PostgresServer server) : MailboxLeaseTests<PostgresServer>(server);

/// <summary>
/// Two workers on one database (a rolling deployment) never act for one mailbox at once: leases judged by the
/// database's clock, an epoch per acquisition, and every write fenced by it.
/// </summary>
public abstract class MailboxLeaseTests<TServer>(TServer server) : StoreTest<TServer>(server)
    where TServer : StoreServer
{
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Long enough for the database's clock to pass it in a test, short enough to wait for. Leases are judged by the
    /// database's clock on purpose (a worker's clock may be wrong), and no test can move a database server's clock:
    /// the few tests that need a lease to run out wait this much real time, which is the one exception to "time moves
    /// only when the test says so". Each waits for the lease's length and a margin, never for the machine to be idle.
    /// </summary>
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task TryAcquire_TwentyWorkersRaceForOneMailbox_ExactlyOneWins()
    {
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var workerA = Db.Services(Clock);
        await using var workerB = Db.Services(Clock);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Twenty attempts from two processes, each on its own context and connection, released together.
        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            var leases = (i % 2 == 0 ? workerA : workerB).GetRequiredService<MailboxLeases>();
            var owner = $"worker-{i:00}";
            await start.Task;
            return (Owner: owner, Fence: await leases.TryAcquireAsync(mailbox.Id, owner, Duration, Ct));
        }, Ct)).ToList();
        start.SetResult();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Fence is not null);
        var stored = await TestData.ReadMailboxAsync(Db, mailbox.Id, Ct);
        Assert.Equal((winner.Fence!.Value.Owner, winner.Fence!.Value.Epoch), (stored.LeaseOwner, stored.LeaseEpoch));
        Assert.StartsWith(winner.Owner + "#", stored.LeaseOwner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryAcquire_WorkerClockFarAhead_StillCannotTakeALiveLease()
    {
        // The database judges expiry: a worker whose clock runs a day ahead sees the lease as it is.
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var blueWorker = Db.Services(Clock);
        var aheadClock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Clock.GetUtcNow() + TimeSpan.FromDays(1));
        await using var greenWorker = Db.Services(aheadClock);
        var blue = await blueWorker.GetRequiredService<MailboxLeases>().TryAcquireAsync(mailbox.Id, "blue", Duration, Ct);
        Assert.NotNull(blue);

        Assert.Null(await greenWorker.GetRequiredService<MailboxLeases>().TryAcquireAsync(mailbox.Id, "green", Duration, Ct));
        Assert.Equal(blue.Value.Owner, (await TestData.ReadMailboxAsync(Db, mailbox.Id, Ct)).LeaseOwner);
    }

    [Fact]
    public async Task TryAcquire_AfterTheLeaseRanOutOnTheDatabasesClock_AnotherWorkerTakesIt_WithANewEpoch()
    {
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var services = Db.Services(Clock);
        var leases = services.GetRequiredService<MailboxLeases>();
        var blue = await leases.TryAcquireAsync(mailbox.Id, "blue", Short, Ct);
        Assert.NotNull(blue);
        Assert.Null(await leases.TryAcquireAsync(mailbox.Id, "green", Short, Ct));

        await Task.Delay(Short + TimeSpan.FromSeconds(0.5), Ct);
        var green = await leases.TryAcquireAsync(mailbox.Id, "green", Duration, Ct);

        Assert.NotNull(green);
        Assert.True(green.Value.Epoch > blue.Value.Epoch);
        Assert.False(await leases.RenewAsync(blue.Value, Duration, Ct));
        Assert.True(await leases.RenewAsync(green.Value, Duration, Ct));
    }

    [Fact]
    public async Task FencedWrites_AfterTheLeaseWasTakenOver_AreRefused_AndChangeNothing()
    {
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var services = Db.Services(Clock);
        var leases = services.GetRequiredService<MailboxLeases>();
        var sync = services.GetRequiredService<SyncStore>();
        var blue = (await leases.TryAcquireAsync(mailbox.Id, "blue", Short, Ct))!.Value;
        await sync.TrackFolderAsync(blue, TestData.Folder(TestData.Inbox, "inbox"), FolderKind.Mail, Ct);
        await sync.StartFullRoundAsync(blue, TestData.Inbox, isResync: false, null, null, Ct);
        await Task.Delay(Short + TimeSpan.FromSeconds(0.5), Ct);
        var green = (await leases.TryAcquireAsync(mailbox.Id, "green", Duration, Ct))!.Value;
        await sync.CommitPageAsync(green, new DeltaPage(TestData.Inbox, [TestData.Mail(TestData.MessageId("g1"), Clock.GetUtcNow().UtcDateTime)], [], null, "https://graph.microsoft.com/delta?$deltatoken=green", 0), Ct);

        // Blue comes back from a long pause with a page it fetched before: nothing of it lands, green's link stands.
        var late = new DeltaPage(TestData.Inbox, [TestData.Mail(TestData.MessageId("b1"), Clock.GetUtcNow().UtcDateTime)], [], "https://graph.microsoft.com/next?$skiptoken=old", null, 0);
        await Assert.ThrowsAsync<LeaseLostException>(() => sync.CommitPageAsync(blue, late, Ct));
        await Assert.ThrowsAsync<LeaseLostException>(() => sync.CommitPageAsync(blue, late with { Start = new RoundStart(IsResync: true, null, null) }, Ct));
        await Assert.ThrowsAsync<LeaseLostException>(() => sync.TrackCalendarWindowsAsync(
            blue, [new CalendarWindow(new MailFolder(SyncCursor.CalendarFolderId, "Calendar", null, "calendar"), Clock.GetUtcNow(), Clock.GetUtcNow().AddDays(30))], Ct));
        await Assert.ThrowsAsync<LeaseLostException>(() => services.GetRequiredService<SuggestionStore>().BeginWriteAsync(blue, "s1", OutlookOperation.CreateTask, Ct));

        var cursor = Assert.Single(await sync.CursorsAsync(mailbox.Id, Ct));
        Assert.Equal(("https://graph.microsoft.com/delta?$deltatoken=green", (string?)null, 1, 0), (cursor.DeltaLink, cursor.NextLink, cursor.Generation, cursor.Resyncs));
        Assert.Equal([TestData.MessageId("g1")], (await TestData.ReadInteractionsAsync(Db, mailbox.Id, Ct)).Select(i => i.GraphId));
    }

    [Fact]
    public async Task Purge_WhileAWorkerHoldsTheMailbox_FencesIt_ItsLaterWritesAreRefused_AndNoCycleTakesItAgain()
    {
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var services = Db.Services(Clock);
        var leases = services.GetRequiredService<MailboxLeases>();
        var sync = services.GetRequiredService<SyncStore>();
        var blue = (await leases.TryAcquireAsync(mailbox.Id, "blue", Duration, Ct))!.Value;
        await sync.TrackFolderAsync(blue, TestData.Folder(TestData.Inbox, "inbox"), FolderKind.Mail, Ct);

        await services.GetRequiredService<MailboxPurge>().PurgeAsync(mailbox.Id, ScopeState.OptedOut, Ct);

        var page = new DeltaPage(TestData.Inbox, [TestData.Mail(TestData.MessageId("p1"), Clock.GetUtcNow().UtcDateTime)], [], null, "https://graph.microsoft.com/delta?$deltatoken=x", 0);
        await Assert.ThrowsAsync<LeaseLostException>(() => sync.CommitPageAsync(blue, page, Ct));
        Assert.Empty(await TestData.ReadInteractionsAsync(Db, mailbox.Id, Ct));
        Assert.False(await leases.RenewAsync(blue, Duration, Ct));
        Assert.Null(await leases.TryAcquireAsync(mailbox.Id, "green", Duration, Ct));
        var stored = await TestData.ReadMailboxAsync(Db, mailbox.Id, Ct);
        Assert.Equal((ScopeState.OptedOut, (string?)null), (stored.ScopeState, stored.LeaseOwner));
    }

    [Fact]
    public async Task Lease_ItsTimerRenewsIt_WhileTheWorkRuns_AndSignalsWhenItIsLost()
    {
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var services = Db.Services(Clock);
        var leases = services.GetRequiredService<MailboxLeases>();
        await using var lease = await MailboxLease.TryTakeAsync(leases, mailbox.Id, "blue", Short, TimeProvider.System, Ct);
        Assert.NotNull(lease);

        // Three lease lengths without a page committed (a fetch waiting out throttling): the timer keeps the lease.
        await Task.Delay(Short * 3, Ct);
        Assert.False(lease.Lost.IsCancellationRequested);
        Assert.Null(await leases.TryAcquireAsync(mailbox.Id, "green", Duration, Ct));

        // A purge takes it away: the next renewal fails and the work is told.
        await services.GetRequiredService<MailboxPurge>().PurgeAsync(mailbox.Id, ScopeState.OptedOut, Ct);
        await Task.Delay(Short, Ct);
        Assert.True(lease.Lost.IsCancellationRequested);
        await Assert.ThrowsAsync<LeaseLostException>(() => lease.KeepAsync(Ct));
    }

    [Fact]
    public async Task DisposeAsync_HeldLease_FreesTheMailboxAtOnce_ButNeverAnotherWorkersLease()
    {
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var services = Db.Services(Clock);
        var leases = services.GetRequiredService<MailboxLeases>();
        var lease = await MailboxLease.TryTakeAsync(leases, mailbox.Id, "blue", Duration, Clock, Ct);
        Assert.NotNull(lease);
        Assert.Null(await MailboxLease.TryTakeAsync(leases, mailbox.Id, "green", Duration, Clock, Ct));

        await lease.DisposeAsync();

        var stored = await TestData.ReadMailboxAsync(Db, mailbox.Id, Ct);
        Assert.Equal((null, null), (stored.LeaseOwner, stored.LeaseExpiresAt));
        await using var green = await MailboxLease.TryTakeAsync(leases, mailbox.Id, "green", Duration, Clock, Ct);
        Assert.NotNull(green);
        await lease.DisposeAsync();
        Assert.Equal(green.Fence.Owner, (await TestData.ReadMailboxAsync(Db, mailbox.Id, Ct)).LeaseOwner);
    }

    [Fact]
    public async Task TryAcquire_UnknownOrOutOfScopeMailbox_ReturnsNull()
    {
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var services = Db.Services(Clock);
        var leases = services.GetRequiredService<MailboxLeases>();
        await services.GetRequiredService<MailboxPurge>().PurgeAsync(mailbox.Id, ScopeState.Purged, Ct);

        Assert.Null(await leases.TryAcquireAsync(Guid.NewGuid().ToString(), "blue", Duration, Ct));
        Assert.Null(await leases.TryAcquireAsync(mailbox.Id, "blue", Duration, Ct));
    }

    [Fact]
    public async Task TryAcquire_SameWorkerIdInAnotherProcess_CannotTakeALiveLease()
    {
        // Two replicas given one WorkerId (or a restart while the old process still runs): the lease names the process.
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var first = Db.Services(Clock);
        await using var second = Db.Services(Clock);
        var held = await first.GetRequiredService<MailboxLeases>().TryAcquireAsync(mailbox.Id, "worker-1", Duration, Ct);
        Assert.NotNull(held);

        Assert.Null(await second.GetRequiredService<MailboxLeases>().TryAcquireAsync(mailbox.Id, "worker-1", Duration, Ct));
        Assert.Equal(held.Value.Owner, (await TestData.ReadMailboxAsync(Db, mailbox.Id, Ct)).LeaseOwner);

        // The process that holds it takes it again (a release that failed does not lock it out of its own mailbox).
        Assert.NotNull(await first.GetRequiredService<MailboxLeases>().TryAcquireAsync(mailbox.Id, "worker-1", Duration, Ct));
    }

    [Fact]
    public async Task TryAcquire_AnotherWorkerFinishedTheMailboxSinceItWasListed_IsRefused()
    {
        // Worker B listed the mailbox, then worker A synced it, finished and released it before B reached it.
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var a = Db.Services(Clock);
        await using var b = Db.Services(Clock);
        var listed = new SeenAtListing((await TestData.ReadMailboxAsync(Db, mailbox.Id, Ct)).LastSyncFinishedAt);
        var lease = (await a.GetRequiredService<MailboxLeases>().TryAcquireAsync(mailbox.Id, "a", Duration, listed, Ct))!.Value;
        await a.GetRequiredService<MailboxRepository>().SucceededAsync(mailbox.Id, new CycleCounters(0, 0, 0), releasing: null, shortfall: null, Ct);
        await a.GetRequiredService<MailboxLeases>().ReleaseAsync(lease, Ct);

        Assert.Null(await b.GetRequiredService<MailboxLeases>().TryAcquireAsync(mailbox.Id, "b", Duration, listed, Ct));

        // Listed again after that sync, it is B's to take.
        var relisted = new SeenAtListing((await TestData.ReadMailboxAsync(Db, mailbox.Id, Ct)).LastSyncFinishedAt);
        Assert.NotNull(relisted.LastSyncFinishedAt);
        Assert.NotNull(await b.GetRequiredService<MailboxLeases>().TryAcquireAsync(mailbox.Id, "b", Duration, relisted, Ct));
    }

    [Fact]
    public async Task MailboxOnlyWrites_AfterAPurge_AreRefused_AndLeaveNothingBehind()
    {
        // The writes whose port names only the mailbox (folder discovery, settings, retention, the To Do list, the
        // ledger's completion, a recovered hold) are fenced by the lease this process holds, like every other write.
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var services = Db.Services(Clock);
        var leases = services.GetRequiredService<MailboxLeases>();
        IMailboxSyncStore sync = services.GetRequiredService<SyncStore>();
        IOutlookLedger ledger = services.GetRequiredService<SuggestionStore>();
        var blue = (await leases.TryAcquireAsync(mailbox.Id, "blue", Duration, Ct))!.Value;
        await sync.TrackFolderAsync(mailbox.Id, TestData.Folder(TestData.Inbox, "inbox"), FolderKind.Mail, Ct);
        await sync.StartFullRoundAsync(blue, TestData.Inbox, isResync: false, null, null, Ct);
        await sync.CommitPageAsync(blue, new DeltaPage(TestData.Inbox, [TestData.Mail(TestData.MessageId("old"), Clock.GetUtcNow().UtcDateTime.AddDays(-900))], [], null, "https://graph.microsoft.com/delta?$deltatoken=a", 0), Ct);
        var write = await ledger.BeginWriteAsync(blue, null, OutlookOperation.CreateList, Ct);

        await services.GetRequiredService<MailboxPurge>().PurgeAsync(mailbox.Id, ScopeState.OptedOut, Ct);

        await Assert.ThrowsAsync<LeaseLostException>(() => sync.TrackFolderAsync(mailbox.Id, TestData.Folder(TestData.Archive, "archive"), FolderKind.Mail, Ct));
        await Assert.ThrowsAsync<LeaseLostException>(() => sync.SettingsRefreshedAsync(mailbox.Id, "Pacific Standard Time", "{}", Ct));
        await Assert.ThrowsAsync<LeaseLostException>(() => sync.PruneAsync(mailbox.Id, Clock.GetUtcNow(), Ct));
        await Assert.ThrowsAsync<LeaseLostException>(() => ledger.SetTodoListAsync(mailbox.Id, "list-1", Ct));
        await Assert.ThrowsAsync<LeaseLostException>(() => ledger.MarkOwnHoldAsync(mailbox.Id, TestData.MessageId("old"), Ct));
        await ledger.EndWriteAsync(write, OutlookWriteStatus.Succeeded, "list-1", null, Ct);

        Assert.Empty(await sync.CursorsAsync(mailbox.Id, Ct));
        var stored = await TestData.ReadMailboxAsync(Db, mailbox.Id, Ct);
        Assert.NotEqual("Pacific Standard Time", stored.TimeZone);
        Assert.Equal(((string?)null, (string?)null, 0L), (stored.WorkingHours, stored.TodoListId, stored.ItemsStored));
    }

    [Fact]
    public async Task MailboxOnlyWrites_WithNoLeaseHeldByThisProcess_AreRefused()
    {
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var holder = Db.Services(Clock);
        await using var other = Db.Services(Clock);
        await holder.GetRequiredService<MailboxLeases>().TryAcquireAsync(mailbox.Id, "blue", Duration, Ct);
        IMailboxSyncStore sync = other.GetRequiredService<SyncStore>();

        await Assert.ThrowsAsync<LeaseLostException>(() => sync.TrackFolderAsync(mailbox.Id, TestData.Folder(TestData.Inbox, "inbox"), FolderKind.Mail, Ct));
        await Assert.ThrowsAsync<LeaseLostException>(() => sync.TrackFoldersAsync(mailbox.Id, [TestData.Folder(TestData.Inbox, "inbox"), TestData.Folder(TestData.Archive, "archive")], FolderKind.Mail, Ct));
        await Assert.ThrowsAsync<LeaseLostException>(() => sync.SettingsRefreshedAsync(mailbox.Id, "UTC", null, Ct));
        Assert.Empty(await sync.CursorsAsync(mailbox.Id, Ct));
    }
}
