using GraphNetworker.Tests.Common;
using GraphNetworker.GraphEmulator;
using GraphNetworker.Worker.Tests.Infrastructure;
using GraphNetworker.Worker.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Worker.Tests.Pipeline.Faults;

/// <summary>
/// A response whose headers arrive and whose body then stalls, on reads other than the delta pages (which
/// <c>FaultStormTests</c> covers): the SDK's own typed reads parse the body after the per-attempt timeout has ended, so
/// without a deadline on the body the mailbox's slot, and the cycle, would wait for ever.
/// </summary>
public sealed class StalledReadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Far more than the cycle needs when every body is bounded (thirty seconds on the fast clock are 0.3 s).</summary>
    private static readonly TimeSpan CycleBound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task StalledBody_OnOneMailboxsSettings_TheCycleEnds_TheOtherMailboxesComplete()
    {
        var clock = new WaitSkippingClock();
        await using var harness = await WorkerHarness.StartAsync(
            settings: s =>
            {
                s["GraphNetworker:Worker:WriteToOutlook"] = "false";
                s["GraphNetworker:Graph:RequestTimeout"] = "00:00:30";
            },
            time: clock);
        await harness.RunCycleAsync(Ct);
        var victim = harness.MailboxIdOf(harness.Manifest.Mailboxes[1].UserPrincipalName);
        using (var db = harness.Db())
        {
            // Settings are read with the folder tree: make the victim's due again.
            await db.Mailboxes.Where(m => m.Id == victim).ExecuteUpdateAsync(s => s.SetProperty(m => m.FoldersRefreshedAt, (DateTime?)null), Ct);
        }

        // Headers and half the settings, then nothing, for as long as the client waits: an SDK read (typed), not a page.
        harness.Emulator.Control.AddFault(new FaultRule { Method = "GET", PathPattern = victim + "/mailboxSettings", Kind = FaultKind.StalledBody, Count = 0 });
        var report = await PastTheDeadlineOnceStalledAsync(harness, clock, harness.RunCycleAsync(Ct), victim + "/mailboxSettings");

        Assert.Equal((2, 1), (report.Synced, report.Failed));
        using var after = harness.Db();
        var failed = await after.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == victim, Ct);
        Assert.Contains("did not arrive", failed.LastError, StringComparison.Ordinal);
        Assert.All(await after.Mailboxes.AsNoTracking().Where(m => m.Id != victim).ToListAsync(Ct), m => Assert.Null(m.LastError));
    }

    [Fact]
    public async Task StalledBody_OnOneMailboxsToDoTasks_TheCycleEnds_TheOtherMailboxesComplete()
    {
        var clock = new WaitSkippingClock();
        await using var harness = await WorkerHarness.StartAsync(settings: s => s["GraphNetworker:Graph:RequestTimeout"] = "00:00:30", time: clock);
        await harness.RunCycleAsync(Ct);
        var victim = harness.MailboxIdOf(harness.Manifest.Mailboxes[1].UserPrincipalName);

        // The read-back lists the victim's tasks (a typed SDK read): headers and half the list, then nothing.
        harness.Emulator.Control.AddFault(new FaultRule { Method = "GET", PathPattern = victim + "/todo/lists/.*/tasks", Kind = FaultKind.StalledBody, Count = 0 });
        var report = await PastTheDeadlineOnceStalledAsync(harness, clock, harness.RunCycleAsync(Ct), "/tasks", victim + "/todo/lists/");

        Assert.Equal((2, 1), (report.Synced, report.Failed));
        using var after = harness.Db();
        Assert.Contains("did not arrive", (await after.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == victim, Ct)).LastError, StringComparison.Ordinal);
    }

    /// <summary>
    /// Waits until the emulator has answered the stalled request (it logs a request as it answers it), then moves the
    /// clock on by the client's 30-second deadline for the body until the cycle ends: the client sets its deadline when
    /// the headers reach it, a moment the test cannot see, so time moves in steps, each past a whole deadline.
    /// </summary>
    private static async Task<CycleReport> PastTheDeadlineOnceStalledAsync(WorkerHarness harness, WaitSkippingClock clock, Task<CycleReport> cycle, params string[] urlParts)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(CycleBound);
        while (!cycle.IsCompleted && !harness.Emulator.Control.Requests.Any(r => urlParts.All(p => r.Url.Contains(p, StringComparison.Ordinal))))
        {
            await Task.WhenAny(cycle, Task.Delay(TimeSpan.FromMilliseconds(20), bound.Token));
        }

        Assert.False(cycle.IsCompleted, "the cycle ended before the stalled read");
        while (!cycle.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(31));
            await Task.WhenAny(cycle, Task.Delay(TimeSpan.FromMilliseconds(50), bound.Token));
        }

        return await cycle;
    }
}
