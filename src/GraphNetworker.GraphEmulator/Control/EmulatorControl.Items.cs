using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Calendar;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Tenants;
using GraphNetworker.GraphEmulator.Todo;

namespace GraphNetworker.GraphEmulator;

/// <summary>Calendar, To Do and directory changes made from outside Graph (an invitation arriving, a leaver).</summary>
public sealed partial class EmulatorControl
{
    /// <summary>Adds an event as given (single, series master with <c>recurrence</c>, or exception) and returns its id.</summary>
    public string AddEvent(string user, JsonObject ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return EventStore.AddStored(_state, MailboxOf(user), ev);
    }

    /// <summary>Updates an event (an occurrence id turns that occurrence into an exception).</summary>
    public void UpdateEvent(string user, string eventId, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        _ = EventStore.Update(_state, MailboxOf(user), eventId, patch);
    }

    /// <summary>Deletes an event, or cancels one occurrence of a series.</summary>
    public void DeleteEvent(string user, string eventId) => EventStore.Delete(_state, MailboxOf(user), eventId);

    /// <summary>Adds a To Do task to a list (id, or <c>defaultList</c> for the "Tasks" list) and returns its id.</summary>
    public string AddTask(string user, string list, JsonObject task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var mailbox = MailboxOf(user);
        string listId;
        lock (mailbox.Gate)
        {
            listId = list.Equals("defaultList", StringComparison.OrdinalIgnoreCase)
                ? mailbox.TodoLists.LiveItems().First(p => p.Item.Data.GetString("wellknownListName") == "defaultList").Item.Id
                : list;
        }

        return TodoStore.CreateTask(_state, mailbox, listId, task, validate: false).Id;
    }

    /// <summary>The tasks of a list as stored (tests use it to see what the worker created).</summary>
    public IReadOnlyList<JsonObject> Tasks(string user, string list)
    {
        var mailbox = MailboxOf(user);
        lock (mailbox.Gate)
        {
            var listId = list.Equals("defaultList", StringComparison.OrdinalIgnoreCase)
                ? mailbox.TodoLists.LiveItems().First(p => p.Item.Data.GetString("wellknownListName") == "defaultList").Item.Id
                : list;
            return TodoStore.Tasks(mailbox, listId).LiveItems().Select(p => WithId(p.Item.Id, p.Item.Data)).ToList();
        }
    }

    /// <summary>The events of a mailbox as stored (masters, single instances, exceptions).</summary>
    public IReadOnlyList<JsonObject> Events(string user)
    {
        var mailbox = MailboxOf(user);
        lock (mailbox.Gate)
        {
            return mailbox.Events.LiveItems().Select(p => WithId(p.Item.Id, p.Item.Data)).ToList();
        }
    }

    /// <summary>Adds a directory user (with a mailbox unless told otherwise) and returns its id.</summary>
    public string AddUser(JsonObject user, bool withMailbox = true)
    {
        ArgumentNullException.ThrowIfNull(user);
        return DirectoryLoader.AddUser(_state.Directory, user, withMailbox).Id;
    }

    /// <summary>Changes directory properties of a user (e.g. jobTitle, proxyAddresses).</summary>
    public void UpdateUser(string user, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var owner = UserOf(user);
        var data = owner.Data.CloneObject();
        foreach (var (key, value) in patch)
        {
            data[key] = value?.DeepClone();
        }

        _state.Directory.Update(owner, data);
    }

    /// <summary>A leaver: sets accountEnabled to false (the user still answers GET and keeps the mailbox).</summary>
    public void DisableUser(string user) => UpdateUser(user, new JsonObject { ["accountEnabled"] = false });

    /// <summary>Soft-deletes a user: GET answers 404; the user is listed under /directory/deletedItems.</summary>
    public void DeleteUser(string user) =>
        UpdateUser(user, new JsonObject { ["deletedDateTime"] = GraphTime.Utc(_state.Now), ["accountEnabled"] = false });

    /// <summary>Adds or replaces a group (members: user or group ids) and returns its id.</summary>
    public string AddGroup(JsonObject group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return DirectoryLoader.AddGroup(_state.Directory, group).Id;
    }

    private static JsonObject WithId(string id, JsonObject data)
    {
        var result = new JsonObject { ["id"] = id };
        foreach (var (k, v) in data)
        {
            result[k] = v?.DeepClone();
        }

        return result;
    }
}
