using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.Mail;
using GraphNetworker.GraphEmulator.Routing;
using GraphNetworker.GraphEmulator.Tenants;

namespace GraphNetworker.GraphEmulator.Todo;

/// <summary>To Do lists and tasks, with linkedResources and checklistItems stored inside their task.</summary>
internal static class TodoStore
{
    public static StoredItem CreateList(EmulatorState state, Mailbox mailbox, JsonObject body)
    {
        lock (mailbox.Gate)
        {
            var id = body.GetString("id") ?? state.Ids.Next(IdKind.TodoList);
            var data = ItemStamps.StripAnnotations(body.CloneObject());
            data.Remove("tasks");
            data.SetDefault("displayName", "Tasks");
            data["isOwner"] = true;
            data["isShared"] = false;
            data.SetDefault("wellknownListName", "none");
            var version = state.NextVersion();
            ItemStamps.EnsureStamps(data, id, state.Now);
            data["changeKey"] = ItemStamps.ChangeKey(id, version);
            var list = new StoredItem(id, id, JsonMaterializer.Materialize(data));
            mailbox.TodoLists.Add(list, version);
            mailbox.AddTaskList(id, new ItemCollection(mailbox.UserId + "/t/" + id, ListItemSource.Empty));
            return list;
        }
    }

    /// <summary>Seeds a list (with its tasks) from todo.json; tasks go into an existing list of the same id or name.</summary>
    public static void SeedList(EmulatorState state, Mailbox mailbox, JsonObject list)
    {
        string listId;
        lock (mailbox.Gate)
        {
            var existing = mailbox.TodoLists.LiveItems().Select(p => p.Item).FirstOrDefault(l =>
                l.Id == list.GetString("id") ||
                (list.GetString("wellknownListName") is "defaultList" && l.Data.GetString("wellknownListName") == "defaultList"));
            listId = existing?.Id ?? string.Empty;
        }

        if (listId.Length == 0)
        {
            listId = CreateList(state, mailbox, list).Id;
        }

        foreach (var task in (list["tasks"] as JsonArray ?? []).OfType<JsonObject>())
        {
            CreateTask(state, mailbox, listId, task, validate: false);
        }
    }

    public static StoredItem UpdateList(EmulatorState state, Mailbox mailbox, string listId, JsonObject patch)
    {
        lock (mailbox.Gate)
        {
            if (!mailbox.TodoLists.TryFind(listId, out var list, out var position))
            {
                throw GraphErrors.ItemNotFound();
            }

            var data = list.Data.CloneObject();
            if (patch.GetString("displayName") is { } name)
            {
                data["displayName"] = name;
            }

            var version = state.NextVersion();
            ItemStamps.Touch(data, list.Id, version, state.Now);
            var updated = list.With(JsonMaterializer.Materialize(data));
            mailbox.TodoLists.Replace(position, updated, version);
            return updated;
        }
    }

    public static void DeleteList(EmulatorState state, Mailbox mailbox, string listId)
    {
        lock (mailbox.Gate)
        {
            if (!mailbox.TodoLists.TryFind(listId, out _, out var position))
            {
                throw GraphErrors.ItemNotFound();
            }

            mailbox.TodoLists.Remove(position, state.NextVersion());
        }
    }

    public static StoredItem CreateTask(EmulatorState state, Mailbox mailbox, string listId, JsonObject body, bool validate = true)
    {
        if (validate)
        {
            TaskShape.Validate(body, creating: true);
        }

        lock (mailbox.Gate)
        {
            var tasks = Tasks(mailbox, listId);
            var id = (validate ? null : body.GetString("id")) ?? state.Ids.Next(IdKind.TodoTask);
            var data = ItemStamps.StripAnnotations(body.CloneObject());
            var now = GraphTime.UtcPrecise(state.Now);
            if (validate)
            {
                data["createdDateTime"] = now;
                data["lastModifiedDateTime"] = now;
            }

            data.SetDefault("createdDateTime", now);
            data.SetDefault("lastModifiedDateTime", now);
            TaskShape.AssignIds(data, "linkedResources", _ => NewSubId(state));
            TaskShape.AssignIds(data, "checklistItems", _ => NewSubId(state));
            foreach (var item in (data["checklistItems"] as JsonArray ?? []).OfType<JsonObject>())
            {
                item.SetDefault("isChecked", false);
                item.SetDefault("createdDateTime", now);
            }

            var version = state.NextVersion();
            data["changeKey"] = ItemStamps.ChangeKey(id, version);
            var task = new StoredItem(id, id, JsonMaterializer.Materialize(data));
            tasks.Add(task, version);
            return task;
        }
    }

    public static StoredItem UpdateTask(EmulatorState state, Mailbox mailbox, string listId, string taskId, Func<JsonObject, JsonObject> change)
    {
        lock (mailbox.Gate)
        {
            var tasks = Tasks(mailbox, listId);
            if (!tasks.TryFind(taskId, out var task, out var position))
            {
                throw GraphErrors.ItemNotFound();
            }

            var data = change(task.Data.CloneObject());
            var version = state.NextVersion();
            ItemStamps.Touch(data, task.Id, version, state.Now);
            var updated = task.With(JsonMaterializer.Materialize(data));
            tasks.Replace(position, updated, version);
            return updated;
        }
    }

    public static void DeleteTask(EmulatorState state, Mailbox mailbox, string listId, string taskId)
    {
        lock (mailbox.Gate)
        {
            var tasks = Tasks(mailbox, listId);
            if (!tasks.TryFind(taskId, out _, out var position))
            {
                throw GraphErrors.ItemNotFound();
            }

            tasks.Remove(position, state.NextVersion());
        }
    }

    public static StoredItem GetTask(Mailbox mailbox, string listId, string taskId)
    {
        var tasks = Tasks(mailbox, listId);
        return tasks.TryFind(taskId, out var task, out _) ? task : throw GraphErrors.ItemNotFound();
    }

    /// <summary>The task collection of a list; 404 when the list does not exist.</summary>
    public static ItemCollection Tasks(Mailbox mailbox, string listId) =>
        mailbox.TodoLists.TryFind(listId, out var list, out _) && mailbox.TasksIn(list.Id) is { } tasks
            ? tasks
            : throw GraphErrors.ItemNotFound();

    public static string NewSubId(EmulatorState state) =>
        DirectoryLoader.StableGuid(state.Ids.Next(IdKind.LinkedResource));
}
