using GraphNetworker.GraphEmulator;
using GraphNetworker.Worker.Pipeline;
using GraphNetworker.Worker.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Worker.Tests.Pipeline.Faults;

/// <summary>
/// A database error at each point where the cycle touches the store for one mailbox outside its sync — taking the
/// lease (which records the sync's start in the same statement), recording the success (which releases the lease in
/// the same statement), recording a failure, releasing the lease after a failure — fails (or leaves) that mailbox
/// alone: the others complete, the error is logged, and the mailbox is tried again later. None of them stops the cycle.
/// </summary>
public sealed class StoreErrorIsolationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool TakeLease(string sql) => sql.Contains("UPDATE", StringComparison.Ordinal) && sql.Contains("\"LeaseEpoch\" + 1", StringComparison.Ordinal) && sql.Contains("strftime", StringComparison.Ordinal);

    private static bool RecordSuccess(string sql) => sql.Contains("UPDATE", StringComparison.Ordinal) && sql.Contains("\"LastSyncSucceededAt\" = @", StringComparison.Ordinal);

    private static bool RecordFailure(string sql) => sql.Contains("UPDATE", StringComparison.Ordinal) && sql.Contains("\"LastErrorAt\" = @", StringComparison.Ordinal);

    private static bool ReleaseLease(string sql) => sql.Contains("\"LeaseOwner\" = NULL", StringComparison.Ordinal) && !sql.Contains("+ 1", StringComparison.Ordinal);

    [Fact]
    public async Task DatabaseErrorTakingTheLease_OnlyThatMailboxFails_OthersComplete_AndItIsTakenNextCycle()
    {
        await using var harness = await StartAsync();
        var broken = harness.MailboxIdOf(harness.Manifest.Mailboxes[1].UserPrincipalName);
        harness.StoreFaults.Fail("take", TakeLease, broken);

        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal((2, 1), (report.Synced, report.Failed));
        Assert.Contains("take", harness.StoreFaults.Failed);
        Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == 4008 && e.Message.Contains(broken, StringComparison.Ordinal));
        harness.StoreFaults.Clear();
        Assert.Equal((3, 0), Counts(await harness.RunCycleAsync(Ct)));
    }

    [Fact]
    public async Task DatabaseErrorRecordingTheSuccess_OnlyThatMailboxFails_OthersComplete_ItIsMarkedForRetry_AndItsLeaseReleased()
    {
        await using var harness = await StartAsync();
        var broken = harness.MailboxIdOf(harness.Manifest.Mailboxes[1].UserPrincipalName);
        harness.StoreFaults.Fail("succeeded", RecordSuccess, broken);

        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal((2, 1), (report.Synced, report.Failed));
        Assert.Contains("succeeded", harness.StoreFaults.Failed);
        Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == 4003 && e.Message.Contains(broken, StringComparison.Ordinal));
        using var db = harness.Db();
        var failed = await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == broken, Ct);
        Assert.Equal((1, (string?)null), (failed.ConsecutiveFailures, failed.LeaseOwner));
        Assert.NotNull(failed.NextAttemptAt);
    }

    [Fact]
    public async Task DatabaseErrorRecordingAFailure_IsLogged_OthersComplete_AndTheMailboxIsTriedAgainNextCycle()
    {
        await using var harness = await StartAsync();
        var broken = harness.MailboxIdOf(harness.Manifest.Mailboxes[1].UserPrincipalName);
        harness.Emulator.Control.AddFault(new FaultRule { PathPattern = broken, Kind = FaultKind.Status, Status = 403, Code = "ErrorAccessDenied", Count = 0 });
        harness.StoreFaults.Fail("failed", RecordFailure, broken);

        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal((2, 1), (report.Synced, report.Failed));
        Assert.Contains("failed", harness.StoreFaults.Failed);
        Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == 4005 && e.Message.Contains(broken, StringComparison.Ordinal));
        harness.StoreFaults.Clear();
        harness.Emulator.Control.ClearFaults();
        Assert.Equal((3, 0), Counts(await harness.RunCycleAsync(Ct)));
    }

    [Fact]
    public async Task DatabaseErrorReleasingTheLeaseAfterAFailure_IsLogged_OthersComplete_AndTheLeaseStaysThisWorkers()
    {
        await using var harness = await StartAsync();
        var broken = harness.MailboxIdOf(harness.Manifest.Mailboxes[1].UserPrincipalName);
        harness.Emulator.Control.AddFault(new FaultRule { PathPattern = broken, Kind = FaultKind.Status, Status = 403, Code = "ErrorAccessDenied", Count = 0 });
        harness.StoreFaults.Fail("release", ReleaseLease, broken);

        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal((2, 1), Counts(report));
        Assert.Contains("release", harness.StoreFaults.Failed);
        Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == 4006 && e.Message.Contains(broken, StringComparison.Ordinal));
        using (var db = harness.Db())
        {
            Assert.NotNull((await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == broken, Ct)).LeaseOwner);
        }

        // Left to expire, and this worker's own in the meantime: it takes it again without waiting.
        harness.StoreFaults.Clear();
        var leases = harness.Services.GetRequiredService<GraphNetworker.Store.Repositories.MailboxLeases>();
        Assert.NotNull(await leases.TryAcquireAsync(broken, "worker-1", TimeSpan.FromMinutes(5), listed: null, Ct));
    }

    private static (int Synced, int Failed) Counts(CycleReport report) => (report.Synced, report.Failed);

    private static async Task<WorkerHarness> StartAsync()
    {
        var harness = await WorkerHarness.StartAsync(settings: s => s["GraphNetworker:Worker:WriteToOutlook"] = "false");
        await harness.RunCycleAsync(Ct);
        return harness;
    }
}
