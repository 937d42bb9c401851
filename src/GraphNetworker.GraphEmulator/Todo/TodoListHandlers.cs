using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.Mail;
using GraphNetworker.GraphEmulator.OData;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Todo;

/// <summary>To Do lists: list, create (duplicate names allowed), get, rename, delete, and lists/delta.</summary>
internal static class TodoListHandlers
{
    public static void Register(RouteTable routes)
    {
        routes.Add("GET", "users/{u}/todo/lists", RouteScope.Todo, Permissions.TasksRead, List)
            .Add("POST", "users/{u}/todo/lists", RouteScope.Todo, Permissions.TasksWrite, Create)
            .Add("GET", "users/{u}/todo/lists/delta", RouteScope.Todo, Permissions.TasksRead, Delta)
            .Add("GET", "users/{u}/todo/lists/{l}", RouteScope.Todo, Permissions.TasksRead, Get)
            .Add("PATCH", "users/{u}/todo/lists/{l}", RouteScope.Todo, Permissions.TasksWrite, Update)
            .Add("DELETE", "users/{u}/todo/lists/{l}", RouteScope.Todo, Permissions.TasksWrite, Delete);
    }

    private static string ListsContext(GraphContext context) => context.Context("users('" + context.UserKey + "')/todo/lists");

    private static ValueTask<GraphResponse> List(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        List<JsonNode> lists;
        lock (mailbox.Gate)
        {
            lists = mailbox.TodoLists.LiveItems().Select(p => (JsonNode)Projection.Select(TaskShape.RenderList(p.Item), context.Query.SelectList(), "id")).ToList();
        }

        var pageSize = Math.Min(context.Query.Top ?? context.PageSize(100), 1000);
        return ValueTask.FromResult(ODataResponses.Paged(context, ListsContext(context), lists, pageSize, context.BaseUrl + context.Request.Path));
    }

    private static ValueTask<GraphResponse> Create(GraphContext context)
    {
        var body = context.Request.ReadJsonObject();
        if (string.IsNullOrWhiteSpace(Core.JsonExtensions.GetString(body, "displayName")))
        {
            throw new GraphException(400, "invalidRequest", "displayName is required.");
        }

        body.Remove("id");
        body.Remove("wellknownListName");
        var list = TodoStore.CreateList(context.State, context.RequireMailbox(), body);
        var rendered = TaskShape.RenderList(list);
        var result = new JsonObject { ["@odata.context"] = ListsContext(context) + "/$entity", ["@odata.type"] = "#microsoft.graph.todoTaskList" };
        foreach (var (k, v) in rendered)
        {
            result[k] = v?.DeepClone();
        }

        return ValueTask.FromResult(GraphResponse.Created(result));
    }

    private static ValueTask<GraphResponse> Get(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        JsonObject rendered;
        lock (mailbox.Gate)
        {
            rendered = mailbox.TodoLists.TryFind(context.Value("l"), out var list, out _)
                ? TaskShape.RenderList(list)
                : throw GraphErrors.ItemNotFound();
        }

        return ValueTask.FromResult(GraphResponse.Ok(ODataResponses.Entity(ListsContext(context) + "/$entity", rendered)));
    }

    private static ValueTask<GraphResponse> Update(GraphContext context)
    {
        var list = TodoStore.UpdateList(context.State, context.RequireMailbox(), context.Value("l"), context.Request.ReadJsonObject());
        return ValueTask.FromResult(GraphResponse.Ok(ODataResponses.Entity(ListsContext(context) + "/$entity", TaskShape.RenderList(list))));
    }

    private static ValueTask<GraphResponse> Delete(GraphContext context)
    {
        TodoStore.DeleteList(context.State, context.RequireMailbox(), context.Value("l"));
        return ValueTask.FromResult(GraphResponse.NoContent());
    }

    private static ValueTask<GraphResponse> Delta(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        var linkBase = context.UserLink + "/todo/lists/delta";
        DeltaPage page;
        lock (mailbox.Gate)
        {
            var token = DeltaTokens.Read(context, mailbox.TodoLists, linkBase)
                ?? DeltaTokens.Initial(context, mailbox.TodoLists, new DeltaQuery { Select = context.Query.Select });
            page = FlatDeltaEngine.NextPage(new FlatDeltaRequest
            {
                Collection = mailbox.TodoLists,
                Token = token,
                PageSize = context.PageSize(),
                Render = l => WithType(TaskShape.RenderList(l)),
                RenderRemoved = l => TaskShape.Removed("#microsoft.graph.todoTaskList", l.Id),
                Modes = new DeltaModes(context.Settings.Delta.ReplayItems, context.Settings.Delta.EmptyPages),
            });
        }

        return ValueTask.FromResult(MailFolderHandlers.DeltaResponse(context, page, linkBase, "Collection(todoTaskList)"));
    }

    private static JsonObject WithType(JsonObject list)
    {
        var result = new JsonObject { ["@odata.type"] = "#microsoft.graph.todoTaskList" };
        foreach (var (k, v) in list)
        {
            result[k] = v?.DeepClone();
        }

        return result;
    }
}
