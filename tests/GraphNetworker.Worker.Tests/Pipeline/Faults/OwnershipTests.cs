using GraphNetworker.Tests.Common;
using GraphNetworker.Core.Ports;
using GraphNetworker.Core.Model;
using Microsoft.Extensions.Logging;
using GraphNetworker.GraphEmulator;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Worker.Pipeline;
using GraphNetworker.Worker.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Worker.Tests.Pipeline.Faults;

/// <summary>
/// Who owns a mailbox while a cycle works on it: a lease renewed on a timer for as long as the work runs, an epoch
/// every write carries, and a purge that fences the mailbox. Each test stalls a real request mid-cycle.
/// </summary>
public sealed class OwnershipTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A purge while the cycle is stalled at folder discovery, at the mailbox's settings, or mid-sync: whatever the cycle
    /// writes after it (folders tracked, settings, pages) is refused, and the purged mailbox keeps nothing.
    /// </summary>
    [Theory]
    [InlineData("/mailFolders\\?")]
    [InlineData("/mailboxSettings")]
    [InlineData("/messages/delta")]
    public async Task Purge_WhileACycleWorksOnTheMailbox_TheCycleWritesNothingMore_AndItStaysPurged(string stalledAt)
    {
        // The purge lands while the stalled request is on its way, in real time: the wall clock's pace.
        await using var harness = await WorkerHarness.StartAsync(
            settings: s =>
            {
                s["GraphNetworker:Worker:WriteToOutlook"] = "false";
                s["GraphNetworker:Sync:FolderRefreshInterval"] = "00:00:00";

                // A lease long enough that its timer does not notice the purge (and cancel the work) before the stalled
                // request is answered: what stops the cycle's writes here is the fence alone.
                s["GraphNetworker:Worker:LeaseDuration"] = "01:00:00";
            },
            time: WorkerHarness.WallPaced());
        await harness.RunCycleAsync(Ct);
        var user = harness.Manifest.Mailboxes[0].UserPrincipalName;
        var mailboxId = harness.MailboxIdOf(user);
        var pattern = new System.Text.RegularExpressions.Regex(mailboxId + ".*" + stalledAt, System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        harness.Emulator.Control.AddFault(new FaultRule { PathPattern = mailboxId + ".*" + stalledAt, Kind = FaultKind.Slow, Delay = TimeSpan.FromSeconds(3), Count = 0 });

        using var spans = new SpanRecorder();
        var stalled = spans.RequestSent(pattern.IsMatch);
        var cycle = harness.RunCycleAsync(Ct);
        await stalled.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await harness.Get<MailboxPurge>().PurgeAsync(mailboxId, ScopeState.OptedOut, Ct);
        var report = await cycle;
        harness.Emulator.Control.ClearFaults();
        await harness.RunCycleAsync(Ct);

        Assert.Equal(0, report.Failed);
        Assert.Empty(harness.Interactions(mailboxId));
        Assert.DoesNotContain(harness.Relationships(), r => r.MailboxId == mailboxId);
        using var db = harness.Db();
        Assert.Empty(await db.FolderCursors.Where(c => c.MailboxId == mailboxId).ToListAsync(Ct));
        var stored = await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == mailboxId, Ct);
        Assert.Equal((ScopeState.OptedOut, (string?)null, (string?)null, (DateTime?)null, 0L), (stored.ScopeState, stored.LeaseOwner, stored.WorkingHours, stored.FoldersRefreshedAt, stored.ItemsStored));
    }

    [Fact]
    public async Task LeaseTakenOverMidCycle_TheFirstWorkerStops_AndNoPageOfItsLandsAfterwards()
    {
        // The takeover must land while a calendar page is still on its way, in real time: the wall clock's pace.
        await using var harness = await WorkerHarness.StartAsync(settings: s => s["GraphNetworker:Worker:WriteToOutlook"] = "false", time: WorkerHarness.WallPaced());
        await harness.RunCycleAsync(Ct);
        var user = harness.Manifest.Mailboxes[0].UserPrincipalName;
        var mailboxId = harness.MailboxIdOf(user);
        harness.Emulator.Control.AddMessage(user, "inbox", Mail.From("late.sender@fabrikam.com", "Late Sender", user, harness.Time.GetUtcNow().AddMinutes(-1)));
        // The calendar's windows are read one after another, each page stalled: when the first has been answered,
        // the next is in flight. (History windows are read twice a day: made due here.)
        using (var db = harness.Db())
        {
            var due = harness.Time.GetUtcNow().AddHours(-13);
            await db.FolderCursors.Where(c => c.MailboxId == mailboxId && c.Kind == FolderKind.Calendar && c.FolderId != SyncCursor.CalendarFolderId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastCompletedAt, due), Ct);
            Assert.True(await db.FolderCursors.CountAsync(c => c.MailboxId == mailboxId && c.Kind == FolderKind.Calendar, Ct) > 1);
        }

        harness.Emulator.Control.AddFault(new FaultRule { PathPattern = "/calendarView/delta", Kind = FaultKind.Slow, Delay = TimeSpan.FromSeconds(3), Count = 0 });

        harness.Emulator.Control.ClearRequests();
        var cycle = harness.RunCycleAsync(Ct);
        await WaitForRequestAsync(harness, user, "/calendarView/delta");

        // Another worker takes the mailbox over (as after an expired lease): a new owner and a new epoch.
        using (var db = harness.Db())
        {
            await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LeaseOwner, "worker-2")
                .SetProperty(m => m.LeaseExpiresAt, harness.Time.GetUtcNow().UtcDateTime.AddYears(1))
                .SetProperty(m => m.LeaseEpoch, m => m.LeaseEpoch + 1), Ct);
        }

        var cursors = Cursors(harness, mailboxId);
        var report = await cycle;
        harness.Emulator.Control.ClearFaults();

        Assert.True(report.Skipped >= 1, $"the mailbox whose lease was lost is reported as leased elsewhere: {report}; {string.Join(" | ", harness.Logs.Entries.Select(e => e.Message).Where(m => m.Contains(mailboxId, StringComparison.Ordinal)).TakeLast(6))}");
        Assert.Equal(cursors, Cursors(harness, mailboxId));
        Assert.Equal("worker-2", harness.Db().Mailboxes.AsNoTracking().Single(m => m.Id == mailboxId).LeaseOwner);
    }

    [Fact]
    public async Task SlowPageLongerThanTheLease_TheTimerKeepsIt_AndASecondWorkerNeverTakesTheMailbox()
    {
        // A lease runs out on the database's clock, which is the wall clock: this test runs on a clock that keeps the
        // wall clock's pace (from the harness's usual start), so the renewal timer races real time as in production.
        await using var harness = await WorkerHarness.StartAsync(
            settings: s =>
            {
                s["GraphNetworker:Worker:WriteToOutlook"] = "false";
                s["GraphNetworker:Worker:LeaseDuration"] = "00:00:10";
            },
            time: WorkerHarness.WallPaced());
        var second = await harness.AddWorkerAsync("worker-2");
        var user = harness.Manifest.Mailboxes[0].UserPrincipalName;

        // 15 seconds, past the 10-second lease the database keeps.
        harness.Emulator.Control.AddFault(new FaultRule { PathPattern = "/messages/delta", Kind = FaultKind.Slow, Delay = TimeSpan.FromSeconds(15), Count = 1 });
        harness.Emulator.Control.ClearRequests();
        var first = harness.RunCycleAsync(Ct);
        await WaitForRequestAsync(harness, user);
        await Task.Delay(TimeSpan.FromSeconds(11), Ct);
        var meanwhile = await second.GetRequiredService<CyclePipeline>().RunOnceAsync(Ct);
        var report = await first;

        Assert.Equal((3, 0), (report.Synced, report.Failed + meanwhile.Failed));
        Assert.True(meanwhile.Skipped >= 1, $"the second worker took the stalled mailbox: {meanwhile}");
        var items = harness.AllInteractions();
        Assert.Equal(items.Count, items.Select(i => (i.MailboxId, i.GraphId)).Distinct().Count());
    }

    [Fact]
    public async Task TwoWorkersWhoseClocksAreADayApart_OnOneDatabase_NeverWorkOnOneMailboxAtOnce()
    {
        // The second worker's clock runs a day ahead, far past any lease the first holds: the database's clock judges.
        await using var harness = await WorkerHarness.StartAsync(
            emulator: e => e.Latency = TimeSpan.FromMilliseconds(50),
            settings: s => s["GraphNetworker:Worker:WriteToOutlook"] = "false");
        var ahead = await harness.AddWorkerAsync("worker-ahead", new SkewedClock(harness.Time, TimeSpan.FromDays(1)));
        using var spans = new SpanRecorder();

        var reports = await Task.WhenAll(harness.RunCycleAsync(Ct), ahead.GetRequiredService<CyclePipeline>().RunOnceAsync(Ct));

        Assert.True(reports.Sum(r => r.Failed) == 0, string.Join('\n', harness.Logs.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => $"{e.EventId.Id} {e.Message}")));
        var worked = spans.WorkedIntervals();
        Assert.Equal(3, worked.Count);
        foreach (var mailbox in worked)
        {
            var intervals = mailbox.OrderBy(i => i.Start).ToList();
            for (var i = 1; i < intervals.Count; i++)
            {
                Assert.True(intervals[i].Start >= intervals[i - 1].End, $"mailbox {mailbox.Key} was worked on by two workers at once");
            }
        }

        var items = harness.AllInteractions();
        Assert.Equal(items.Count, items.Select(i => (i.MailboxId, i.GraphId)).Distinct().Count());
    }

    private static List<string> Cursors(WorkerHarness harness, string mailboxId)
    {
        using var db = harness.Db();
        return [.. db.FolderCursors.AsNoTracking().Where(c => c.MailboxId == mailboxId).OrderBy(c => c.FolderId).AsEnumerable().Select(c => $"{c.FolderId} {c.DeltaLink} {c.NextLink} {c.Generation}")];
    }

    /// <summary>Until a stalled request of this mailbox has been answered (the emulator logs a request as it answers it): the cycle is mid-mailbox.</summary>
    private static Task WaitForRequestAsync(WorkerHarness harness, string user, string path = "/messages/delta") =>
        harness.Emulator.Control.WaitForRequestAsync(r => string.Equals(r.Mailbox, user, StringComparison.OrdinalIgnoreCase) && r.Url.Contains(path, StringComparison.Ordinal), Ct)
            .WaitAsync(TimeSpan.FromSeconds(60), Ct);
}
