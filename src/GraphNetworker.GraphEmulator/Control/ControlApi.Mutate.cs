using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;

namespace GraphNetworker.GraphEmulator.Control;

/// <summary>
/// <c>POST /_emulator/mutate</c>: one operation or an array of them, e.g.
/// <c>{"op":"addMessage","user":"dana@contoso.com","folder":"inbox","item":{…}}</c>. Each result carries the id involved.
/// </summary>
internal sealed partial class ControlApi
{
    private JsonNode Mutate(ReadOnlyMemory<byte> body)
    {
        var node = ParseBody(body);
        var operations = node is JsonArray array ? array.OfType<JsonObject>().ToList() : [node as JsonObject ?? throw new ArgumentException("An operation object is expected.")];
        var results = new JsonArray();
        foreach (var op in operations)
        {
            results.Add(Apply(op));
        }

        return new JsonObject { ["results"] = results };
    }

    private JsonObject Apply(JsonObject op)
    {
        var name = op.GetString("op") ?? throw new ArgumentException("'op' is required.");
        string User() => op.GetString("user") ?? throw new ArgumentException($"'{name}' needs 'user'.");
        string Id() => op.GetString("id") ?? throw new ArgumentException($"'{name}' needs 'id'.");
        JsonObject Item() => op["item"] as JsonObject ?? op["patch"] as JsonObject ?? throw new ArgumentException($"'{name}' needs 'item' (or 'patch').");

        string? id = name switch
        {
            "addMessage" => _control.AddMessage(User(), op.GetString("folder") ?? "inbox", Item()),
            "updateMessage" => Run(() => _control.UpdateMessage(User(), Id(), Item()), Id()),
            "deleteMessage" => Run(() => _control.DeleteMessage(User(), Id()), Id()),
            "moveMessage" => _control.MoveMessage(User(), Id(), op.GetString("destination") ?? throw new ArgumentException("'moveMessage' needs 'destination'.")),
            "addFolder" => _control.AddFolder(User(), op.GetString("displayName") ?? throw new ArgumentException("'addFolder' needs 'displayName'."), op.GetString("parent")),
            "addEvent" => _control.AddEvent(User(), Item()),
            "updateEvent" => Run(() => _control.UpdateEvent(User(), Id(), Item()), Id()),
            "deleteEvent" => Run(() => _control.DeleteEvent(User(), Id()), Id()),
            "addTask" => _control.AddTask(User(), op.GetString("list") ?? "defaultList", Item()),
            "addUser" => _control.AddUser(Item(), op.GetBool("withMailbox") ?? true),
            "updateUser" => Run(() => _control.UpdateUser(User(), Item()), User()),
            "disableUser" => Run(() => _control.DisableUser(User()), User()),
            "deleteUser" => Run(() => _control.DeleteUser(User()), User()),
            "addGroup" => _control.AddGroup(Item()),
            "deleteFolder" => Run(() => _control.DeleteFolder(User(), op.GetString("folder") ?? throw new ArgumentException("'deleteFolder' needs 'folder'.")), op.GetString("folder")),
            "setMailboxCondition" => Run(() => _control.SetMailboxCondition(User(), Enum.Parse<MailboxCondition>(op.GetString("condition") ?? throw new ArgumentException("'setMailboxCondition' needs 'condition'."), ignoreCase: true)), User()),
            _ => throw new ArgumentException($"Unknown mutation '{name}'."),
        };
        return new JsonObject { ["op"] = name, ["id"] = id };
    }

    private static string? Run(Action action, string? id)
    {
        action();
        return id;
    }
}
