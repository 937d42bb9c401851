using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.GraphEmulator;
using GraphNetworker.Worker.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Worker.Tests.Pipeline.Faults;

/// <summary>
/// Creating in Outlook when the answer is lost: To Do has no idempotency key, so a create that Graph carried out but
/// answered 503 must never be sent again blindly. The ledger records what happened; the next cycle finds the task by
/// its externalId instead of writing a second one.
/// </summary>
public sealed class OutlookWriteFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string CreateTask = "/todo/lists/[^/]+/tasks$";

    [Fact]
    public async Task TodoTookTheTaskThenAnswered503_NextCycleReconcilesByExternalId_NeverTwoTasks()
    {
        await using var harness = await WorkerHarness.StartAsync();
        harness.Emulator.Control.AddFault(new FaultRule { Method = "POST", PathPattern = CreateTask, Kind = FaultKind.AppliedThen503, Count = 1 });

        var first = await harness.RunCycleAsync(Ct);
        using (var db = harness.Db())
        {
            // The mailbox whose create was lost is tried again at once (its backoff is what a later cycle would wait out).
            await db.Mailboxes.ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, (DateTime?)null), Ct);
        }

        var second = await harness.RunCycleAsync(Ct);

        Assert.Equal(1, first.Failed);
        Assert.Equal(0, second.Failed);
        using var after = harness.Db();
        var lost = Assert.Single(await after.OutlookWrites.AsNoTracking().Where(w => w.Operation == OutlookOperation.CreateTask && w.Status == OutlookWriteStatus.Failed).ToListAsync(Ct));
        Assert.Equal(0, await after.OutlookWrites.CountAsync(w => w.Status == OutlookWriteStatus.Started, Ct));
        Assert.Contains(await after.OutlookWrites.AsNoTracking().Where(w => w.SuggestionId == lost.SuggestionId).ToListAsync(Ct), w => w.Operation == OutlookOperation.FoundTask);
        foreach (var mailbox in await after.Mailboxes.AsNoTracking().Where(m => m.TodoListId != null).ToListAsync(Ct))
        {
            var externalIds = harness.Emulator.Control.Tasks(mailbox.UserPrincipalName, mailbox.TodoListId!)
                .Select(t => t["linkedResources"]?.AsArray().FirstOrDefault()?["externalId"]?.GetValue<string>())
                .ToList();
            Assert.Equal(externalIds.Count, externalIds.Distinct(StringComparer.Ordinal).Count());
        }

        var reconciled = harness.Suggestions().Single(s => s.Id == lost.SuggestionId);
        Assert.Equal(SuggestionState.Open, reconciled.Value.State);
        Assert.NotNull(reconciled.GraphId);
    }
}
