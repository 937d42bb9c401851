using GraphNetworker.GraphEmulator;
using GraphNetworker.Worker.Tests.Infrastructure;
using GraphNetworker.Store;
using GraphNetworker.Worker.Pipeline;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Worker.Tests.Pipeline.Faults;

public sealed class FaultStormTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Timeouts_HangingRequests_GiveUpAndRetry_CycleCompletes()
    {
        await using var harness = await WorkerHarness.StartAsync(settings: s =>
        {
            s["GraphNetworker:Worker:WriteToOutlook"] = "false";
            s["GraphNetworker:Graph:RequestTimeout"] = "00:00:30";
        });
        harness.Emulator.Control.AddFault(new FaultRule { PathPattern = "/messages/delta", Kind = FaultKind.Timeout, Count = 3 });

        var report = await harness.RunCycleMovingTimeAsync(TimeSpan.FromSeconds(2), Ct);

        Assert.Equal(3, report.Synced);
        Assert.Empty(harness.Emulator.Control.Faults);
    }

    [Fact]
    public async Task StalledBodies_GivenUpOnAfterTheRequestTimeout_AndReadAgain_TheCycleCompletes()
    {
        await using var harness = await WorkerHarness.StartAsync(settings: s =>
        {
            s["GraphNetworker:Worker:WriteToOutlook"] = "false";
            s["GraphNetworker:Graph:RequestTimeout"] = "00:00:30";
        });

        // Headers and half a page, then nothing until the client gives up: the per-attempt timeout has already ended.
        harness.Emulator.Control.AddFault(new FaultRule { PathPattern = "/(messages|calendarView)/delta", Kind = FaultKind.StalledBody, Count = 2 });
        var report = await harness.RunCycleMovingTimeAsync(TimeSpan.FromSeconds(2), Ct);

        Assert.Equal((3, 0), (report.Synced, report.Failed));
        Assert.Empty(harness.Emulator.Control.Faults);
        using var db = harness.Db();
        Assert.All(await db.FolderCursors.AsNoTracking().ToListAsync(Ct), c => Assert.NotNull(c.DeltaLink));
    }

    [Fact]
    public async Task TruncatedPages_AreReadAgain_AndNothingIsLost()
    {
        await using var clean = await WorkerHarness.StartAsync(settings: s => s["GraphNetworker:Worker:WriteToOutlook"] = "false");
        await clean.RunCycleAsync(Ct);
        await using var harness = await WorkerHarness.StartAsync(settings: s => s["GraphNetworker:Worker:WriteToOutlook"] = "false");
        harness.Emulator.Control.AddFault(new FaultRule { PathPattern = "/(messages|calendarView)/delta", Kind = FaultKind.TruncatedBody, Count = 3 });

        // Three cut-off pages in a row may all land on one page of one mailbox (the worker syncs mailboxes in parallel),
        // which is exactly the per-page retry limit: every mailbox must still complete.
        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal(3, report.Synced);
        Assert.Equal(clean.AllInteractions().Count, harness.AllInteractions().Count);
        Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == 2103);
    }

    [Fact]
    public async Task TruncatedPages_PersistentlyBroken_MailboxFailsAndTheNextCycleResumes()
    {
        await using var harness = await WorkerHarness.StartAsync(settings: s => s["GraphNetworker:Worker:WriteToOutlook"] = "false");
        var victim = harness.Manifest.Mailboxes[0].UserPrincipalName;
        harness.Emulator.Control.AddFault(new FaultRule { PathPattern = "calendarView/delta", Kind = FaultKind.TruncatedBody, Count = 0 });

        var broken = await harness.RunCycleAsync(Ct);
        harness.Emulator.Control.ClearFaults();
        using (var db = harness.Db())
        {
            await db.Mailboxes.ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, (DateTime?)null), Ct);
        }

        var healed = await harness.RunCycleAsync(Ct);

        Assert.Equal(3, broken.Failed);
        Assert.Equal(3, healed.Synced);
        using var after = harness.Db();
        Assert.All(await after.Mailboxes.AsNoTracking().ToListAsync(Ct), m => Assert.Null(m.LastError));
        Assert.Contains(harness.Interactions(harness.MailboxIdOf(victim)), i => i.FolderId == "calendarView");
    }

    [Fact]
    public async Task EmulatorRestartsMidCycle_CycleCompletesOrResumes_NothingDuplicated()
    {
        await using var harness = await WorkerHarness.StartAsync(emulator: e => e.Latency = TimeSpan.FromMilliseconds(100));
        var cycle = harness.RunCycleAsync(Ct);
        await Task.WhenAny(cycle, harness.Emulator.Control.WaitForRequestAsync(r => r.Sequence >= 25, Ct));

        Assert.False(cycle.IsCompleted, "the restart must land inside the cycle");
        await harness.Emulator.RestartAsync(Ct);
        await cycle;
        using (var db = harness.Db())
        {
            await db.Mailboxes.ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, (DateTime?)null), Ct);
        }

        var second = await harness.RunCycleAsync(Ct);

        Assert.Equal(3, second.Synced);
        await AssertNoDuplicatesAsync(harness);
    }

    [Fact]
    public async Task DatabaseLockedForAWhile_WritesWait_AndTheCycleCompletes()
    {
        await using var harness = await WorkerHarness.StartAsync(settings: s => s["GraphNetworker:Worker:WriteToOutlook"] = "false");
        var file = Path.Combine(harness.DataFolder, "graphnetworker.db");
        await using var blocker = new SqliteConnection($"Data Source={file};Pooling=False");
        await blocker.OpenAsync(Ct);
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync(Ct);
        }

        var cycle = harness.RunCycleAsync(Ct);
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        Assert.False(cycle.IsCompleted);
        await using (var commit = blocker.CreateCommand())
        {
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync(Ct);
        }

        var report = await cycle;

        Assert.Equal(3, report.Synced);
    }

    [Fact]
    public async Task TwoWorkers_SeveralCyclesWithNewMail_NoMailboxTwiceAtOnce_NoDuplicates()
    {
        await using var harness = await WorkerHarness.StartAsync(emulator: e => e.Latency = TimeSpan.FromMilliseconds(20));
        var second = await harness.AddWorkerAsync("worker-2");
        var user = harness.Manifest.Mailboxes[0].UserPrincipalName;

        for (var cycle = 0; cycle < 4; cycle++)
        {
            harness.Emulator.Control.AddMessage(user, "inbox", Mail.From($"new.person{cycle}@adatum.com", $"New Person {cycle}", user, harness.Time.GetUtcNow().AddMinutes(-1)));
            var reports = await Task.WhenAll(harness.RunCycleAsync(Ct), second.GetRequiredService<CyclePipeline>().RunOnceAsync(Ct));
            Assert.Equal(0, reports.Sum(r => r.Failed));
        }

        Assert.All(harness.Emulator.Control.Statistics.Mailboxes.Values, m => Assert.InRange(m.MaxConcurrency, 1, 4));
        await AssertNoDuplicatesAsync(harness);
        Assert.Equal(4, harness.Interactions(harness.MailboxIdOf(user)).Count(i => i.Participants.Contains("new.person", StringComparison.Ordinal)));
    }

    internal static async Task AssertNoDuplicatesAsync(WorkerHarness harness)
    {
        var items = harness.AllInteractions();
        Assert.Equal(items.Count, items.Select(i => (i.MailboxId, i.GraphId)).Distinct().Count());
        using var db = harness.Db();
        foreach (var mailbox in await db.Mailboxes.AsNoTracking().Where(m => m.TodoListId != null).ToListAsync(Ct))
        {
            var ids = harness.Emulator.Control.Tasks(mailbox.UserPrincipalName, mailbox.TodoListId!)
                .Select(t => t["linkedResources"]?.AsArray().FirstOrDefault()?["externalId"]?.GetValue<string>()).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            var holds = harness.Emulator.Control.Events(mailbox.UserPrincipalName).Where(e => e["transactionId"] is not null).Select(e => e["transactionId"]!.GetValue<string>()).ToList();
            Assert.Equal(holds.Count, holds.Distinct().Count());
        }
    }
}
