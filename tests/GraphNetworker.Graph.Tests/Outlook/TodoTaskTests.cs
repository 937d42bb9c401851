using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Graph.Tests.Infrastructure;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace GraphNetworker.Graph.Tests.Outlook;

/// <summary>
/// To Do as it really behaves: steps are created by their own request (create-todoTask ignores them in its body), and
/// due dates come back in UTC whatever zone they were written in (docs/emulator.md, Fidelity).
/// </summary>
public sealed class TodoTaskTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Task_Written_HasItsNotARelationshipStep_CreatedByARequestOfItsOwn()
    {
        await using var graph = await GraphFixture.StartAsync();
        var (mailbox, suggestion) = await WriteTaskAsync(graph, "UTC");

        var written = graph.Ledger.Suggestions[suggestion.Id];
        var steps = await graph.Get<GraphServiceClient>().Users[mailbox.Id].Todo.Lists[written.GraphListId].Tasks[written.GraphId].ChecklistItems.GetAsync(cancellationToken: Ct);

        var step = Assert.Single(steps!.Value!);
        Assert.StartsWith(SuggestionText.NotARelationshipStep, step.DisplayName, StringComparison.Ordinal);
        Assert.Single(graph.Emulator.Control.Requests, r => r.Method == "POST" && r.Url.EndsWith("/checklistItems", StringComparison.Ordinal));
        Assert.Contains(graph.Ledger.Writes, w => w.Operation == OutlookOperation.CreateStep && w.Status == OutlookWriteStatus.Succeeded);
    }

    [Fact]
    public async Task Task_StepRequestFails_TheTaskIsFoundNextCycle_AndGetsItsStep_NeverTwoTasks()
    {
        await using var graph = await GraphFixture.StartAsync();
        var mailbox = graph.Mailbox();
        var now = graph.Clock.GetUtcNow();
        var suggestion = Suggestion.FromPlan(mailbox.Id, new SuggestionPlan("dana@fabrikam.com", "Dana Smith", SuggestionKind.Task, "It has been a while.", "note", "Write to Dana.", now.AddDays(2), 90), now);
        graph.Ledger.Add(suggestion);
        graph.Emulator.Control.AddFault(new GraphNetworker.GraphEmulator.FaultRule
        {
            Method = "POST", PathPattern = "/checklistItems$", Kind = GraphNetworker.GraphEmulator.FaultKind.Status, Status = 500, Code = "generalException", Count = 1,
        });

        await Assert.ThrowsAnyAsync<Exception>(() => graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).WritePendingAsync(Ct));
        Assert.Equal(SuggestionState.Pending, graph.Ledger.Suggestions[suggestion.Id].State);
        var second = await graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).WritePendingAsync(Ct);

        Assert.Equal(1, second.Found);
        var written = graph.Ledger.Suggestions[suggestion.Id];
        Assert.Equal(SuggestionState.Open, written.State);
        var tasks = await graph.Get<GraphServiceClient>().Users[mailbox.Id].Todo.Lists[written.GraphListId].Tasks.GetAsync(c => c.QueryParameters.Expand = ["checklistItems"], Ct);
        var task = Assert.Single(tasks!.Value!);
        Assert.Single(task.ChecklistItems!);
    }

    [Theory]
    [InlineData("UTC", "Utc")]
    [InlineData("Tokyo Standard Time", "Utc")]
    [InlineData("Tonga Standard Time", "Utc")]
    [InlineData("Pacific Standard Time", "Utc")]
    [InlineData("Hawaiian Standard Time", "Utc")]
    [InlineData("Tokyo Standard Time", "UtcDateOnly")]
    [InlineData("Tonga Standard Time", "UtcDateOnly")]
    [InlineData("Hawaiian Standard Time", "UtcDateOnly")]
    [InlineData("Tonga Standard Time", "AsWritten")]
    public async Task ReadBack_DueDateAnsweredInUtc_IsNotMistakenForTheUsersOwnDate(string zone, string answered)
    {
        await using var graph = await GraphFixture.StartAsync(emulator: o => o.Fidelity.TodoDateTimes = Enum.Parse<GraphNetworker.GraphEmulator.TodoDateTimes>(answered));
        var (mailbox, suggestion) = await WriteTaskAsync(graph, zone);

        await graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).ReadBackAsync(Ct);

        var read = graph.Ledger.Suggestions[suggestion.Id];
        Assert.Equal((SuggestionState.Open, (DateTimeOffset?)null), (read.State, read.UserDueAt));
    }

    [Theory]
    [InlineData("Tokyo Standard Time", "Utc")]
    [InlineData("Pacific Standard Time", "Utc")]
    [InlineData("Tokyo Standard Time", "UtcDateOnly")]
    [InlineData("Pacific Standard Time", "UtcDateOnly")]
    public async Task ReadBack_UserMovesTheDueDate_TheirDateIsKept(string zone, string answered)
    {
        await using var graph = await GraphFixture.StartAsync(emulator: o => o.Fidelity.TodoDateTimes = Enum.Parse<GraphNetworker.GraphEmulator.TodoDateTimes>(answered));
        var (mailbox, suggestion) = await WriteTaskAsync(graph, zone);
        var written = graph.Ledger.Suggestions[suggestion.Id];
        var info = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var moved = TimeZoneInfo.ConvertTime(suggestion.DueAt, info).Date.AddDays(7);
        await graph.Get<GraphServiceClient>().Users[mailbox.Id].Todo.Lists[written.GraphListId].Tasks[written.GraphId].PatchAsync(new TodoTask
        {
            DueDateTime = new DateTimeTimeZone { DateTime = moved.ToString("yyyy-MM-dd'T'00:00:00.0000000", System.Globalization.CultureInfo.InvariantCulture), TimeZone = zone },
        }, cancellationToken: Ct);

        await graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).ReadBackAsync(Ct);

        var read = graph.Ledger.Suggestions[suggestion.Id];
        Assert.NotNull(read.UserDueAt);
        Assert.Equal(moved, TimeZoneInfo.ConvertTime(read.UserDueAt!.Value, info).Date);
    }

    private static async Task<(MailboxProfile Mailbox, Suggestion Suggestion)> WriteTaskAsync(GraphFixture graph, string zone)
    {
        var mailbox = graph.Mailbox() with { TimeZone = zone };
        var now = graph.Clock.GetUtcNow();
        var suggestion = Suggestion.FromPlan(mailbox.Id, new SuggestionPlan("dana@fabrikam.com", "Dana Smith", SuggestionKind.Task, "It has been a while.", "note", "Write to Dana.", now.AddDays(2), 90), now);
        graph.Ledger.Add(suggestion);
        var result = await graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).WritePendingAsync(Ct);
        Assert.Equal(1, result.Tasks);
        return (mailbox, suggestion);
    }
}
