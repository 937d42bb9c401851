using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Teams;

namespace GraphNetworker.GraphEmulator;

public sealed partial class EmulatorControl
{
    /// <summary>Adds a chat in Graph's shape (<c>id</c>, <c>chatType</c>, <c>members</c>…) and returns its id.</summary>
    public string AddChat(JsonObject chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        return _state.Teams.AddChat(chat);
    }

    /// <summary>
    /// Starts a chat between directory users (ids or UPNs) and returns its id: <c>oneOnOne</c> for two members,
    /// otherwise <c>group</c> (or <c>meeting</c> with a join link). Members outside the directory can be added with
    /// <see cref="AddChatMember"/>.
    /// </summary>
    public string StartChat(IReadOnlyList<string> members, string? topic = null, DateTimeOffset? createdAt = null, string? meetingJoinUrl = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        var users = members.Select(UserOf).ToList();
        var created = createdAt ?? _state.Now;
        var tenant = _state.Directory.TenantId;
        var type = meetingJoinUrl is not null ? "meeting" : users.Count == 2 ? "oneOnOne" : "group";
        var id = type == "oneOnOne"
            ? "19:" + string.Join('_', users.Select(u => u.Id).Order(StringComparer.Ordinal)) + "@unq.gbl.spaces"
            : "19:" + (type == "meeting" ? "meeting_" : string.Empty) + Hashing.Of(string.Join(',', users.Select(u => u.Id)) + "/" + topic + "/" + created.UtcTicks).ToString("x16", System.Globalization.CultureInfo.InvariantCulture) + "@thread.v2";
        return _state.Teams.AddChat(TeamsShapes.Chat(id, type, topic, created, tenant, users.Select(u => TeamsShapes.Member(u.Id, u.Mail, u.DisplayName, tenant)), meetingJoinUrl));
    }

    /// <summary>Adds a member (a directory user, or someone from another tenant when <paramref name="tenantId"/> is given).</summary>
    public void AddChatMember(string chatId, string userId, string? email, string? displayName, string? tenantId = null, DateTimeOffset? at = null) =>
        _state.Teams.AddMember(chatId, TeamsShapes.Member(userId, email, displayName, tenantId ?? _state.Directory.TenantId), at ?? _state.Now);

    /// <summary>
    /// Someone writes in a chat: its preview becomes this message (its text included, as Graph sends it). <c>from</c> is a
    /// directory user (id or UPN), or the user id of a member from another tenant.
    /// </summary>
    public void PostChatMessage(string chatId, string from, string text, DateTimeOffset? at = null)
    {
        var user = _state.Directory.Find(from);
        var chat = _state.Teams.Chat(chatId) ?? throw new KeyNotFoundException($"Unknown chat '{chatId}'.");
        var member = (chat["members"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(m => string.Equals(m.GetString("userId"), user?.Id ?? from, StringComparison.OrdinalIgnoreCase));
        _state.Teams.PostMessage(chatId, TeamsShapes.Preview(at ?? _state.Now, user?.Id ?? from, user?.DisplayName ?? member?.GetString("displayName"), text));
    }

    /// <summary>The chats a user is a member of, as stored (members and preview inline).</summary>
    public IReadOnlyList<JsonObject> Chats(string user) => _state.Teams.ChatsOf(UserOf(user).Id);

    /// <summary>Adds (or replaces) a call record in Graph's shape, with <c>participants_v2</c> inline.</summary>
    public string AddCallRecord(JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _state.Teams.AddCallRecord(record);
    }

    /// <summary>
    /// A call that took place between directory users (ids or UPNs; the first organised it): <c>peerToPeer</c> for two,
    /// otherwise <c>groupCall</c>; a scheduled meeting's call has a join link. Returns the record's id.
    /// </summary>
    public string AddCall(IReadOnlyList<string> participants, DateTimeOffset start, TimeSpan duration, string? joinWebUrl = null)
    {
        ArgumentNullException.ThrowIfNull(participants);
        var users = participants.Select(UserOf).ToList();
        var tenant = _state.Directory.TenantId;
        var id = Guid.CreateVersion7(start).ToString();
        return _state.Teams.AddCallRecord(TeamsShapes.CallRecord(
            id, users.Count == 2 && joinWebUrl is null ? "peerToPeer" : "groupCall", start, start + duration, (users[0].Id, users[0].DisplayName, tenant),
            users.Select(u => TeamsShapes.CallParticipant(u.Id, u.DisplayName, u.UserPrincipalName)), joinWebUrl));
    }
}
