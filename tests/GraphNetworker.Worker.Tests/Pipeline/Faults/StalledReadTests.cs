using GraphNetworker.GraphEmulator;
using GraphNetworker.Worker.Tests.Infrastructure;
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

    [Fact]
    public async Task StalledBody_OnOneMailboxsSettings_TheCycleEnds_TheOtherMailboxesComplete()
    {
        await using var harness = await WorkerHarness.StartAsync(settings: s =>
        {
            s["GraphNetworker:Worker:WriteToOutlook"] = "false";
            s["GraphNetworker:Graph:RequestTimeout"] = "00:00:30";
        });
        await harness.RunCycleAsync(Ct);
        var victim = harness.MailboxIdOf(harness.Manifest.Mailboxes[1].UserPrincipalName);
        using (var db = harness.Db())
        {
            // Settings are read with the folder tree: make the victim's due again.
            await db.Mailboxes.Where(m => m.Id == victim).ExecuteUpdateAsync(s => s.SetProperty(m => m.FoldersRefreshedAt, (DateTime?)null), Ct);
        }

        // Headers and half the settings, then nothing, for as long as the client waits: an SDK read (typed), not a page.
        harness.Emulator.Control.AddFault(new FaultRule { Method = "GET", PathPattern = victim + "/mailboxSettings", Kind = FaultKind.StalledBody, Count = 0 });
        var report = await harness.RunCycleMovingTimeAsync(TimeSpan.FromSeconds(2), Ct);

        Assert.Equal((2, 1), (report.Synced, report.Failed));
        Assert.Contains(harness.Emulator.Control.Requests, r => r.Url.Contains(victim + "/mailboxSettings", StringComparison.Ordinal));
        using var after = harness.Db();
        var failed = await after.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == victim, Ct);
        Assert.Contains("did not arrive", failed.LastError, StringComparison.Ordinal);
        Assert.All(await after.Mailboxes.AsNoTracking().Where(m => m.Id != victim).ToListAsync(Ct), m => Assert.Null(m.LastError));
    }

    [Fact]
    public async Task StalledBody_OnOneMailboxsToDoTasks_TheCycleEnds_TheOtherMailboxesComplete()
    {
        await using var harness = await WorkerHarness.StartAsync(settings: s => s["GraphNetworker:Graph:RequestTimeout"] = "00:00:30");
        await harness.RunCycleAsync(Ct);
        var victim = harness.MailboxIdOf(harness.Manifest.Mailboxes[1].UserPrincipalName);

        // The read-back lists the victim's tasks (a typed SDK read): headers and half the list, then nothing.
        harness.Emulator.Control.AddFault(new FaultRule { Method = "GET", PathPattern = victim + "/todo/lists/.*/tasks", Kind = FaultKind.StalledBody, Count = 0 });
        var report = await harness.RunCycleMovingTimeAsync(TimeSpan.FromSeconds(2), Ct);

        Assert.Equal((2, 1), (report.Synced, report.Failed));
        Assert.Contains(harness.Emulator.Control.Requests, r => r.Url.Contains(victim + "/todo/lists/", StringComparison.Ordinal) && r.Url.Contains("/tasks", StringComparison.Ordinal));
        using var after = harness.Db();
        Assert.Contains("did not arrive", (await after.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == victim, Ct)).LastError, StringComparison.Ordinal);
    }
}
