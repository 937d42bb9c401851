using System.Text.Json.Nodes;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Worker.Tests.Infrastructure;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Worker.Pipeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using RelationshipStatus = GraphNetworker.Core.Model.RelationshipStatus;

namespace GraphNetworker.Worker.Tests.Pipeline;

public sealed class OutlookWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tasks_FirstCycle_HaveTheDocumentedShape()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.RunCycleAsync(Ct);
        using var db = harness.Db();
        var suggestion = harness.Suggestions().First(s => s.Kind == SuggestionKind.Task);
        var mailbox = await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == suggestion.MailboxId, Ct);

        var task = Assert.Single(harness.Emulator.Control.Tasks(mailbox.UserPrincipalName, mailbox.TodoListId!), t => t["id"]!.GetValue<string>() == suggestion.GraphId);

        Assert.Equal($"Reconnect with {suggestion.DisplayName}", task["title"]!.GetValue<string>());
        Assert.StartsWith(suggestion.Reason, task["body"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("text", task["body"]!["contentType"]!.GetValue<string>());
        var link = Assert.Single(task["linkedResources"]!.AsArray())!;
        Assert.Equal("GraphNetworker", link["applicationName"]!.GetValue<string>());
        Assert.Equal(suggestion.Id, link["externalId"]!.GetValue<string>());
        Assert.Equal(["Keep in touch"], task["categories"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.True(task["isReminderOn"]!.GetValue<bool>());
        Assert.NotNull(task["dueDateTime"]!["timeZone"]);
        var due = DateTime.Parse(task["dueDateTime"]!["dateTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.Zero, due.TimeOfDay);
        Assert.NotEqual(DayOfWeek.Saturday, due.DayOfWeek);
        Assert.NotEqual(DayOfWeek.Sunday, due.DayOfWeek);
        var reminder = DateTime.Parse(task["reminderDateTime"]!["dateTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(due + new OutlookOptions().ReminderTimeOfDay, reminder);
        Assert.StartsWith(SuggestionText.NotARelationshipStep, Assert.Single(task["checklistItems"]!.AsArray())!["displayName"]!.GetValue<string>(), StringComparison.Ordinal);
        var lists = await Graph(harness).Users[mailbox.Id].Todo.Lists.GetAsync(cancellationToken: Ct);
        Assert.Single(lists!.Value!, l => l.DisplayName == "Keep in touch");
    }

    [Fact]
    public async Task Holds_FirstCycle_TentativePrivateOwnCalendarNoInvitation()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.RunCycleAsync(Ct);
        using var db = harness.Db();
        var hold = harness.Suggestions().First(s => s.Kind == SuggestionKind.Hold);
        var mailbox = await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == hold.MailboxId, Ct);

        var ev = await Graph(harness).Users[mailbox.Id].Events[hold.GraphId].GetAsync(c =>
            c.QueryParameters.Expand = [$"singleValueExtendedProperties($filter=id eq '{OutlookOptions.HoldMarker}')"], Ct);

        Assert.Equal($"Coffee catch-up: {hold.DisplayName} (hold)", ev!.Subject);
        Assert.Equal(FreeBusyStatus.Tentative, ev.ShowAs);
        Assert.Equal(Sensitivity.Private, ev.Sensitivity);
        Assert.Empty(ev.Attendees ?? []);
        Assert.Equal(hold.Id, ev.TransactionId);
        Assert.Contains("Keep in touch", ev.Categories!);
        Assert.Contains($"Invite {hold.DisplayName.Split(' ')[0]} to this event, or delete this hold", ev.Body!.Content, StringComparison.Ordinal);
        Assert.Equal(hold.Id, Assert.Single(ev.SingleValueExtendedProperties!).Value);
        Assert.Equal(0, harness.Emulator.Control.Statistics.InvitationsSent);
        Assert.True(hold.HoldStart > harness.Time.GetUtcNow().UtcDateTime);
        Assert.Equal(TimeSpan.FromMinutes(30), hold.HoldEnd - hold.HoldStart);
        Assert.Equal(hold.HoldStart, UtcOf(ev.Start));
        Assert.Equal(hold.HoldEnd, UtcOf(ev.End));
    }

    [Fact]
    public async Task Writer_SecondCycle_WritesNoDuplicates()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.RunCycleAsync(Ct);
        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal(0, report.TasksWritten + report.HoldsWritten);
        await AssertOneOutlookItemPerSuggestionAsync(harness);

        // Reading back our own due dates must not take them for the user's.
        using var db = harness.Db();
        Assert.All(harness.Suggestions().Where(s => s.Kind == SuggestionKind.Task).ToList(), s => Assert.Null(s.UserDueAt));
    }

    [Fact]
    public async Task Writer_CommitLostAfterTheWrite_NextCycleFindsTheItemInsteadOfWritingAgain()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.RunCycleAsync(Ct);
        using (var db = harness.Db())
        {
            // As if the worker died after Graph created the task and the hold but before the store recorded them.
            await db.Suggestions.ExecuteUpdateAsync(s => s
                .SetProperty(x => x.State, SuggestionState.Pending)
                .SetProperty(x => x.GraphId, (string?)null)
                .SetProperty(x => x.HoldStart, (DateTimeOffset?)null)
                .SetProperty(x => x.HoldEnd, (DateTimeOffset?)null), Ct);
        }

        var report = await harness.RunCycleAsync(Ct);

        Assert.Equal(0, report.TasksWritten + report.HoldsWritten);
        await AssertOneOutlookItemPerSuggestionAsync(harness);
        using var after = harness.Db();
        Assert.All(harness.Suggestions().ToList(), s => Assert.Equal(SuggestionState.Open, s.State));
        var writes = await after.OutlookWrites.AsNoTracking().ToListAsync(Ct);
        Assert.Contains(writes, w => w.Operation is OutlookOperation.FoundTask);
        Assert.Contains(writes, w => w.Operation is OutlookOperation.FoundHold);

        // A hold found again records the slot it really holds in the calendar.
        foreach (var hold in harness.Suggestions().Where(s => s.Kind == SuggestionKind.Hold).ToList())
        {
            var ev = await Graph(harness).Users[hold.MailboxId].Events[hold.GraphId].GetAsync(cancellationToken: Ct);
            Assert.Equal(UtcOf(ev!.Start), hold.HoldStart);
            Assert.Equal(UtcOf(ev.End), hold.HoldEnd);
        }

        // It is known again as our own hold, not a meeting the user set up: the next read-back leaves it open.
        var holds = harness.Suggestions().Where(s => s.Kind == SuggestionKind.Hold).ToList();
        Assert.All(holds, h => Assert.True(harness.Interactions(h.MailboxId).Single(i => i.GraphId == h.GraphId).Item.IsOwnHold));
        await harness.RunCycleAsync(Ct);
        Assert.All(harness.Suggestions().Where(s => s.Kind == SuggestionKind.Hold), h => Assert.Equal(SuggestionState.Open, h.State));
    }

    [Fact]
    public async Task Writer_TwoWorkersOnOneDatabase_WriteNoDuplicates()
    {
        await using var harness = await WorkerHarness.StartAsync(emulator: e => e.Latency = TimeSpan.FromMilliseconds(30));
        var second = await harness.AddWorkerAsync("worker-2");

        for (var cycle = 0; cycle < 2; cycle++)
        {
            await Task.WhenAll(harness.RunCycleAsync(Ct), second.GetRequiredService<CyclePipeline>().RunOnceAsync(Ct));
        }

        await AssertOneOutlookItemPerSuggestionAsync(harness);
    }

    [Fact]
    public async Task ReadBack_UserAnswersTheirTasks_CompletedTouches_DeletedSnoozes_StepMutes_MovedDueIsKept()
    {
        // No holds this week: the overdue colleague becomes a fourth task.
        await using var harness = await WorkerHarness.StartAsync(settings: s => s["GraphNetworker:Engine:WeeklyHoldBudget"] = "0");
        await harness.RunCycleAsync(Ct);
        using var db = harness.Db();
        var tasks = harness.Suggestions().Where(s => s.Kind == SuggestionKind.Task).OrderBy(s => s.MailboxId).ThenBy(s => s.Id).ToList();
        Assert.True(tasks.Count >= 4, $"only {tasks.Count} tasks were written");
        var (completed, deleted, muted, moved) = (tasks[0], tasks[1], tasks[2], tasks[3]);
        var graph = Graph(harness);

        await graph.Users[completed.MailboxId].Todo.Lists[completed.Value.GraphListId].Tasks[completed.GraphId].PatchAsync(
            new TodoTask { Status = Microsoft.Graph.Models.TaskStatus.Completed }, cancellationToken: Ct);
        await graph.Users[deleted.MailboxId].Todo.Lists[deleted.Value.GraphListId].Tasks[deleted.GraphId].DeleteAsync(cancellationToken: Ct);
        var step = (await graph.Users[muted.MailboxId].Todo.Lists[muted.Value.GraphListId].Tasks[muted.GraphId].ChecklistItems.GetAsync(cancellationToken: Ct))!.Value!.Single();
        await graph.Users[muted.MailboxId].Todo.Lists[muted.Value.GraphListId].Tasks[muted.GraphId].ChecklistItems[step.Id].PatchAsync(new ChecklistItem { IsChecked = true }, cancellationToken: Ct);
        var newDue = harness.Time.GetUtcNow().AddDays(40);
        await graph.Users[moved.MailboxId].Todo.Lists[moved.Value.GraphListId].Tasks[moved.GraphId].PatchAsync(
            new TodoTask { DueDateTime = new DateTimeTimeZone { DateTime = newDue.ToString("yyyy-MM-dd'T'00:00:00"), TimeZone = "UTC" } }, cancellationToken: Ct);

        await harness.RunCycleAsync(Ct);

        using var after = harness.Db();
        var states = harness.Suggestions().ToDictionary(s => s.Id);
        Assert.Equal(SuggestionState.Completed, states[completed.Id].State);
        Assert.Equal(SuggestionState.Dismissed, states[deleted.Id].State);
        Assert.Equal(SuggestionState.NotARelationship, states[muted.Id].State);
        Assert.Equal(SuggestionState.Open, states[moved.Id].State);
        Assert.Equal(newDue.UtcDateTime.Date, states[moved.Id].UserDueAt!.Value.Date);
        var relationships = harness.Relationships().ToList();
        Assert.Equal(RelationshipStatus.Ok, relationships.Single(r => r.MailboxId == completed.MailboxId && r.PersonKey == completed.PersonKey).Status);
        Assert.Equal(RelationshipStatus.Snoozed, relationships.Single(r => r.MailboxId == deleted.MailboxId && r.PersonKey == deleted.PersonKey).Status);
        Assert.Equal(RelationshipStatus.Muted, relationships.Single(r => r.MailboxId == muted.MailboxId && r.PersonKey == muted.PersonKey).Status);
        Assert.DoesNotContain(harness.Suggestions().Where(s => s.State == SuggestionState.Pending || s.State == SuggestionState.Open).ToList(),
            s => s.Id != moved.Id && s.PersonKey == moved.PersonKey && s.MailboxId == moved.MailboxId);
    }

    [Fact]
    public async Task ReadBack_HoldDeletedSnoozes_HoldWithTheirInvitationCountsAsAMeeting_HoldPastUnusedExpires()
    {
        await using var harness = await WorkerHarness.StartAsync(settings: s => s["GraphNetworker:Engine:WeeklyHoldBudget"] = "3");
        await harness.RunCycleAsync(Ct);
        var graph = Graph(harness);
        using var db = harness.Db();
        var holds = harness.Suggestions().Where(s => s.Kind == SuggestionKind.Hold).ToList();
        Assert.NotEmpty(holds);
        var hold = holds[0];

        // Cycle 2 syncs the holds into the calendar view; the user then acts on them.
        await harness.RunCycleAsync(Ct);
        var address = (harness.Relationships().Single(r => r.MailboxId == hold.MailboxId && r.PersonKey == hold.PersonKey)).PersonKey;
        await graph.Users[hold.MailboxId].Events[hold.GraphId].PatchAsync(new Event
        {
            Attendees = [new Attendee { EmailAddress = new EmailAddress { Address = address }, Type = AttendeeType.Required }],
        }, cancellationToken: Ct);
        await harness.RunCycleAsync(Ct);
        await harness.RunCycleAsync(Ct);

        using var after = harness.Db();
        var state = harness.Suggestions().Single(s => s.Id == hold.Id);
        Assert.Equal(SuggestionState.Completed, state.State);
        var relationship = harness.Relationships().Single(r => r.MailboxId == hold.MailboxId && r.PersonKey == hold.PersonKey);
        Assert.Equal(hold.HoldStart, relationship.Value.NextMeeting);
    }

    [Fact]
    public async Task ReadBack_HoldDeleted_SnoozesThePerson()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.RunCycleAsync(Ct);
        await harness.RunCycleAsync(Ct);
        using var db = harness.Db();
        var hold = harness.Suggestions().First(s => s.Kind == SuggestionKind.Hold);

        await Graph(harness).Users[hold.MailboxId].Events[hold.GraphId].DeleteAsync(cancellationToken: Ct);
        await harness.RunCycleAsync(Ct);
        await harness.RunCycleAsync(Ct);

        using var after = harness.Db();
        Assert.Equal(SuggestionState.Dismissed, (harness.Suggestions().Single(s => s.Id == hold.Id)).State);
        Assert.Equal(RelationshipStatus.Snoozed, (harness.Relationships().Single(r => r.MailboxId == hold.MailboxId && r.PersonKey == hold.PersonKey)).Status);
    }

    [Fact]
    public async Task ReadBack_HoldPassedUnused_IsRecordedAndNotRecreatedThatWeek()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.RunCycleAsync(Ct);
        await harness.RunCycleAsync(Ct);
        using var db = harness.Db();
        var hold = harness.Suggestions().First(s => s.Kind == SuggestionKind.Hold);
        var past = harness.Time.GetUtcNow().AddHours(-2);

        await Graph(harness).Users[hold.MailboxId].Events[hold.GraphId].PatchAsync(new Event
        {
            Start = new DateTimeTimeZone { DateTime = past.ToString("yyyy-MM-dd'T'HH:mm:ss"), TimeZone = "UTC" },
            End = new DateTimeTimeZone { DateTime = past.AddMinutes(30).ToString("yyyy-MM-dd'T'HH:mm:ss"), TimeZone = "UTC" },
        }, cancellationToken: Ct);
        await harness.RunCycleAsync(Ct);
        await harness.RunCycleAsync(Ct);

        using var after = harness.Db();
        Assert.Equal(SuggestionState.Expired, (harness.Suggestions().Single(s => s.Id == hold.Id)).State);
        Assert.DoesNotContain(harness.Suggestions().Where(s => s.Id != hold.Id && s.Kind == SuggestionKind.Hold).ToList(),
            s => s.MailboxId == hold.MailboxId && s.PersonKey == hold.PersonKey);
    }

    [Fact]
    public async Task Writer_UserDeletedTheList_ANewOneIsMadeAndUsed()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.RunCycleAsync(Ct);
        using var db = harness.Db();
        var mailbox = await db.Mailboxes.AsNoTracking().FirstAsync(m => m.TodoListId != null, Ct);
        await Graph(harness).Users[mailbox.Id].Todo.Lists[mailbox.TodoListId].DeleteAsync(cancellationToken: Ct);

        await harness.RunCycleAsync(Ct);

        using var after = harness.Db();
        var list = (await after.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == mailbox.Id, Ct)).TodoListId;
        Assert.NotEqual(mailbox.TodoListId, list);
        Assert.NotNull(list);
    }

    [Fact]
    public async Task RemoveAll_DeletesTheListAndOpenHolds_KeepsAHoldTurnedIntoAMeeting_AndOneTheUserDeletedIsNoError()
    {
        await using var harness = await WorkerHarness.StartAsync();
        await harness.RunCycleAsync(Ct);
        var graph = Graph(harness);
        using var db = harness.Db();
        var holds = harness.Suggestions().Where(s => s.Kind == SuggestionKind.Hold).OrderBy(s => s.MailboxId).ToList();
        Assert.True(holds.Count >= 3, "one hold per mailbox in the synthetic tenant");
        var meeting = holds[0];
        var deletedByUser = holds[1];
        // The user invited someone to the first hold (it became their meeting, and read-back said so).
        await graph.Users[meeting.MailboxId].Events[meeting.GraphId].PatchAsync(new Microsoft.Graph.Models.Event
        {
            Attendees = [new Microsoft.Graph.Models.Attendee { EmailAddress = new Microsoft.Graph.Models.EmailAddress { Address = "lee@fabrikam.com", Name = "Lee" }, Type = Microsoft.Graph.Models.AttendeeType.Required }],
        }, cancellationToken: Ct);
        await db.Suggestions.Where(s => s.Id == meeting.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.State, SuggestionState.Completed), Ct);
        await graph.Users[deletedByUser.MailboxId].Events[deletedByUser.GraphId].DeleteAsync(cancellationToken: Ct);

        var removed = 0;
        foreach (var mailbox in await db.Mailboxes.AsNoTracking().ToListAsync(Ct))
        {
            removed += await harness.Get<OutlookWriter>().RemoveAllAsync(MailboxRepository.ProfileOf(mailbox), Ct);
            var lists = await graph.Users[mailbox.Id].Todo.Lists.GetAsync(cancellationToken: Ct);
            Assert.DoesNotContain(lists!.Value!, l => l.DisplayName == "Keep in touch");
        }

        Assert.Equal(holds.Count - 1, removed);
        Assert.NotNull(await graph.Users[meeting.MailboxId].Events[meeting.GraphId].GetAsync(cancellationToken: Ct));
        foreach (var hold in holds.Skip(1))
        {
            var gone = await Assert.ThrowsAsync<Microsoft.Graph.Models.ODataErrors.ODataError>(() => graph.Users[hold.MailboxId].Events[hold.GraphId].GetAsync(cancellationToken: Ct));
            Assert.Equal(404, gone.ResponseStatusCode);
        }
    }

    private static GraphServiceClient Graph(WorkerHarness harness) => harness.Get<GraphServiceClient>();

    private static async Task AssertOneOutlookItemPerSuggestionAsync(WorkerHarness harness)
    {
        using var db = harness.Db();
        foreach (var mailbox in await db.Mailboxes.AsNoTracking().Where(m => m.TodoListId != null).ToListAsync(Ct))
        {
            var suggestions = harness.Suggestions().Where(s => s.MailboxId == mailbox.Id).ToList();
            var tasks = harness.Emulator.Control.Tasks(mailbox.UserPrincipalName, mailbox.TodoListId!);
            var taskIds = tasks.Select(t => t["linkedResources"]?.AsArray().FirstOrDefault()?["externalId"]?.GetValue<string>()).ToList();
            Assert.Equal(taskIds.Count, taskIds.Distinct().Count());
            Assert.Equal(suggestions.Count(s => s.Kind == SuggestionKind.Task), tasks.Count);
            var holds = harness.Emulator.Control.Events(mailbox.UserPrincipalName).Where(e => e["subject"]?.GetValue<string>().StartsWith("Coffee catch-up", StringComparison.Ordinal) == true).ToList();
            Assert.Equal(suggestions.Count(s => s.Kind == SuggestionKind.Hold), holds.Count);
        }
    }

    /// <summary>A Graph date-time in its own time zone, as UTC, independently of the worker's conversion.</summary>
    private static DateTime UtcOf(DateTimeTimeZone? value) =>
        TimeZoneInfo.ConvertTimeToUtc(
            DateTime.Parse(value!.DateTime!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None),
            TimeZoneInfo.FindSystemTimeZoneById(value.TimeZone!));
}
