using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.OData;
using GraphNetworker.GraphEmulator.Routing;
using GraphNetworker.GraphEmulator.Tenants;

namespace GraphNetworker.GraphEmulator.Todo;

/// <summary>The todoTask and todoTaskList shapes: validation, defaults, sub-item ids and rendering.</summary>
internal static class TaskShape
{
    private static readonly string[] DateProperties = ["dueDateTime", "reminderDateTime", "startDateTime", "completedDateTime"];
    private static readonly string[] Importances = ["low", "normal", "high"];
    private static readonly string[] Statuses = ["notStarted", "inProgress", "completed", "waitingOnOthers", "deferred"];

    /// <summary>Gives loaded linkedResources and checklistItems ids when they have none.</summary>
    public static StoredItem Normalize(StoredItem task, ulong seed)
    {
        var data = task.Data.CloneObject();
        AssignIds(data, "linkedResources", i => SubId(seed, task.Id, "lr", i));
        AssignIds(data, "checklistItems", i => SubId(seed, task.Id, "ci", i));
        return task.With(JsonMaterializer.Materialize(data));
    }

    public static void Validate(JsonObject body, bool creating)
    {
        if (creating && body["linkedResources"] is JsonArray { Count: > 1 })
        {
            throw new GraphException(400, "invalidRequest", "Only one item in linkedResources is allowed.")
            {
                Inner = new Dictionary<string, string> { ["code"] = "InvalidModel" },
            };
        }

        foreach (var name in DateProperties)
        {
            if (body.ContainsKey(name) && body[name] is not null &&
                (body[name] is not JsonObject dt || dt.GetString("dateTime") is null || dt.GetString("timeZone") is null))
            {
                throw new GraphException(400, "invalidRequest", $"Invalid value for '{name}': a dateTimeTimeZone with dateTime and timeZone is required.");
            }
        }

        if (body.GetString("importance") is { } importance && !Importances.Contains(importance))
        {
            throw new GraphException(400, "invalidRequest", $"Invalid value '{importance}' for 'importance'.");
        }

        if (body.GetString("status") is { } status && !Statuses.Contains(status))
        {
            throw new GraphException(400, "invalidRequest", $"Invalid value '{status}' for 'status'.");
        }
    }

    public static JsonObject Render(GraphContext context, StoredItem task, bool forDelta)
    {
        var data = task.Data;
        var full = new JsonObject();
        if (forDelta)
        {
            full["@odata.type"] = "#microsoft.graph.todoTask";
        }

        full["@odata.etag"] = ItemStamps.ETag(data);
        full["importance"] = "normal";
        full["isReminderOn"] = false;
        full["status"] = "notStarted";
        full["title"] = string.Empty;
        full["createdDateTime"] = null;
        full["lastModifiedDateTime"] = null;
        full["hasAttachments"] = false;
        full["categories"] = new JsonArray();
        full["id"] = task.Id;
        full["body"] = new JsonObject { ["content"] = string.Empty, ["contentType"] = "text" };
        var expand = ExpandOption.Parse(context.Query.Expand).Select(e => e.Property).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in data)
        {
            if (key is "changeKey" or "checklistItems" or "singleValueExtendedProperties" or "extensions")
            {
                continue;
            }

            full[key] = value?.DeepClone();
        }

        ConvertDates(full, context.Settings.Fidelity.TodoDateTimes);
        if (data["linkedResources"] is JsonArray { Count: 0 } && !expand.Contains("linkedResources"))
        {
            full.Remove("linkedResources");
        }

        if (expand.Contains("linkedResources"))
        {
            full["linkedResources"] = data["linkedResources"]?.DeepClone() ?? new JsonArray();
        }

        if (expand.Contains("checklistItems"))
        {
            full["checklistItems"] = data["checklistItems"]?.DeepClone() ?? new JsonArray();
        }

        return Projection.Select(full, context.Query.SelectList(), "id");
    }

    /// <summary>The dateTimeTimeZone values To Do answers in UTC whatever zone was written (docs/emulator.md, "Fidelity").</summary>
    private static readonly string[] UtcDateProperties = ["dueDateTime", "completedDateTime"];

    private static void ConvertDates(JsonObject task, TodoDateTimes mode)
    {
        if (mode == TodoDateTimes.AsWritten)
        {
            return;
        }

        foreach (var name in UtcDateProperties)
        {
            if (GraphTime.TryReadDateTimeTimeZone(task[name], out var instant))
            {
                var utc = instant.ToUniversalTime();
                task[name] = GraphTime.ToDateTimeTimeZone(mode == TodoDateTimes.UtcDateOnly ? new DateTimeOffset(utc.Date, TimeSpan.Zero) : utc, null);
            }
        }
    }

    public static JsonObject RenderList(StoredItem list)
    {
        var result = new JsonObject { ["@odata.etag"] = ItemStamps.ETag(list.Data) };
        result["displayName"] = list.Data.GetString("displayName");
        result["isOwner"] = list.Data.GetBool("isOwner") ?? true;
        result["isShared"] = list.Data.GetBool("isShared") ?? false;
        result["wellknownListName"] = list.Data.GetString("wellknownListName") ?? "none";
        result["id"] = list.Id;
        return result;
    }

    public static JsonObject Removed(string type, string id) => new()
    {
        ["@odata.type"] = type,
        ["id"] = id,
        ["@removed"] = new JsonObject { ["reason"] = "deleted" },
    };

    public static void AssignIds(JsonObject data, string property, Func<int, string> id)
    {
        if (data[property] is not JsonArray items)
        {
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is JsonObject item && item.GetString("id") is null)
            {
                item["id"] = id(i);
            }
        }
    }

    private static string SubId(ulong seed, string taskId, string kind, int index) =>
        DirectoryLoader.StableGuid(seed.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + taskId + "/" + kind + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
