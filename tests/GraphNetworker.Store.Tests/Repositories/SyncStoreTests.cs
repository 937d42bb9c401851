using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Store.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Store.Tests.Repositories;

public sealed class SyncStoreTestsOnSqlite(SqliteServer server) : SyncStoreTests<SqliteServer>(server);

public sealed class SyncStoreTestsOnPostgres(PostgresServer server) : SyncStoreTests<PostgresServer>(server);

/// <summary>A page and its link commit together: replays, moves, removals, sweeps and crashes leave exactly the right rows.</summary>
public abstract class SyncStoreTests<TServer>(TServer server) : StoreTest<TServer>(server)
    where TServer : StoreServer
{
    private const string Delta1 = "https://graph.microsoft.com/v1.0/users/u/mailFolders/f/messages/delta?$deltatoken=round1";
    private const string Delta2 = "https://graph.microsoft.com/v1.0/users/u/mailFolders/f/messages/delta?$deltatoken=round2";

    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task TrackFolders_AFolderTreeAtOnce_NumbersTheNewOnes_AndKeepsTheKnownOnes()
    {
        var mailbox = await TestData.AddMailboxAsync(Db, Now, Ct);
        await using var services = Db.Services(Clock);
        var sync = services.GetRequiredService<SyncStore>();
        var fence = TestData.Fence(mailbox.Id);
        await sync.TrackFolderAsync(fence, TestData.Folder(TestData.Inbox, "inbox"), FolderKind.Mail, Ct);
        await sync.StartFullRoundAsync(fence, TestData.Inbox, isResync: false, null, null, Ct);

        var tracked = await sync.TrackFoldersAsync(fence,
            [new MailFolder(TestData.Inbox, "Posteingang", null, "inbox"), TestData.Folder(TestData.Archive, "archive"), new MailFolder("AAMkAGI2TG93AAA=projects", "Projects", TestData.Inbox, null)],
            FolderKind.Mail, Ct);

        Assert.Equal([TestData.Inbox, TestData.Archive, "AAMkAGI2TG93AAA=projects"], tracked.Select(c => c.FolderId));
        Assert.Equal(1, tracked[0].Generation);
        await using var db = Db.CreateContext();
        var numbers = await db.FolderCursors.Where(c => c.MailboxId == mailbox.Id)
            .Select(c => new { c.FolderId, c.DisplayName, Number = EF.Property<int>(c, Shadow.FolderNumber) }).ToListAsync(Ct);
        Assert.Equal(3, numbers.Select(n => n.Number).Distinct().Count());
        Assert.Equal(1, numbers.Single(n => n.FolderId == TestData.Inbox).Number);
        Assert.Equal("Posteingang", numbers.Single(n => n.FolderId == TestData.Inbox).DisplayName);
    }

    [Fact]
    public async Task CommitPage_ItemSeenAgain_UpdatesItsRowInsteadOfAddingOne()
    {
        var (mailbox, sync) = await StartAsync(TestData.Inbox);
        var id = TestData.MessageId("upd");
        await sync.CommitPageAsync(TestData.Fence(mailbox), Page(TestData.Inbox, [TestData.Mail(id, Now.AddDays(-1))], delta: Delta1), Ct);
        var first = Assert.Single(await TestData.ReadInteractionsAsync(Db, mailbox, Ct));

        Clock.Advance(TimeSpan.FromHours(1));
        var changed = TestData.Mail(id, Now.AddDays(-1), InteractionKind.EmailReceived,
            new Participant("dana.whitfield@fabrikam.com", "Dana Whitfield", ParticipantRole.From),
            new Participant("lee.park@northwind.com", "Lee Park", ParticipantRole.Cc));
        changed = changed with { Bulk = BulkSignals.ClassifiedOther };
        var outcome = await sync.CommitPageAsync(TestData.Fence(mailbox), Page(TestData.Inbox, [changed], delta: Delta2), Ct);

        Assert.Equal(new PageOutcome(Inserted: 0, Updated: 1, Removed: 0, Swept: 0), outcome);
        var row = Assert.Single(await TestData.ReadInteractionsAsync(Db, mailbox, Ct));
        Assert.Equal((first.GraphId, BulkSignals.None, BulkSignals.ClassifiedOther), (row.GraphId, first.Bulk, row.Bulk));
        Assert.Equal("lee.park@northwind.com", row.Item.Participants[1].Address);
        Assert.Equal(1, (await TestData.ReadMailboxAsync(Db, mailbox, Ct)).ItemsStored);
    }

    [Fact]
    public async Task CommitPage_TwoFoldersOfOneMailboxAtOnce_EachNewCorrespondentNumberedOnce_NothingFails()
    {
        // A mailbox's folders are read at once: their pages commit concurrently, each bringing people not seen before.
        var (mailbox, sync) = await StartAsync(TestData.Inbox, TestData.Archive);
        DeltaPage PageOf(string folder, int round) => Page(folder,
            [.. Enumerable.Range(0, 20).Select(i => TestData.Mail(TestData.MessageId($"{folder}-{round}-{i}"), Now.AddDays(-1), InteractionKind.EmailReceived,
                new Participant($"person.{folder}.{round}.{i}@fabrikam.com", $"Person {i}", ParticipantRole.From)))],
            next: $"https://graph.microsoft.com/v1.0/next/{folder}/{round}");

        for (var round = 0; round < 10; round++)
        {
            await Task.WhenAll(
                sync.CommitPageAsync(TestData.Fence(mailbox), PageOf(TestData.Inbox, round), Ct),
                sync.CommitPageAsync(TestData.Fence(mailbox), PageOf(TestData.Archive, round), Ct));
        }

        var stored = await TestData.ReadInteractionsAsync(Db, mailbox, Ct);
        Assert.Equal(2 * 10 * 20, stored.Count);
        Assert.Equal(stored.Count, stored.Select(i => i.Item.Participants[0].Address).Distinct().Count());
    }

    [Fact]
    public async Task RetireFolders_DropsTheFoldersItems_AndTheStoredCountFollows()
    {
        var (mailbox, sync) = await StartAsync(TestData.Inbox, TestData.Archive);
        await sync.CommitPageAsync(TestData.Fence(mailbox), Page(TestData.Inbox, [TestData.Mail(TestData.MessageId("keep"), Now.AddDays(-1))], delta: Delta1), Ct);
        await sync.CommitPageAsync(TestData.Fence(mailbox), Page(TestData.Archive,
            [TestData.Mail(TestData.MessageId("old1"), Now.AddDays(-3)), TestData.Mail(TestData.MessageId("old2"), Now.AddDays(-4))], delta: Delta1), Ct);

        await sync.RetireFoldersAsync(TestData.Fence(mailbox), [TestData.Archive], Ct);

        Assert.Single(await TestData.ReadInteractionsAsync(Db, mailbox, Ct));
        Assert.Equal(1, (await TestData.ReadMailboxAsync(Db, mailbox, Ct)).ItemsStored);
    }

    [Fact]
    public async Task CommitPage_ItemTwiceOnOnePage_StoresAndCountsItOnce()
    {
        var (mailbox, sync) = await StartAsync(TestData.Inbox);
        var id = TestData.MessageId("dup");
        var replay = TestData.Mail(id, Now.AddDays(-2)) with { IsCancelled = true };

        var outcome = await sync.CommitPageAsync(TestData.Fence(mailbox), Page(TestData.Inbox, [TestData.Mail(id, Now.AddDays(-2)), replay], delta: Delta1), Ct);

        Assert.Equal(1, outcome.Inserted);
        var row = Assert.Single(await TestData.ReadInteractionsAsync(Db, mailbox, Ct));
        Assert.True(row.IsCancelled);
        var health = await TestData.ReadMailboxAsync(Db, mailbox, Ct);
        Assert.Equal((1L, 1), (health.ItemsStored, health.LastCycleItems));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CommitPage_MessageMovedBetweenFolders_SurvivesWhicheverFolderIsReadFirst(bool archiveFirst)
    {
        var (mailbox, sync) = await StartAsync(TestData.Inbox, TestData.Archive);
        var id = TestData.MessageId("moved");
        await sync.CommitPageAsync(TestData.Fence(mailbox), Page(TestData.Inbox, [TestData.Mail(id, Now.AddDays(-3))], delta: Delta1), Ct);
        await sync.CommitPageAsync(TestData.Fence(mailbox), Page(TestData.Archive, [], delta: Delta1), Ct);

        // The user archives the message: with immutable ids the Archive round sees it (same id), the Inbox round sees @removed.
        var archived = Page(TestData.Archive, [TestData.Mail(id, Now.AddDays(-3))], delta: Delta2);
        var removedFromInbox = Page(TestData.Inbox, [], removed: [id], delta: Delta2);
        foreach (var page in archiveFirst ? new[] { archived, removedFromInbox } : [removedFromInbox, archived])
        {
            await sync.CommitPageAsync(TestData.Fence(mailbox), page, Ct);
        }

        var row = Assert.Single(await TestData.ReadInteractionsAsync(Db, mailbox, Ct));
        Assert.Equal((id, TestData.Archive), (row.GraphId, row.FolderId));
        Assert.Equal(1, (await TestData.ReadMailboxAsync(Db, mailbox, Ct)).ItemsStored);
    }

    [Fact]
    public async Task CommitPage_RemovedItem_DeletesOnlyThatItem()
    {
        var (mailbox, sync) = await StartAsync(TestData.Inbox);
        await sync.CommitPageAsync(TestData.Fence(mailbox), Page(TestData.Inbox, [Mail("r1"), Mail("r2")], delta: Delta1), Ct);

        var outcome = await sync.CommitPageAsync(TestData.Fence(mailbox), Page(TestData.Inbox, [], removed: [TestData.MessageId("r1"), TestData.MessageId("never-seen")], delta: Delta2), Ct);

        Assert.Equal(1, outcome.Removed);
        Assert.Equal([TestData.MessageId("r2")], (await TestData.ReadInteractionsAsync(Db, mailbox, Ct)).Select(i => i.GraphId));
        Assert.Equal(1, (await TestData.ReadMailboxAsync(Db, mailbox, Ct)).ItemsStored);
    }

    [Fact]
    public async Task CommitPage_FullRoundCompleted_SweepsOnlyItemsItDidNotSee()
    {
        var (mailbox, sync) = await StartAsync(TestData.Inbox, TestData.Archive);
        await sync.CommitPageAsync(TestData.Fence(mailbox), Page(TestData.Inbox, [Mail("s1"), Mail("s2"), Mail("s3")], delta: Delta1), Ct);
        await sync.CommitPageAsync(TestData.Fence(mailbox), Page(TestData.Archive, [TestData.Mail(TestData.MessageId("a1"), Now.AddDays(-9))], delta: Delta1), Ct);

        // The token expired while s2 was deleted: a resync reads the folder again, and only its last page may sweep.
        await sync.StartFullRoundAsync(TestData.Fence(mailbox), TestData.Inbox, isResync: true, null, null, Ct);
        await sync.CommitPageAsync(TestData.Fence(mailbox), Page(TestData.Inbox, [Mail("s1")], next: "https://graph.microsoft.com/next?$skiptoken=2"), Ct);
        Assert.Equal(4, (await TestData.ReadInteractionsAsync(Db, mailbox, Ct)).Count);
        var outcome = await sync.CommitPageAsync(TestData.Fence(mailbox), Page(TestData.Inbox, [Mail("s3")], delta: Delta2), Ct);

        Assert.Equal(1, outcome.Swept);
        Assert.Equal([TestData.MessageId("a1"), TestData.MessageId("s1"), TestData.MessageId("s3")], (await TestData.ReadInteractionsAsync(Db, mailbox, Ct)).Select(i => i.GraphId));
        var health = await TestData.ReadMailboxAsync(Db, mailbox, Ct);
        Assert.Equal((3L, 1), (health.ItemsStored, health.Resyncs));
        var cursor = Assert.Single(await sync.CursorsAsync(mailbox, Ct), c => c.FolderId == TestData.Inbox);
        Assert.Equal((2, false, 1, Delta2), (cursor.Generation, cursor.FullRound, cursor.Resyncs, cursor.DeltaLink));
    }

    [Fact]
    public async Task CommitPage_FirstPageStartsTheRound_ItsItemsTakeTheNewGeneration_AndTheNextFullRoundSweepsWhatItDidNotSee()
    {
        var (mailbox, sync) = await TrackAsync(TestData.Inbox);
        var fence = TestData.Fence(mailbox);

        // No write of its own before the first page: the round starts in the page's commit.
        var first = Page(TestData.Inbox, [Mail("f1"), Mail("f2")], delta: Delta1) with { Start = new RoundStart(IsResync: false, null, null) };
        await sync.CommitPageAsync(fence, first, Ct);
        var cursor = Assert.Single(await sync.CursorsAsync(mailbox, Ct));
        Assert.Equal((1, false, Delta1, 0), (cursor.Generation, cursor.FullRound, cursor.DeltaLink, cursor.Resyncs));

        // An expired token's full round, started with its first page of two: counted as a resync, and only its last
        // page sweeps what the round did not see (f2).
        Clock.Advance(TimeSpan.FromHours(1));
        var again = Page(TestData.Inbox, [Mail("f1")], next: "https://graph.microsoft.com/next?$skiptoken=2") with { Start = new RoundStart(IsResync: true, null, null) };
        await sync.CommitPageAsync(fence, again, Ct);
        cursor = Assert.Single(await sync.CursorsAsync(mailbox, Ct));
        Assert.Equal((2, true, (string?)null, 1, Clock.GetUtcNow()), (cursor.Generation, cursor.FullRound, cursor.DeltaLink, cursor.Resyncs, cursor.RoundStartedAt));
        Assert.Equal(2, (await TestData.ReadInteractionsAsync(Db, mailbox, Ct)).Count);
        var outcome = await sync.CommitPageAsync(fence, Page(TestData.Inbox, [Mail("f3")], delta: Delta2), Ct);

        Assert.Equal(1, outcome.Swept);
        Assert.Equal([TestData.MessageId("f1"), TestData.MessageId("f3")], (await TestData.ReadInteractionsAsync(Db, mailbox, Ct)).Select(i => i.GraphId));
        var health = await TestData.ReadMailboxAsync(Db, mailbox, Ct);
        Assert.Equal((2L, 1), (health.ItemsStored, health.Resyncs));
        cursor = Assert.Single(await sync.CursorsAsync(mailbox, Ct));
        Assert.Equal((2, false, Delta2), (cursor.Generation, cursor.FullRound, cursor.DeltaLink));
    }

    [Fact]
    public async Task CommitPage_FirstPageThatFails_LeavesTheCursorAsItWas_NoRoundStarted()
    {
        var (mailbox, sync) = await TrackAsync(TestData.Inbox);
        var fence = TestData.Fence(mailbox);
        await sync.CommitPageAsync(fence, Page(TestData.Inbox, [Mail("k1")], delta: Delta1) with { Start = new RoundStart(false, null, null) }, Ct);

        var poisoned = Page(TestData.Inbox, [Mail("k2"), Poison()], next: "https://graph.microsoft.com/next?$skiptoken=2") with { Start = new RoundStart(true, null, null) };
        await Assert.ThrowsAnyAsync<ArgumentNullException>(() => sync.CommitPageAsync(fence, poisoned, Ct));

        var cursor = Assert.Single(await sync.CursorsAsync(mailbox, Ct));
        Assert.Equal((1, false, Delta1, (string?)null, 0), (cursor.Generation, cursor.FullRound, cursor.DeltaLink, cursor.NextLink, cursor.Resyncs));
        Assert.Equal((1L, 0), ((await TestData.ReadMailboxAsync(Db, mailbox, Ct)).ItemsStored, (await TestData.ReadMailboxAsync(Db, mailbox, Ct)).Resyncs));
    }

    [Fact]
    public async Task TrackCalendarWindows_InOneWrite_WithTheirBounds_AWindowMadeAgainDropsItsLinks()
    {
        var (mailbox, sync) = await TrackAsync();
        var fence = TestData.Fence(mailbox);
        var start = Clock.GetUtcNow().AddDays(-400);
        CalendarWindow Window(string id, int from, int to) => new(new MailFolder(id, "Calendar history", null, "calendar"), start.AddDays(from), start.AddDays(to));
        var old = SyncCursor.CalendarHistoryFolderId(start);
        var newer = SyncCursor.CalendarHistoryFolderId(start.AddDays(200));

        var tracked = await sync.TrackCalendarWindowsAsync(fence, [Window(old, 0, 200), Window(newer, 200, 400)], Ct);
        Assert.Equal([(old, start, start.AddDays(200)), (newer, start.AddDays(200), start.AddDays(400))], tracked.Select(c => (c.FolderId, c.WindowStart!.Value, c.WindowEnd!.Value)));
        await sync.CommitPageAsync(fence, Page(old, [], delta: Delta1) with { Start = new RoundStart(false, null, null) }, Ct);
        await sync.RetireFoldersAsync(fence, [old], Ct);

        var again = Assert.Single(await sync.TrackCalendarWindowsAsync(fence, [Window(old, 10, 200)], Ct));
        var stored = (await sync.CursorsAsync(mailbox, Ct)).ToDictionary(c => c.FolderId);
        Assert.Equal((false, (string?)null, start.AddDays(10), FolderKind.Calendar), (stored[old].IsRemoved, stored[old].DeltaLink, stored[old].WindowStart!.Value, stored[old].Kind));
        Assert.Equal((1, false), (stored[old].Generation, stored[old].FullRound));
        Assert.Equal(stored[old], again);
        Assert.Equal((0, start.AddDays(400)), (stored[newer].Generation, stored[newer].WindowEnd!.Value));
    }

    [Fact]
    public async Task CommitPage_CrashAfterPageOneOfThree_ResumesFromNextLinkWithExactlyTheRightRows()
    {
        var (mailbox, first) = await StartAsync(TestData.Inbox);
        var graph = new FakeDeltaFolder(TestData.Inbox, () => Now);

        // Worker 1 commits page 1, then dies in the middle of page 2 (inside its transaction, before the page is whole).
        await first.CommitPageAsync(TestData.Fence(mailbox), graph.Fetch(FakeDeltaFolder.Start), Ct);
        var poisoned = graph.Fetch(FakeDeltaFolder.Page2) with { Items = [.. graph.Fetch(FakeDeltaFolder.Page2).Items, Poison()] };
        await Assert.ThrowsAnyAsync<ArgumentNullException>(() => first.CommitPageAsync(TestData.Fence(mailbox), poisoned, Ct));

        var afterCrash = await TestData.ReadInteractionsAsync(Db, mailbox, Ct);
        Assert.Equal(["m1", "m2", "m3", "m4"], afterCrash.Select(i => i.GraphId[^2..]));
        var stored = Assert.Single(await first.CursorsAsync(mailbox, Ct));
        Assert.Equal((FakeDeltaFolder.Page2, null), (stored.NextLink, stored.DeltaLink));
        Assert.Equal(4, (await TestData.ReadMailboxAsync(Db, mailbox, Ct)).ItemsStored);

        // Worker 2 (a new process) resumes from the stored next link and finishes the round.
        await using var restarted = Db.Services(Clock);
        var second = restarted.GetRequiredService<SyncStore>();
        var link = Assert.Single(await second.CursorsAsync(mailbox, Ct)).NextLink;
        while (link is not null)
        {
            var page = graph.Fetch(link);
            await second.CommitPageAsync(TestData.Fence(mailbox), page, Ct);
            link = page.NextLink;
        }

        var rows = await TestData.ReadInteractionsAsync(Db, mailbox, Ct);
        Assert.Equal(["m2", "m3", "m4", "m5", "m7", "m8", "m9", "n0"], rows.Select(i => i.GraphId[^2..]));
        Assert.True(rows.Single(r => r.GraphId.EndsWith("m2", StringComparison.Ordinal)).IsCancelled);
        var cursor = Assert.Single(await second.CursorsAsync(mailbox, Ct));
        Assert.Equal((null, FakeDeltaFolder.Delta), (cursor.NextLink, cursor.DeltaLink));
        Assert.Equal(8, (await TestData.ReadMailboxAsync(Db, mailbox, Ct)).ItemsStored);
    }

    [Fact]
    public async Task CommitPage_RejectedItems_CountedInTheMailboxHealth()
    {
        var (mailbox, sync) = await StartAsync(TestData.Inbox);

        await sync.CommitPageAsync(TestData.Fence(mailbox), Page(TestData.Inbox, [Mail("h1"), Mail("h2"), Mail("h3")], next: "https://graph.microsoft.com/next?$skiptoken=2", rejected: 2), Ct);
        await sync.CommitPageAsync(TestData.Fence(mailbox), Page(TestData.Inbox, [Mail("h4")], delta: Delta1, rejected: 1), Ct);

        var health = await TestData.ReadMailboxAsync(Db, mailbox, Ct);
        Assert.Equal((4L, 3L, 4, 3), (health.ItemsStored, health.ItemsRejected, health.LastCycleItems, health.LastCycleRejected));
        Assert.Equal(4, (await TestData.ReadInteractionsAsync(Db, mailbox, Ct)).Count);
    }

    [Fact]
    public async Task CommitPage_AnyPageOfAnyRound_NeverLeavesBothDeltaLinkAndNextLink()
    {
        var (mailbox, sync) = await StartAsync(TestData.Inbox);
        var pages = new[]
        {
            Page(TestData.Inbox, [Mail("l1")], next: "https://graph.microsoft.com/next?$skiptoken=1"),
            Page(TestData.Inbox, [Mail("l2")], delta: Delta1),

            // The next incremental round, two pages long.
            Page(TestData.Inbox, [Mail("l3")], next: "https://graph.microsoft.com/next?$skiptoken=3"),
            Page(TestData.Inbox, [Mail("l4")], delta: Delta2),
        };

        var seen = new List<(string? Next, string? Delta)>();
        foreach (var page in pages)
        {
            await sync.CommitPageAsync(TestData.Fence(mailbox), page, Ct);
            var cursor = Assert.Single(await sync.CursorsAsync(mailbox, Ct));
            seen.Add((cursor.NextLink, cursor.DeltaLink));
        }

        Assert.Equal(
            [("https://graph.microsoft.com/next?$skiptoken=1", null), (null, Delta1), ("https://graph.microsoft.com/next?$skiptoken=3", null), (null, Delta2)],
            seen);
    }

    [Fact]
    public async Task CommitPage_StoredTimes_ReadBackAsTheSameUtcInstant()
    {
        var (mailbox, sync) = await StartAsync(TestData.Inbox);
        var at = TestData.Utc("2026-02-27T23:59:58.123Z");
        var meeting = TestData.Meeting(TestData.MessageId("t1"), at, TimeSpan.FromMinutes(30), new Participant("dana.whitfield@fabrikam.com", "Dana Whitfield", ParticipantRole.Organizer, MeetingResponse.Organizer));
        await sync.TrackFolderAsync(TestData.Fence(mailbox), new MailFolder(SyncCursor.CalendarFolderId, "Calendar", null, null), FolderKind.Calendar, Ct);

        await sync.CommitPageAsync(TestData.Fence(mailbox), Page(SyncCursor.CalendarFolderId, [meeting], delta: Delta1), Ct);

        var row = Assert.Single(await TestData.ReadInteractionsAsync(Db, mailbox, Ct));
        Assert.Equal((at, DateTimeKind.Utc), (row.OccurredAt, row.OccurredAt.Kind));
        Assert.Equal((at.AddMinutes(30), DateTimeKind.Utc), (row.EndsAt!.Value, row.EndsAt.Value.Kind));
        await using var db = Db.CreateContext();
        var number = (await TestData.ReadMailboxAsync(Db, mailbox, Ct)).Number;
        Assert.Equal(1, await db.StoredItems.CountAsync(i => EF.Property<int>(i, "MailboxNumber") == number
            && EF.Property<DateTime>(i, "OccurredAt") > at.AddMilliseconds(-1) && EF.Property<DateTime>(i, "OccurredAt") < at.AddMilliseconds(1), Ct));
    }

    /// <summary>A mailbox with these mail folders tracked and their first full round started.</summary>
    private async Task<(string Mailbox, SyncStore Sync)> StartAsync(params string[] folders)
    {
        var (mailbox, sync) = await TrackAsync(folders);
        foreach (var folder in folders)
        {
            await sync.StartFullRoundAsync(TestData.Fence(mailbox), folder, isResync: false, null, null, Ct);
        }

        return (mailbox, sync);
    }

    /// <summary>A mailbox with these mail folders tracked, no round started (a round may start with its first page).</summary>
    private async Task<(string Mailbox, SyncStore Sync)> TrackAsync(params string[] folders)
    {
        var mailbox = await TestData.AddMailboxAsync(Db, Now.AddDays(-30), Ct);
        var services = Db.Services(Clock);
        _services.Add(services);
        var sync = services.GetRequiredService<SyncStore>();
        foreach (var folder in folders)
        {
            await sync.TrackFolderAsync(TestData.Fence(mailbox.Id), TestData.Folder(folder), FolderKind.Mail, Ct);
        }

        return (mailbox.Id, sync);
    }

    private readonly List<ServiceProvider> _services = [];

    public override async ValueTask DisposeAsync()
    {
        foreach (var services in _services)
        {
            await services.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private Interaction Mail(string suffix) => TestData.Mail(TestData.MessageId(suffix), Now.AddDays(-5));

    private static DeltaPage Page(string folder, IReadOnlyList<Interaction> items, IReadOnlyList<string>? removed = null, string? next = null, string? delta = null, int rejected = 0) =>
        new(folder, items, removed ?? [], next, delta, rejected);

    /// <summary>An item the database refuses (no participants): the commit fails part-way, like a process killed mid-transaction.</summary>
    /// <summary>An item that cannot be written: the page fails part-way, after its fence check and reads.</summary>
    private Interaction Poison() => Mail("poison") with { Participants = null! };

    /// <summary>A folder's delta as Graph pages it: three pages of one full round, with a replay and removals on the way.</summary>
    private sealed class FakeDeltaFolder(string folder, Func<DateTime> now)
    {
        public const string Start = "start";
        public const string Page2 = "https://graph.microsoft.com/v1.0/delta?$skiptoken=page2";
        public const string Page3 = "https://graph.microsoft.com/v1.0/delta?$skiptoken=page3";
        public const string Delta = "https://graph.microsoft.com/v1.0/delta?$deltatoken=done";

        /// <summary>Every fetch builds new objects, as reading Graph again would.</summary>
        public DeltaPage Fetch(string link) => link switch
        {
            Start => new(folder, [Item("m1"), Item("m2"), Item("m3"), Item("m4")], [], Page2, null, 0),
            Page2 => new(folder, [Item("m5"), Item("m6"), Item("m7"), Item("m8"), Cancelled("m2")], [TestData.MessageId("m1")], Page3, null, 0),
            Page3 => new(folder, [Item("m9"), Item("n0")], [TestData.MessageId("m6")], null, Delta, 0),
            _ => throw new ArgumentOutOfRangeException(nameof(link), link, "Graph never issued this link."),
        };

        private Interaction Item(string suffix) => TestData.Mail(TestData.MessageId(suffix), now().AddDays(-7));

        private Interaction Cancelled(string suffix) => Item(suffix) with { IsCancelled = true };
    }
}
