using System.Text.RegularExpressions;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.GraphEmulator;
using GraphNetworker.Worker.Tests.Infrastructure;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Worker.Tests.Pipeline;

public sealed class MailboxSyncTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<WorkerHarness> SyncOnlyAsync(Action<GraphEmulatorOptions>? emulator = null) =>
        WorkerHarness.StartAsync(emulator: emulator, settings: s => s["GraphNetworker:Worker:WriteToOutlook"] = "false");

    [Fact]
    public async Task DeltaSync_SecondCycleWithoutNewMail_OneRequestPerFolderAndCalendar()
    {
        await using var harness = await SyncOnlyAsync();
        await harness.RunCycleAsync(Ct);
        using var db = harness.Db();
        var first = await db.Mailboxes.AsNoTracking().ToListAsync(Ct);

        await harness.RunCycleAsync(Ct);

        foreach (var mailbox in await harness.Db().Mailboxes.AsNoTracking().ToListAsync(Ct))
        {
            // One request per mail folder and for the calendar's current window. Not read again: the calendar's history
            // windows (twice a day) and Teams (the mailbox is not due to be scored, and its chats and calls were read
            // less than SyncOptions.TeamsInterval ago).
            var folders = await db.FolderCursors.CountAsync(
                c => c.MailboxId == mailbox.Id && !c.IsRemoved && (c.Kind == FolderKind.Mail || c.FolderId == SyncCursor.CalendarFolderId), Ct);
            Assert.Equal(folders, mailbox.LastCycleRequests);
            Assert.Equal(first.Single(m => m.Id == mailbox.Id).ItemsStored, mailbox.ItemsStored);
        }
    }

    [Fact]
    public async Task DeltaSync_CursorsComplete_WithDeltaLinksAndNoNextLinks()
    {
        await using var harness = await SyncOnlyAsync();

        await harness.RunCycleAsync(Ct);

        using var db = harness.Db();
        var cursors = await db.FolderCursors.AsNoTracking().Where(c => !c.IsRemoved).ToListAsync(Ct);
        Assert.All(cursors, c => Assert.NotNull(c.DeltaLink));
        Assert.All(cursors, c => Assert.Null(c.NextLink));
        Assert.DoesNotContain(cursors, c => c.DisplayName is "Deleted Items" or "Junk Email" or "Drafts" or "Outbox");
        Assert.Contains(cursors, c => c.WellKnownName == "sentitems");
        Assert.Contains(cursors, c => c.Kind == FolderKind.Calendar);
    }

    [Fact]
    public async Task DeltaSync_NewMailArrives_NextCycleRefreshesLastContact()
    {
        await using var harness = await SyncOnlyAsync();
        await harness.RunCycleAsync(Ct);
        var user = harness.Manifest.Mailboxes[0].UserPrincipalName;
        var mailboxId = harness.MailboxIdOf(user);
        var sender = harness.Manifest.Mailboxes[0].Fading[0];

        harness.Emulator.Control.AddMessage(user, "inbox", Mail.From(sender, "Fading Friend", user, harness.Time.GetUtcNow().AddMinutes(-5)));
        await harness.RunCycleAsync(Ct);

        using var db = harness.Db();
        var relationship = harness.Relationships().Single(r => r.MailboxId == mailboxId && r.PersonKey == sender);
        Assert.True(relationship.Value.LastInbound?.At > harness.Time.GetUtcNow().AddHours(-1));
    }

    [Fact]
    public async Task DeltaSync_TokenExpired_ResyncsWithoutDuplicates_AndSweepsWhatWasDeleted()
    {
        await using var harness = await SyncOnlyAsync();
        await harness.RunCycleAsync(Ct);
        var user = harness.Manifest.Mailboxes[1].UserPrincipalName;
        var mailboxId = harness.MailboxIdOf(user);
        var before = harness.Interactions(mailboxId);
        var victim = before.First(i => i.FolderId != "calendarView");

        harness.Emulator.Control.Settings.Delta.MaxTokenAge = null;
        harness.Emulator.Control.InvalidateDeltaTokens(user);
        harness.Emulator.Control.DeleteMessage(user, victim.GraphId);
        await harness.RunCycleAsync(Ct);

        var after = harness.Interactions(mailboxId);
        Assert.Equal(before.Count - 1, after.Count);
        Assert.Equal(after.Count, after.Select(i => i.GraphId).Distinct().Count());
        Assert.DoesNotContain(after, i => i.GraphId == victim.GraphId);
        using var db = harness.Db();
        Assert.True((await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == mailboxId, Ct)).Resyncs > 0);
    }

    [Fact]
    public async Task DeltaSync_ResyncRequired400_IsAnsweredLikeGone()
    {
        await using var harness = await SyncOnlyAsync();
        await harness.RunCycleAsync(Ct);
        var user = harness.Manifest.Mailboxes[0].UserPrincipalName;
        var mailboxId = harness.MailboxIdOf(user);
        var before = harness.Interactions(mailboxId).Count;

        harness.Emulator.Control.AddFault(new FaultRule { PathPattern = "/messages/delta", Kind = FaultKind.ResyncRequired400, Count = 1 });
        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal(0, report.Failed);
        Assert.Equal(before, harness.Interactions(mailboxId).Count);
    }

    [Fact]
    public async Task Throttling_429StormWithRetryAfter_CycleCompletesAndHealthCountsIt()
    {
        // Six 429s may all land on one request (which mailbox asks next is the scheduler's choice): six retries let
        // that request through too, so the cycle completes whichever way they fall.
        await using var harness = await WorkerHarness.StartAsync(settings: s =>
        {
            s["GraphNetworker:Worker:WriteToOutlook"] = "false";
            s["GraphNetworker:Graph:MaxRetries"] = "6";
        });
        harness.Emulator.Control.AddFault(new FaultRule { PathPattern = "/messages/delta", Kind = FaultKind.Throttle429, Count = 6, RetryAfter = TimeSpan.FromSeconds(10) });

        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal(3, report.Synced);
        using var db = harness.Db();
        Assert.Equal(6, await db.Mailboxes.SumAsync(m => m.ThrottledRequests, Ct));
        var retries = harness.Emulator.Control.Requests.Count(r => r.Headers.ContainsKey("Retry-Attempt"));
        Assert.True(retries >= 6, $"retries {retries}");
    }

    [Fact]
    public async Task Throttling_NeverMoreThanFourRequestsInFlightPerMailbox()
    {
        await using var harness = await SyncOnlyAsync(e => e.Latency = TimeSpan.FromMilliseconds(200));

        await harness.RunCycleAsync(Ct);

        var stats = harness.Emulator.Control.Statistics;
        Assert.Equal(0, stats.Throttled);
        Assert.All(stats.Mailboxes.Values, m => Assert.InRange(m.MaxConcurrency, 1, 4));
    }

    [Fact]
    public async Task Faults_503And504Bursts_RetriedAndCompleted()
    {
        await using var harness = await SyncOnlyAsync();
        harness.Emulator.Control.AddFault(new FaultRule { PathPattern = "/calendarView/delta", Kind = FaultKind.ServiceUnavailable503, Count = 2, RetryAfter = TimeSpan.FromSeconds(2) });
        harness.Emulator.Control.AddFault(new FaultRule { PathPattern = "/messages/delta", Kind = FaultKind.GatewayTimeout504, Count = 2 });

        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal(3, report.Synced);
        using var db = harness.Db();
        Assert.True(await db.Mailboxes.SumAsync(m => m.FaultedRequests, Ct) >= 4);
    }

    [Fact]
    public async Task Sync_CancelledMidRound_ResumesFromTheLastCommittedPage_WithoutLossOrDuplicates()
    {
        await using var clean = await SyncOnlyAsync();
        await clean.RunCycleAsync(Ct);
        var expected = clean.Interactions(clean.MailboxIdOf(clean.Manifest.Mailboxes[0].UserPrincipalName)).Select(i => i.GraphId).Order().ToList();

        // Pages that take real time, so the cancellation lands mid-round: the wall clock's pace.
        await using var harness = await WorkerHarness.StartAsync(
            settings: s =>
            {
                s["GraphNetworker:Worker:WriteToOutlook"] = "false";
                s["GraphNetworker:Graph:MaxPageSize"] = "25";
            },
            time: WorkerHarness.WallPaced());
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            harness.Emulator.Control.AddFault(new FaultRule { PathPattern = "/messages/delta", Kind = FaultKind.Slow, Delay = TimeSpan.FromMilliseconds(300), Count = 0 });
            var cycle = harness.RunCycleAsync(stop.Token);
            await WaitUntilAsync(() => harness.Db().FolderCursors.Any(c => c.NextLink != null), Ct);
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cycle);
        }

        using (var db = harness.Db())
        {
            Assert.Contains(db.FolderCursors.AsNoTracking(), c => c.NextLink != null);
            await db.Mailboxes.ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, (string?)null), Ct);
        }

        harness.Emulator.Control.ClearFaults();
        await harness.RunCycleAsync(Ct);

        var actual = harness.Interactions(harness.MailboxIdOf(harness.Manifest.Mailboxes[0].UserPrincipalName)).Select(i => i.GraphId).Order().ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Sync_MessageMovedBetweenFolders_KeepsOneRow_AndDeletionRemovesIt()
    {
        await using var harness = await SyncOnlyAsync();
        await harness.RunCycleAsync(Ct);
        var user = harness.Manifest.Mailboxes[2].UserPrincipalName;
        var mailboxId = harness.MailboxIdOf(user);
        var inboxRow = harness.Interactions(mailboxId).First(i => i.Kind == InteractionKind.EmailReceived);
        var archive = harness.Db().FolderCursors.AsNoTracking().Single(c => c.MailboxId == mailboxId && c.WellKnownName == "archive").FolderId;

        harness.Emulator.Control.MoveMessage(user, inboxRow.GraphId, "archive");
        await harness.RunCycleAsync(Ct);

        var moved = harness.Interactions(mailboxId).Where(i => i.GraphId == inboxRow.GraphId).ToList();
        Assert.Equal(archive, Assert.Single(moved).FolderId);

        harness.Emulator.Control.DeleteMessage(user, inboxRow.GraphId);
        await harness.RunCycleAsync(Ct);
        Assert.DoesNotContain(harness.Interactions(mailboxId), i => i.GraphId == inboxRow.GraphId);
    }

    [Fact]
    public async Task Sync_NewUserFolder_IsPickedUpAfterTheFolderRefresh()
    {
        await using var harness = await WorkerHarness.StartAsync(settings: s =>
        {
            s["GraphNetworker:Worker:WriteToOutlook"] = "false";
            s["GraphNetworker:Sync:FolderRefreshInterval"] = "00:00:00";
        });
        await harness.RunCycleAsync(Ct);
        var user = harness.Manifest.Mailboxes[0].UserPrincipalName;
        var folder = harness.Emulator.Control.AddFolder(user, "Clients 2026");
        harness.Emulator.Control.AddMessage(user, folder, Mail.From("new.client@adatum.com", "New Client", user, harness.Time.GetUtcNow().AddHours(-1)));

        await harness.RunCycleAsync(Ct);

        var mailboxId = harness.MailboxIdOf(user);
        Assert.Contains(harness.Interactions(mailboxId), i => i.FolderId == folder);
    }

    [Fact]
    public async Task Sync_TransientNotFoundOnAFolderThatIsStillThere_DropsNothing()
    {
        await using var harness = await SyncOnlyAsync();
        await harness.RunCycleAsync(Ct);
        var user = harness.Manifest.Mailboxes[0].UserPrincipalName;
        var mailboxId = harness.MailboxIdOf(user);
        var projects = harness.Db().FolderCursors.AsNoTracking().Single(c => c.MailboxId == mailboxId && c.DisplayName == "Projects").FolderId;
        var before = harness.Interactions(mailboxId).Count(i => i.FolderId == projects);
        Assert.True(before > 0);

        // One 404 ErrorItemNotFound on the folder's delta, while the folder itself still answers.
        harness.Emulator.Control.AddFault(new FaultRule { PathPattern = $"mailFolders\\W*({Regex.Escape(projects)}|{Regex.Escape(Uri.EscapeDataString(projects))})\\W*/messages/delta", Kind = FaultKind.Status, Status = 404, Code = "ErrorItemNotFound", Count = 1, Method = "GET" });
        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal(3, report.Synced);
        Assert.DoesNotContain(harness.Logs.Entries, e => e.EventId.Id == 2003);
        Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == 2004);
        Assert.Equal(before, harness.Interactions(mailboxId).Count(i => i.FolderId == projects));
    }

    [Fact]
    public async Task Sync_FolderMissingFromTheListing_RetiresIt_AndThatCycleNeitherScoresNorWrites()
    {
        await using var harness = await WorkerHarness.StartAsync(settings: s => s["GraphNetworker:Sync:FolderRefreshInterval"] = "00:00:00");
        await harness.RunCycleAsync(Ct);
        var user = harness.Manifest.Mailboxes[0].UserPrincipalName;
        var mailboxId = harness.MailboxIdOf(user);
        var projects = harness.Db().FolderCursors.AsNoTracking().Single(c => c.MailboxId == mailboxId && c.DisplayName == "Projects").FolderId;
        var evaluated = harness.Db().Mailboxes.AsNoTracking().Single(m => m.Id == mailboxId).LastEvaluatedAt;
        var suggestions = harness.Suggestions().Count;

        // The folder is gone from the listing that folder discovery reads (deleted, or a transient listing without it).
        harness.Emulator.Control.DeleteFolder(user, projects);
        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal(0, report.Failed);
        Assert.True(harness.Db().FolderCursors.AsNoTracking().Single(c => c.MailboxId == mailboxId && c.FolderId == projects).IsRemoved);
        Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == 4007 && e.Message.Contains(mailboxId, StringComparison.Ordinal));
        Assert.Equal(evaluated, harness.Db().Mailboxes.AsNoTracking().Single(m => m.Id == mailboxId).LastEvaluatedAt);
        Assert.Equal(suggestions, harness.Suggestions().Count);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        Assert.True(condition(), "The condition never came true.");
    }
}
