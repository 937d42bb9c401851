using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;

namespace GraphNetworker.GraphEmulator.Teams;

/// <summary>
/// Graph's JSON for Teams resources, as the v1.0 schema types them: <c>chat</c>, <c>aadUserConversationMember</c>,
/// <c>chatMessageInfo</c> (the last-message preview, whose <c>body</c> carries the message text) and
/// <c>callRecords.callRecord</c> with <c>organizer_v2</c> and <c>participants_v2</c>.
/// </summary>
internal static class TeamsShapes
{
    /// <summary>What Graph sends for an unset <c>visibleHistoryStartDateTime</c> (all history visible).</summary>
    public const string AllHistory = "0001-01-01T00:00:00Z";

    public static JsonObject Member(string userId, string? email, string? displayName, string tenantId) => new()
    {
        ["@odata.type"] = "#microsoft.graph.aadUserConversationMember",
        ["id"] = MembershipId(userId, tenantId),
        ["roles"] = new JsonArray("owner"),
        ["displayName"] = displayName,
        ["visibleHistoryStartDateTime"] = AllHistory,
        ["userId"] = userId,
        ["email"] = email,
        ["tenantId"] = tenantId,
    };

    public static JsonObject Chat(string id, string chatType, string? topic, DateTimeOffset created, string tenantId, IEnumerable<JsonObject> members, string? joinWebUrl = null)
    {
        var chat = new JsonObject
        {
            ["id"] = id,
            ["topic"] = topic,
            ["createdDateTime"] = GraphTime.UtcPrecise(created),
            ["lastUpdatedDateTime"] = GraphTime.UtcPrecise(created),
            ["chatType"] = chatType,
            ["webUrl"] = "https://teams.microsoft.com/l/chat/" + Uri.EscapeDataString(id) + "/0?tenantId=" + tenantId,
            ["tenantId"] = tenantId,
            ["onlineMeetingInfo"] = joinWebUrl is null ? null : new JsonObject { ["calendarEventId"] = null, ["joinWebUrl"] = joinWebUrl, ["organizer"] = null },
            ["viewpoint"] = new JsonObject { ["isHidden"] = false, ["lastMessageReadDateTime"] = GraphTime.UtcPrecise(created) },
            ["members"] = new JsonArray([.. members.Select(m => (JsonNode)m.CloneObject())]),
            ["lastMessagePreview"] = null,
        };
        return chat;
    }

    /// <summary>The preview of a message: its id is the creation time in milliseconds, as Teams' message ids are.</summary>
    public static JsonObject Preview(DateTimeOffset at, string? fromUserId, string? fromDisplayName, string text, string messageType = "message") => new()
    {
        ["id"] = at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["createdDateTime"] = GraphTime.UtcPrecise(at),
        ["isDeleted"] = false,
        ["messageType"] = messageType,
        ["eventDetail"] = null,
        ["body"] = new JsonObject { ["contentType"] = "text", ["content"] = text },
        ["from"] = fromUserId is null ? null : new JsonObject
        {
            ["application"] = null,
            ["device"] = null,
            ["user"] = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.teamworkUserIdentity",
                ["id"] = fromUserId,
                ["displayName"] = fromDisplayName,
                ["userIdentityType"] = "aadUser",
            },
        },
    };

    public static JsonObject CallParticipant(string userId, string? displayName, string? userPrincipalName) => new()
    {
        ["id"] = userId,
        ["identity"] = new JsonObject
        {
            ["user"] = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.callRecords.userIdentity",
                ["id"] = userId,
                ["displayName"] = displayName,
                ["userPrincipalName"] = userPrincipalName,
            },
        },
    };

    /// <summary>A call record; <paramref name="joinWebUrl"/> is set for scheduled meetings (their call has a join link).</summary>
    public static JsonObject CallRecord(
        string id, string type, DateTimeOffset start, DateTimeOffset end, (string Id, string? Name, string TenantId) organizer, IEnumerable<JsonObject> participants, string? joinWebUrl = null) => new()
    {
        ["id"] = id,
        ["version"] = 1,
        ["type"] = type,
        ["modalities"] = new JsonArray("audio", "video"),
        ["lastModifiedDateTime"] = GraphTime.UtcPrecise(end.AddMinutes(15)),
        ["startDateTime"] = GraphTime.UtcPrecise(start),
        ["endDateTime"] = GraphTime.UtcPrecise(end),
        ["joinWebUrl"] = joinWebUrl,
        ["organizer_v2"] = new JsonObject
        {
            ["id"] = organizer.Id,
            ["identity"] = new JsonObject
            {
                ["user"] = new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.communicationsUserIdentity",
                    ["id"] = organizer.Id,
                    ["displayName"] = organizer.Name,
                    ["tenantId"] = organizer.TenantId,
                },
            },
        },
        ["participants_v2"] = new JsonArray([.. participants.Select(p => (JsonNode)p.CloneObject())]),
    };

    /// <summary>Opaque membership ids, stable per (user, tenant): base64 of <c>{chat-neutral hash}##{user}##{tenant}</c>, as Teams' look.</summary>
    private static string MembershipId(string userId, string tenantId) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Hashing.Of(userId + tenantId):x16}##{userId}##{tenantId}"));
}
