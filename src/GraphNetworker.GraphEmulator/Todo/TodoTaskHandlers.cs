using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.Mail;
using GraphNetworker.GraphEmulator.OData;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Todo;

/// <summary>To Do tasks: list (<c>$filter</c>, <c>$expand</c>), create (one linkedResource at most), get, update, delete, delta.</summary>
internal static class TodoTaskHandlers
{
    private const string Tasks = "users/{u}/todo/lists/{l}/tasks";

    public static void Register(RouteTable routes)
    {
        routes.Add("GET", Tasks, RouteScope.Todo, Permissions.TasksRead, List)
            .Add("POST", Tasks, RouteScope.Todo, Permissions.TasksWrite, Create)
            .Add("GET", Tasks + "/delta", RouteScope.Todo, Permissions.TasksRead, Delta)
            .Add("GET", Tasks + "/{t}", RouteScope.Todo, Permissions.TasksRead, Get)
            .Add("PATCH", Tasks + "/{t}", RouteScope.Todo, Permissions.TasksWrite, Update)
            .Add("DELETE", Tasks + "/{t}", RouteScope.Todo, Permissions.TasksWrite, Delete);
    }

    public static string TasksContext(GraphContext context) =>
        context.Context("users('" + context.UserKey + "')/todo/lists('" + context.Value("l") + "')/tasks");

    private static ValueTask<GraphResponse> List(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        var filter = context.OutlookFilter();

        List<JsonNode> tasks;
        lock (mailbox.Gate)
        {
            tasks = TodoStore.Tasks(mailbox, context.Value("l")).LiveItems()
                .Where(p => filter is null || FilterEvaluator.Outlook.Matches(filter, p.Item.Data))
                .Select(p => (JsonNode)TaskShape.Render(context, p.Item, forDelta: false))
                .ToList();
        }

        var pageSize = Math.Min(context.Query.Top ?? context.PageSize(), 1000);
        return ValueTask.FromResult(ODataResponses.Paged(context, TasksContext(context), tasks, pageSize, context.BaseUrl + context.Request.Path));
    }

    private static ValueTask<GraphResponse> Create(GraphContext context)
    {
        var body = context.Request.ReadJsonObject();
        body.Remove("id");
        InlineChecklist(context, body);
        var mailbox = context.RequireMailbox();
        var task = TodoStore.CreateTask(context.State, mailbox, context.Value("l"), body);
        JsonObject rendered;
        lock (mailbox.Gate)
        {
            rendered = TaskShape.Render(context, task, forDelta: false);
            if (task.Data["checklistItems"] is JsonArray { Count: > 0 } checklist)
            {
                rendered["checklistItems"] = checklist.DeepClone();
            }
        }

        return ValueTask.FromResult(GraphResponse.Created(ODataResponses.Entity(TasksContext(context) + "/$entity", rendered)));
    }

    /// <summary>The create-todoTask page documents no inline <c>checklistItems</c>; the setting says what they do.</summary>
    private static void InlineChecklist(GraphContext context, JsonObject body)
    {
        if (body["checklistItems"] is null)
        {
            return;
        }

        switch (context.Settings.Fidelity.InlineChecklistItems)
        {
            case InlineChecklistItems.Ignored:
                body.Remove("checklistItems");
                break;
            case InlineChecklistItems.Rejected400:
                throw new GraphException(400, "invalidRequest", "The property 'checklistItems' can't be set when creating a task; add checklist items with POST .../checklistItems.");
        }
    }

    private static ValueTask<GraphResponse> Get(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        JsonObject rendered;
        lock (mailbox.Gate)
        {
            rendered = TaskShape.Render(context, TodoStore.GetTask(mailbox, context.Value("l"), context.Value("t")), forDelta: false);
        }

        return ValueTask.FromResult(GraphResponse.Ok(ODataResponses.Entity(TasksContext(context) + "/$entity", rendered)));
    }

    private static ValueTask<GraphResponse> Update(GraphContext context)
    {
        var patch = context.Request.ReadJsonObject();
        TaskShape.Validate(patch, creating: false);
        patch.Remove("id");
        var mailbox = context.RequireMailbox();
        var task = TodoStore.UpdateTask(context.State, mailbox, context.Value("l"), context.Value("t"), data =>
        {
            foreach (var (key, value) in patch)
            {
                if (key is "linkedResources" or "checklistItems" or "createdDateTime")
                {
                    continue;
                }

                data[key] = value?.DeepClone();
            }

            if (Core.JsonExtensions.GetString(patch, "status") == "completed" && !patch.ContainsKey("completedDateTime"))
            {
                data["completedDateTime"] = Core.GraphTime.ToDateTimeTimeZone(context.Now, null);
            }

            return data;
        });
        JsonObject rendered;
        lock (mailbox.Gate)
        {
            rendered = TaskShape.Render(context, task, forDelta: false);
        }

        return ValueTask.FromResult(GraphResponse.Ok(ODataResponses.Entity(TasksContext(context) + "/$entity", rendered)));
    }

    private static ValueTask<GraphResponse> Delete(GraphContext context)
    {
        TodoStore.DeleteTask(context.State, context.RequireMailbox(), context.Value("l"), context.Value("t"));
        return ValueTask.FromResult(GraphResponse.NoContent());
    }

    private static ValueTask<GraphResponse> Delta(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        DeltaPage page;
        string linkBase;
        lock (mailbox.Gate)
        {
            var tasks = TodoStore.Tasks(mailbox, context.Value("l"));
            linkBase = context.UserLink + "/todo/lists('" + context.Value("l") + "')/tasks/delta";
            var token = DeltaTokens.Read(context, tasks, linkBase)
                ?? DeltaTokens.Initial(context, tasks, new DeltaQuery { Select = context.Query.Select, Top = context.Query.Top, Expand = context.Query.Expand });
            var select = token.Query.Select?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            page = FlatDeltaEngine.NextPage(new FlatDeltaRequest
            {
                Collection = tasks,
                Token = token,
                PageSize = context.PageSize(),
                Render = t => Projection.Select(TaskShape.Render(context, t, forDelta: true), select, "id"),
                RenderRemoved = t => TaskShape.Removed("#microsoft.graph.todoTask", t.Id),
                Cap = token.Query.Top ?? int.MaxValue,
                Modes = new DeltaModes(context.Settings.Delta.ReplayItems, context.Settings.Delta.EmptyPages),
            });
        }

        return ValueTask.FromResult(MailFolderHandlers.DeltaResponse(context, page, linkBase, "Collection(todoTask)"));
    }
}
