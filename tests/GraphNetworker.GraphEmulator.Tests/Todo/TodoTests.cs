using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using TaskDelta = Microsoft.Graph.Users.Item.Todo.Lists.Item.Tasks.Delta;

namespace GraphNetworker.GraphEmulator.Tests.Todo;

public sealed class TodoTests
{
    private static TodoTask Reminder(string key) => new()
    {
        Title = "Reconnect with Lee",
        DueDateTime = new DateTimeTimeZone { DateTime = "2026-03-20T00:00:00", TimeZone = "UTC" },
        Categories = ["GraphNetworker"],
        LinkedResources = [new LinkedResource { ApplicationName = "GraphNetworker", DisplayName = "Lee Park", ExternalId = key, WebUrl = "https://example.invalid/p/" + key }],
        ChecklistItems = [new ChecklistItem { DisplayName = "Send a note" }, new ChecklistItem { DisplayName = "Book lunch" }],
    };

    [Fact]
    public async Task Lists_NewMailbox_HasDefaultTasksList()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var lists = await emulator.Graph().Users[TestTenants.Dana].Todo.Lists.GetAsync(cancellationToken: TestContext.Current.CancellationToken);

        var tasks = Assert.Single(lists!.Value!);
        Assert.Equal("Tasks", tasks.DisplayName);
        Assert.Equal(WellknownListName.DefaultList, tasks.WellknownListName);
    }

    [Fact]
    public async Task CreateList_DisplayName_Is201AndDuplicatesAllowed()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var lists = emulator.Graph().Users[TestTenants.Dana].Todo.Lists;

        var a = await lists.PostAsync(new TodoTaskList { DisplayName = "GraphNetworker" }, cancellationToken: TestContext.Current.CancellationToken);
        var b = await lists.PostAsync(new TodoTaskList { DisplayName = "GraphNetworker" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEqual(a!.Id, b!.Id);
        Assert.Equal(WellknownListName.None, a.WellknownListName);
        Assert.True(a.IsOwner);
        Assert.Equal(3, (await lists.GetAsync(cancellationToken: TestContext.Current.CancellationToken))!.Value!.Count);
    }

    [Fact]
    public async Task CreateTask_InlineChecklistCreatedMode_Is201WithDefaultsLinkAndChecklist()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Fidelity.InlineChecklistItems = InlineChecklistItems.Created);
        var graph = emulator.Graph();
        var list = await graph.Users[TestTenants.Dana].Todo.Lists.PostAsync(new TodoTaskList { DisplayName = "GraphNetworker" }, cancellationToken: TestContext.Current.CancellationToken);

        var task = await graph.Users[TestTenants.Dana].Todo.Lists[list!.Id].Tasks.PostAsync(Reminder("person-1"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Microsoft.Graph.Models.TaskStatus.NotStarted, task!.Status);
        Assert.Equal(Importance.Normal, task.Importance);
        Assert.False(task.IsReminderOn);
        Assert.Equal(BodyType.Text, task.Body!.ContentType);
        var linked = Assert.Single(task.LinkedResources!);
        Assert.Equal("person-1", linked.ExternalId);
        Assert.True(Guid.TryParse(linked.Id, out _));
        var checklist = await graph.Users[TestTenants.Dana].Todo.Lists[list.Id].Tasks[task.Id].ChecklistItems.GetAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["Book lunch", "Send a note"], checklist!.Value!.Select(c => c.DisplayName).Order());
        Assert.All(checklist.Value!, c => Assert.False(c.IsChecked));
    }

    [Fact]
    public async Task CreateTask_TwoLinkedResources_Is400InvalidRequestWithInvalidModel()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var listId = (await emulator.Graph().Users[TestTenants.Dana].Todo.Lists.GetAsync(cancellationToken: TestContext.Current.CancellationToken))!.Value![0].Id;
        var body = new JsonObject
        {
            ["title"] = "Two links",
            ["linkedResources"] = new JsonArray(new JsonObject { ["webUrl"] = "http://a" }, new JsonObject { ["webUrl"] = "http://b" }),
        };

        var (status, error, _) = await emulator.Http().SendJsonAsync(HttpMethod.Post, $"users/{TestTenants.Dana}/todo/lists/{listId}/tasks", body);

        Assert.Equal(400, status);
        Assert.Equal("invalidRequest", error!["error"].Str("code"));
        Assert.Equal("Only one item in linkedResources is allowed.", error["error"].Str("message"));
        Assert.Equal("InvalidModel", error["error"]!["innerError"].Str("code"));
    }

    [Fact]
    public async Task GetTasks_ExpandChecklistItems_IncludesThemOnlyWhenExpanded()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var graph = emulator.Graph();
        var tasks = graph.Users[TestTenants.Dana].Todo.Lists[(await graph.Users[TestTenants.Dana].Todo.Lists.GetAsync(cancellationToken: TestContext.Current.CancellationToken))!.Value![0].Id].Tasks;
        var task = await tasks.PostAsync(Reminder("p"), cancellationToken: TestContext.Current.CancellationToken);
        foreach (var step in new[] { "Send a note", "Book lunch" })
        {
            await tasks[task!.Id].ChecklistItems.PostAsync(new ChecklistItem { DisplayName = step }, cancellationToken: TestContext.Current.CancellationToken);
        }

        var plain = await tasks.GetAsync(cancellationToken: TestContext.Current.CancellationToken);
        var expanded = await tasks.GetAsync(c => c.QueryParameters.Expand = ["checklistItems"], TestContext.Current.CancellationToken);

        Assert.Null(plain!.Value![0].ChecklistItems);
        Assert.Equal(2, expanded!.Value![0].ChecklistItems!.Count);
    }

    [Fact]
    public async Task ListTasks_FilterOnLinkedResourceExternalId_FindsTheTask()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var graph = emulator.Graph();
        var listId = (await graph.Users[TestTenants.Dana].Todo.Lists.GetAsync(cancellationToken: TestContext.Current.CancellationToken))!.Value![0].Id;
        var tasks = graph.Users[TestTenants.Dana].Todo.Lists[listId].Tasks;
        await tasks.PostAsync(Reminder("a"), cancellationToken: TestContext.Current.CancellationToken);
        await tasks.PostAsync(Reminder("b"), cancellationToken: TestContext.Current.CancellationToken);

        var found = await tasks.GetAsync(c => c.QueryParameters.Filter = "linkedResources/any(l:l/externalId eq 'b')", TestContext.Current.CancellationToken);

        Assert.Equal("b", Assert.Single(found!.Value!).LinkedResources![0].ExternalId);
    }

    [Fact]
    public async Task TaskDelta_UpdateAndDelete_AppearInNextRound()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var graph = emulator.Graph();
        var listId = (await graph.Users[TestTenants.Dana].Todo.Lists.GetAsync(cancellationToken: TestContext.Current.CancellationToken))!.Value![0].Id!;
        var tasks = graph.Users[TestTenants.Dana].Todo.Lists[listId].Tasks;
        var a = await tasks.PostAsync(Reminder("a"), cancellationToken: TestContext.Current.CancellationToken);
        var b = await tasks.PostAsync(Reminder("b"), cancellationToken: TestContext.Current.CancellationToken);
        var first = await tasks.Delta.GetAsDeltaGetResponseAsync(cancellationToken: TestContext.Current.CancellationToken);

        await tasks[a!.Id].PatchAsync(new TodoTask { Status = Microsoft.Graph.Models.TaskStatus.Completed }, cancellationToken: TestContext.Current.CancellationToken);
        await tasks[b!.Id].DeleteAsync(cancellationToken: TestContext.Current.CancellationToken);
        var next = await new TaskDelta.DeltaRequestBuilder(first!.OdataDeltaLink!, graph.RequestAdapter).GetAsDeltaGetResponseAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, first.Value!.Count);
        Assert.Equal(2, next!.Value!.Count);
        Assert.Equal(Microsoft.Graph.Models.TaskStatus.Completed, next.Value.Single(t => t.Id == a.Id).Status);
        Assert.True(next.Value.Single(t => t.Id == b.Id).AdditionalData.ContainsKey("@removed"));
    }

    [Fact]
    public async Task LinkedResources_PostAndList_AndChecklistItemPatch()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var graph = emulator.Graph();
        var listId = (await graph.Users[TestTenants.Dana].Todo.Lists.GetAsync(cancellationToken: TestContext.Current.CancellationToken))!.Value![0].Id;
        var task = await graph.Users[TestTenants.Dana].Todo.Lists[listId].Tasks.PostAsync(new TodoTask { Title = "Plain" }, cancellationToken: TestContext.Current.CancellationToken);
        var taskBuilder = graph.Users[TestTenants.Dana].Todo.Lists[listId].Tasks[task!.Id];

        var link = await taskBuilder.LinkedResources.PostAsync(new LinkedResource { ExternalId = "k1", ApplicationName = "GraphNetworker" }, cancellationToken: TestContext.Current.CancellationToken);
        var item = await taskBuilder.ChecklistItems.PostAsync(new ChecklistItem { DisplayName = "Call" }, cancellationToken: TestContext.Current.CancellationToken);
        var checkedItem = await taskBuilder.ChecklistItems[item!.Id].PatchAsync(new ChecklistItem { IsChecked = true }, cancellationToken: TestContext.Current.CancellationToken);
        var links = await taskBuilder.LinkedResources.GetAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("k1", Assert.Single(links!.Value!).ExternalId);
        Assert.Equal(link!.Id, links.Value![0].Id);
        Assert.True(checkedItem!.IsChecked);
        Assert.NotNull(checkedItem.CheckedDateTime);
    }

    [Fact]
    public async Task Tasks_UnknownList_Is404()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var error = await Assert.ThrowsAsync<ODataError>(() => emulator.Graph().Users[TestTenants.Dana].Todo.Lists["AAMk-no-such-list="].Tasks.GetAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(404, error.ResponseStatusCode);
    }

    [Fact]
    public async Task CreateTask_ScopedTokenWithoutTasksRole_Is403()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o =>
            o.TokenRoles["mail-only"] = new TokenGrant { Roles = ["Mail.ReadBasic.All", "Tasks.Read.All"] });
        var listId = (await emulator.Graph("mail-only").Users[TestTenants.Dana].Todo.Lists.GetAsync(cancellationToken: TestContext.Current.CancellationToken))!.Value![0].Id;

        var error = await Assert.ThrowsAsync<ODataError>(() => emulator.Graph("mail-only").Users[TestTenants.Dana].Todo.Lists[listId].Tasks.PostAsync(new TodoTask { Title = "x" }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(403, error.ResponseStatusCode);
        Assert.Equal("ErrorAccessDenied", error.Error!.Code);
    }

    [Fact]
    public async Task CreateTask_InlineChecklistByDefault_IsCreatedWithoutTheItems()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var tasks = emulator.Graph().Users[TestTenants.Dana].Todo.Lists[await DefaultListAsync(emulator)].Tasks;

        var task = await tasks.PostAsync(Reminder("p"), cancellationToken: TestContext.Current.CancellationToken);

        var checklist = await tasks[task!.Id].ChecklistItems.GetAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(checklist!.Value!);
        Assert.Equal("p", Assert.Single(task.LinkedResources!).ExternalId);
    }

    [Fact]
    public async Task CreateTask_InlineChecklistRejectedMode_Is400AndCreatesNothing()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Fidelity.InlineChecklistItems = InlineChecklistItems.Rejected400);
        var tasks = emulator.Graph().Users[TestTenants.Dana].Todo.Lists[await DefaultListAsync(emulator)].Tasks;

        var error = await Assert.ThrowsAsync<ODataError>(() => tasks.PostAsync(Reminder("p"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal("invalidRequest", error.Error!.Code);
        Assert.Empty((await tasks.GetAsync(cancellationToken: TestContext.Current.CancellationToken))!.Value!);
    }

    [Theory]
    [InlineData(TodoDateTimes.Utc, "2026-03-19T23:00:00.0000000", "UTC")]
    [InlineData(TodoDateTimes.UtcDateOnly, "2026-03-19T00:00:00.0000000", "UTC")]
    [InlineData(TodoDateTimes.AsWritten, "2026-03-20T00:00:00.0000000", "W. Europe Standard Time")]
    public async Task GetTask_DueDateWrittenInEuropeanZone_ComesBackAsTheModeSays(TodoDateTimes mode, string dateTime, string timeZone)
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Fidelity.TodoDateTimes = mode);
        var tasks = emulator.Graph().Users[TestTenants.Dana].Todo.Lists[await DefaultListAsync(emulator)].Tasks;
        var created = await tasks.PostAsync(new TodoTask
        {
            Title = "Due in Europe",
            DueDateTime = new DateTimeTimeZone { DateTime = "2026-03-20T00:00:00.0000000", TimeZone = "W. Europe Standard Time" },
            ReminderDateTime = new DateTimeTimeZone { DateTime = "2026-03-20T09:00:00.0000000", TimeZone = "W. Europe Standard Time" },
        }, cancellationToken: TestContext.Current.CancellationToken);

        var read = await tasks[created!.Id].GetAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((dateTime, timeZone), (read!.DueDateTime!.DateTime, read.DueDateTime.TimeZone));
        Assert.Equal((created.DueDateTime!.DateTime, created.DueDateTime.TimeZone), (dateTime, timeZone));
        Assert.Equal("W. Europe Standard Time", read.ReminderDateTime!.TimeZone);
    }

    [Fact]
    public async Task CompleteTask_ByDefault_CompletedDateTimeIsUtc()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var tasks = emulator.Graph().Users[TestTenants.Dana].Todo.Lists[await DefaultListAsync(emulator)].Tasks;
        var created = await tasks.PostAsync(new TodoTask { Title = "Finish" }, cancellationToken: TestContext.Current.CancellationToken);

        var done = await tasks[created!.Id].PatchAsync(new TodoTask
        {
            Status = Microsoft.Graph.Models.TaskStatus.Completed,
            CompletedDateTime = new DateTimeTimeZone { DateTime = "2026-03-02T18:30:00", TimeZone = "Pacific Standard Time" },
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(("2026-03-03T02:30:00.0000000", "UTC"), (done!.CompletedDateTime!.DateTime, done.CompletedDateTime.TimeZone));
    }

    private static async Task<string> DefaultListAsync(TestEmulator emulator) =>
        (await emulator.Graph().Users[TestTenants.Dana].Todo.Lists.GetAsync(cancellationToken: TestContext.Current.CancellationToken))!.Value![0].Id!;
}
