using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;

namespace GraphNetworker.GraphEmulator.Teams;

/// <summary>
/// The tenant's Teams data, kept in Graph's own shapes: chats (with their members and the preview of the last
/// message inline) and call records (with <c>participants_v2</c> inline). A chat is shared by its members, so it
/// lives at tenant level, not in a mailbox. As Microsoft documents, <c>lastUpdatedDateTime</c> moves when a chat is
/// renamed or its members change, never when someone writes in it: a new message only replaces the preview.
/// </summary>
internal sealed class TeamsStore
{
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _chats = [];
    private readonly List<JsonObject> _callRecords = [];

    /// <summary>Loads the <c>teams</c> object of a snapshot's tenant.json (<c>{"chats":[…],"callRecords":[…]}</c>).</summary>
    public TeamsStore(JsonObject? teams = null)
    {
        foreach (var chat in (teams?["chats"] as JsonArray ?? []).OfType<JsonObject>())
        {
            _chats.Add(chat.CloneObject());
        }

        foreach (var record in (teams?["callRecords"] as JsonArray ?? []).OfType<JsonObject>())
        {
            _callRecords.Add(record.CloneObject());
        }
    }

    public int ChatCount
    {
        get
        {
            lock (_gate)
            {
                return _chats.Count;
            }
        }
    }

    /// <summary>The chats <paramref name="userId"/> is a member of, as copies.</summary>
    public List<JsonObject> ChatsOf(string userId)
    {
        lock (_gate)
        {
            return [.. _chats.Where(c => IsMember(c, userId)).Select(c => c.CloneObject())];
        }
    }

    public JsonObject? Chat(string chatId)
    {
        lock (_gate)
        {
            return _chats.FirstOrDefault(c => c.GetString("id") == chatId)?.CloneObject();
        }
    }

    public List<JsonObject> CallRecords()
    {
        lock (_gate)
        {
            return [.. _callRecords.Select(c => c.CloneObject())];
        }
    }

    public JsonObject? CallRecord(string id)
    {
        lock (_gate)
        {
            return _callRecords.FirstOrDefault(c => c.GetString("id") == id)?.CloneObject();
        }
    }

    /// <summary>Adds a chat (Graph's chat JSON with <c>members</c> and, optionally, <c>lastMessagePreview</c>).</summary>
    public string AddChat(JsonObject chat)
    {
        var id = chat.GetString("id") ?? throw new ArgumentException("A chat needs an id.", nameof(chat));
        lock (_gate)
        {
            if (_chats.Any(c => c.GetString("id") == id))
            {
                throw new ArgumentException($"A chat with id '{id}' exists.", nameof(chat));
            }

            _chats.Add(chat.CloneObject());
        }

        return id;
    }

    /// <summary>Someone wrote in a chat: the preview becomes this message; <c>lastUpdatedDateTime</c> stays.</summary>
    public void PostMessage(string chatId, JsonObject preview)
    {
        lock (_gate)
        {
            var chat = _chats.FirstOrDefault(c => c.GetString("id") == chatId) ?? throw new KeyNotFoundException($"Unknown chat '{chatId}'.");
            chat["lastMessagePreview"] = preview.CloneObject();
        }
    }

    /// <summary>A member joined: the member list and <c>lastUpdatedDateTime</c> change.</summary>
    public void AddMember(string chatId, JsonObject member, DateTimeOffset at)
    {
        lock (_gate)
        {
            var chat = _chats.FirstOrDefault(c => c.GetString("id") == chatId) ?? throw new KeyNotFoundException($"Unknown chat '{chatId}'.");
            if (chat["members"] is not JsonArray members)
            {
                members = [];
                chat["members"] = members;
            }

            members.Add(member.CloneObject());
            chat["lastUpdatedDateTime"] = GraphTime.UtcPrecise(at);
        }
    }

    public string AddCallRecord(JsonObject record)
    {
        var id = record.GetString("id") ?? throw new ArgumentException("A call record needs an id.", nameof(record));
        lock (_gate)
        {
            _callRecords.RemoveAll(c => c.GetString("id") == id);
            _callRecords.Add(record.CloneObject());
        }

        return id;
    }

    /// <summary>The <c>teams</c> object of tenant.json, or null when there is no Teams data.</summary>
    public JsonObject? Export()
    {
        lock (_gate)
        {
            if (_chats.Count == 0 && _callRecords.Count == 0)
            {
                return null;
            }

            return new JsonObject
            {
                ["chats"] = new JsonArray([.. _chats.OrderBy(c => c.GetString("id"), StringComparer.Ordinal).Select(c => (JsonNode)c.CloneObject())]),
                ["callRecords"] = new JsonArray([.. _callRecords.OrderBy(c => c.GetString("id"), StringComparer.Ordinal).Select(c => (JsonNode)c.CloneObject())]),
            };
        }
    }

    public static bool IsMember(JsonObject chat, string userId) =>
        (chat["members"] as JsonArray ?? []).OfType<JsonObject>().Any(m => string.Equals(m.GetString("userId"), userId, StringComparison.OrdinalIgnoreCase));
}
