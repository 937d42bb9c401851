using GraphNetworker.Tests.Common;
using GraphNetworker.Core.Model;
using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator;
using GraphNetworker.Worker.Tests.Infrastructure;
using GraphNetworker.Store;
using GraphNetworker.Store.Entities;
using GraphNetworker.Worker.Pipeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Worker.Tests.Pipeline;

public sealed class IsolationAndScopeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BadInput_MalformedItems_SkippedWithReasons_GoodItemsBesideThemKept()
    {
        await using var harness = await WorkerHarness.StartAsync(settings: s => s["GraphNetworker:Worker:WriteToOutlook"] = "false");
        await harness.RunCycleAsync(Ct);
        var user = harness.Manifest.Mailboxes[0].UserPrincipalName;
        var now = harness.Time.GetUtcNow();
        var control = harness.Emulator.Control;

        var good = control.AddMessage(user, "inbox", Mail.From("good.sender@adatum.com", "Good Sender", user, now.AddHours(-1), "good"));
        var noSender = Mail.From("x@adatum.com", "X", user, now.AddHours(-2), "nosender");
        noSender.Remove("from");
        noSender.Remove("sender");
        control.AddMessage(user, "inbox", noSender);
        control.AddMessage(user, "inbox", With(Mail.From("not an address", "Bad", user, now.AddHours(-3), "badaddress"), m => { }));
        control.AddMessage(user, "inbox", With(Mail.From("y@adatum.com", "Y", user, now.AddHours(-4), "badenum"), m => m["inferenceClassification"] = "veryImportant"));
        control.AddMessage(user, "inbox", With(Mail.From("z@adatum.com", "Z", user, now.AddHours(-5), "baddate"), m => { m["receivedDateTime"] = "0001-01-01T00:00:00Z"; m["sentDateTime"] = "not a date"; }));
        control.AddMessage(user, "inbox", With(Mail.From("w@adatum.com", "W\u0000\u0007" + new string('x', 5000), user, now.AddHours(-6), "hugename"), m => { }));

        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal(0, report.Failed);
        var mailboxId = harness.MailboxIdOf(user);
        var rows = harness.Interactions(mailboxId);
        Assert.Contains(rows, r => r.GraphId == good);
        Assert.Contains(rows, r => r.MessageKey == StableHash.Of("<hugename@test.example>"));
        using var db = harness.Db();
        Assert.Equal(4, (await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == mailboxId, Ct)).ItemsRejected);
        var reasons = harness.Logs.Entries.Where(e => e.EventId.Id == 2001).Select(e => e.Message).ToList();
        Assert.Contains(reasons, r => r.EndsWith("missing sender", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.EndsWith("invalid sender address", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.EndsWith("'inferenceClassification' has an unknown value", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.EndsWith("'receivedDateTime' is an impossible date", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Logs.Entries, e => e.Message.Contains("Catching up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Isolation_OneMailboxForbidden_OthersSyncAndItIsMarkedForRetry()
    {
        await using var harness = await WorkerHarness.StartAsync(settings: s => s["GraphNetworker:Worker:WriteToOutlook"] = "false");
        await harness.RunCycleAsync(Ct);
        var broken = harness.MailboxIdOf(harness.Manifest.Mailboxes[1].UserPrincipalName);
        harness.Emulator.Control.AddFault(new FaultRule { PathPattern = broken, Kind = FaultKind.Status, Status = 403, Code = "ErrorAccessDenied", Count = 0 });
        harness.Emulator.Control.AddMessage(harness.Manifest.Mailboxes[0].UserPrincipalName, "inbox",
            Mail.From("still.working@adatum.com", "Still Working", harness.Manifest.Mailboxes[0].UserPrincipalName, harness.Time.GetUtcNow().AddMinutes(-1)));

        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal(2, report.Synced);
        Assert.Equal(1, report.Failed);
        using var db = harness.Db();
        var failed = await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == broken, Ct);
        Assert.StartsWith("Graph 403 ErrorAccessDenied", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(1, failed.ConsecutiveFailures);
        Assert.True(failed.NextAttemptAt > harness.Time.GetUtcNow().UtcDateTime);
        Assert.Contains(harness.Interactions(harness.MailboxIdOf(harness.Manifest.Mailboxes[0].UserPrincipalName)), i => i.Participants.Contains("still.working@adatum.com", StringComparison.Ordinal));

        var next = await harness.RunCycleAsync(Ct);
        Assert.Equal(2, next.Mailboxes);
    }

    /// <summary>
    /// Two workers (also two processes given the same WorkerId) on one database never work on one mailbox at once, and
    /// neither syncs a mailbox again that the other finished after it listed it. The invariant is "never two at once"
    /// (lease-held intervals per mailbox never overlap), not a count that depends on how the two interleave.
    /// </summary>
    [Theory]
    [InlineData("worker-2")]
    [InlineData("worker-1")]
    public async Task Leases_TwoWorkersOnOneDatabase_NeverWorkOnOneMailboxAtOnce(string secondWorkerId)
    {
        await using var harness = await WorkerHarness.StartAsync(
            emulator: e => e.Latency = TimeSpan.FromMilliseconds(50),
            settings: s => s["GraphNetworker:Worker:WriteToOutlook"] = "false");
        var second = await harness.AddWorkerAsync(secondWorkerId);
        using var spans = new SpanRecorder();

        var reports = await Task.WhenAll(
            harness.RunCycleAsync(Ct),
            second.GetRequiredService<CyclePipeline>().RunOnceAsync(Ct));

        Assert.Equal(0, reports.Sum(r => r.Failed));
        var worked = spans.WorkedIntervals();
        Assert.Equal(3, worked.Count);
        foreach (var mailbox in worked)
        {
            var intervals = mailbox.OrderBy(i => i.Start).ToList();
            for (var i = 1; i < intervals.Count; i++)
            {
                Assert.True(intervals[i].Start >= intervals[i - 1].End, $"mailbox {mailbox.Key} was worked on by two workers at once: {intervals[i - 1]} and {intervals[i]}");
            }
        }

        var stats = harness.Emulator.Control.Statistics;
        Assert.All(stats.Mailboxes.Values, m => Assert.InRange(m.MaxConcurrency, 1, 4));
        var items = harness.AllInteractions();
        Assert.Equal(items.Count, items.Select(i => (i.MailboxId, i.GraphId)).Distinct().Count());
    }

    [Fact]
    public async Task Leases_AMailboxAnotherWorkerFinishedSinceThisOneListedIt_IsNotSyncedAgain()
    {
        // The flake this replaces: worker B listed every mailbox, worker A synced and released one before B reached it,
        // and B synced it a second time, one after the other.
        var clock = new WaitSkippingClock();
        await using var harness = await WorkerHarness.StartAsync(settings: s => s["GraphNetworker:Worker:WriteToOutlook"] = "false", time: clock);
        var second = await harness.AddWorkerAsync("worker-2");
        var pipeline = second.GetRequiredService<CyclePipeline>();
        await harness.RunCycleAsync(Ct);
        using var db = harness.Db();
        var listed = await db.Mailboxes.AsNoTracking().OrderBy(m => m.Id).ToListAsync(Ct);

        clock.Advance(TimeSpan.FromMinutes(1));
        var again = await harness.RunCycleAsync(Ct);
        Assert.True(again.Synced == listed.Count, string.Join('\n', harness.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(e => $"{e.EventId.Id} {e.Message}")));
        var outcomes = new List<MailboxOutcome>();
        using (var index = new CycleDirectory(_ => Task.FromException<GraphNetworker.Store.Repositories.LoadedDirectory>(new InvalidOperationException("a skipped mailbox needs no directory"))))
        {
            foreach (var mailbox in listed)
            {
                outcomes.Add(await pipeline.RunMailboxAsync(mailbox, index, Ct));
            }
        }

        Assert.All(outcomes, o => Assert.Equal(MailboxStatus.Skipped, o.Status));
    }

    [Fact]
    public async Task Scope_MemberLeavesTheGroup_StopsBeingRead_AndIsPurgedAfterTheGracePeriod()
    {
        await using var harness = await WorkerHarness.StartAsync(settings: s =>
        {
            s["GraphNetworker:Worker:WriteToOutlook"] = "false";
            s["GraphNetworker:Scope:PurgeAfter"] = "1.00:00:00";
        });
        await harness.RunCycleAsync(Ct);
        var leaving = harness.Manifest.Mailboxes[2];
        var mailboxId = harness.MailboxIdOf(leaving.UserPrincipalName);
        Assert.NotEmpty(harness.Interactions(mailboxId));

        harness.Emulator.Control.DisableUser(leaving.UserPrincipalName);
        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal(2, report.Mailboxes);
        using (var db = harness.Db())
        {
            Assert.Equal(ScopeState.LeftScope, (await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == mailboxId, Ct)).ScopeState);
            await db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.LeftScopeAt, harness.Time.GetUtcNow().UtcDateTime.AddDays(-2)), Ct);
        }

        await harness.RunCycleAsync(Ct);

        using var after = harness.Db();
        Assert.Equal(ScopeState.Purged, (await after.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == mailboxId, Ct)).ScopeState);
        Assert.Empty(harness.Interactions(mailboxId));
        Assert.DoesNotContain(harness.Relationships(), r => r.MailboxId == mailboxId);
    }

    private static JsonObject With(JsonObject message, Action<JsonObject> change)
    {
        change(message);
        if (message["from"]?["emailAddress"]?["address"]?.GetValue<string>() == "not an address")
        {
            message["sender"] = message["from"]!.DeepClone();
        }

        return message;
    }
}
