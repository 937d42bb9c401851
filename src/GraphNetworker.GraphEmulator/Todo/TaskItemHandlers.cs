using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Todo;

/// <summary>
/// The items stored inside a task: <c>linkedResources</c> and <c>checklistItems</c> (list, create, get,
/// update, delete). Changing one changes its task, so the task shows up in the next task delta.
/// </summary>
internal static class TaskItemHandlers
{
    private const string Task = "users/{u}/todo/lists/{l}/tasks/{t}/";

    public static void Register(RouteTable routes)
    {
        foreach (var (property, type) in new[] { ("linkedResources", "linkedResource"), ("checklistItems", "checklistItem") })
        {
            routes.Add("GET", Task + property, RouteScope.Todo, Permissions.TasksRead, c => List(c, property))
                .Add("POST", Task + property, RouteScope.Todo, Permissions.TasksWrite, c => Create(c, property, type))
                .Add("GET", Task + property + "/{i}", RouteScope.Todo, Permissions.TasksRead, c => Get(c, property))
                .Add("PATCH", Task + property + "/{i}", RouteScope.Todo, Permissions.TasksWrite, c => Update(c, property))
                .Add("DELETE", Task + property + "/{i}", RouteScope.Todo, Permissions.TasksWrite, c => Delete(c, property));
        }
    }

    private static string ItemsContext(GraphContext context, string property) =>
        TodoTaskHandlers.TasksContext(context)[..^"tasks".Length] + "tasks('" + context.Value("t") + "')/" + property;

    private static ValueTask<GraphResponse> List(GraphContext context, string property)
    {
        var mailbox = context.RequireMailbox();
        JsonNode[] items;
        lock (mailbox.Gate)
        {
            var task = TodoStore.GetTask(mailbox, context.Value("l"), context.Value("t"));
            items = (task.Data[property] as JsonArray ?? []).Select(i => i!.DeepClone()).ToArray();
        }

        return ValueTask.FromResult(ODataResponses.Collection(ItemsContext(context, property), items));
    }

    private static ValueTask<GraphResponse> Create(GraphContext context, string property, string type)
    {
        var body = ItemStamps.StripAnnotations(context.Request.ReadJsonObject());
        var id = TodoStore.NewSubId(context.State);
        var item = new JsonObject { ["id"] = id };
        foreach (var (k, v) in body)
        {
            item[k] = v?.DeepClone();
        }

        if (type == "checklistItem")
        {
            item.SetDefault("isChecked", false);
            item.SetDefault("createdDateTime", GraphTime.UtcPrecise(context.Now));
        }

        TodoStore.UpdateTask(context.State, context.RequireMailbox(), context.Value("l"), context.Value("t"), data =>
        {
            var items = data[property] as JsonArray ?? [];
            items.Add(item.DeepClone());
            data[property] = items;
            return data;
        });
        var result = new JsonObject { ["@odata.context"] = ItemsContext(context, property) + "/$entity" };
        foreach (var (k, v) in item)
        {
            result[k] = v?.DeepClone();
        }

        return ValueTask.FromResult(GraphResponse.Created(result));
    }

    private static ValueTask<GraphResponse> Get(GraphContext context, string property)
    {
        var mailbox = context.RequireMailbox();
        JsonObject item;
        lock (mailbox.Gate)
        {
            var task = TodoStore.GetTask(mailbox, context.Value("l"), context.Value("t"));
            item = Find(task.Data, property, context.Value("i")).CloneObject();
        }

        return ValueTask.FromResult(GraphResponse.Ok(ODataResponses.Entity(ItemsContext(context, property) + "/$entity", item)));
    }

    private static ValueTask<GraphResponse> Update(GraphContext context, string property)
    {
        var patch = ItemStamps.StripAnnotations(context.Request.ReadJsonObject());
        JsonObject? updated = null;
        TodoStore.UpdateTask(context.State, context.RequireMailbox(), context.Value("l"), context.Value("t"), data =>
        {
            var item = Find(data, property, context.Value("i"));
            foreach (var (k, v) in patch)
            {
                item[k] = v?.DeepClone();
            }

            if (property == "checklistItems" && patch.GetBool("isChecked") == true && !patch.ContainsKey("checkedDateTime"))
            {
                item["checkedDateTime"] = GraphTime.UtcPrecise(context.Now);
            }

            updated = item.CloneObject();
            return data;
        });
        return ValueTask.FromResult(GraphResponse.Ok(ODataResponses.Entity(ItemsContext(context, property) + "/$entity", updated!)));
    }

    private static ValueTask<GraphResponse> Delete(GraphContext context, string property)
    {
        TodoStore.UpdateTask(context.State, context.RequireMailbox(), context.Value("l"), context.Value("t"), data =>
        {
            var items = data[property] as JsonArray ?? [];
            items.Remove(Find(data, property, context.Value("i")));
            return data;
        });
        return ValueTask.FromResult(GraphResponse.NoContent());
    }

    private static JsonObject Find(JsonObject task, string property, string id) =>
        (task[property] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(i => i.GetString("id") == id)
            ?? throw GraphErrors.ItemNotFound();
}
