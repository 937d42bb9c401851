using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;

namespace GraphNetworker.GraphEmulator.Directory;

/// <summary>A directory user. <see cref="Data"/> is replaced, never changed in place, so readers need no lock.</summary>
internal sealed class DirectoryUser
{
    public DirectoryUser(string id, JsonObject data, bool hasMailbox, int index)
    {
        Id = id;
        Data = data;
        HasMailbox = hasMailbox;
        Index = index;
    }

    public string Id { get; }

    /// <summary>The user's position in the tenant (lazily generated mailboxes derive their content from it).</summary>
    public int Index { get; }

    public JsonObject Data { get; set; }

    public bool HasMailbox { get; set; }

    public string UserPrincipalName => Data.GetString("userPrincipalName") ?? Id;

    public string? Mail => Data.GetString("mail");

    public string DisplayName => Data.GetString("displayName") ?? UserPrincipalName;

    /// <summary>Soft-deleted users answer 404 and appear under <c>/directory/deletedItems</c>.</summary>
    public bool IsDeleted => Data["deletedDateTime"] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0;

    public IEnumerable<string> ProxyAddresses =>
        (Data["proxyAddresses"] as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>();

    /// <summary>The time zone from <c>mailboxSettings</c> (Windows or IANA name), UTC when unset.</summary>
    public string TimeZone => (Data["mailboxSettings"] as JsonObject)?.GetString("timeZone") ?? "UTC";
}

/// <summary>A directory group; members are user or group ids.</summary>
internal sealed class DirectoryGroup
{
    public DirectoryGroup(string id, JsonObject data, List<string> members)
    {
        Id = id;
        Data = data;
        Members = members;
    }

    public string Id { get; }

    public JsonObject Data { get; set; }

    public List<string> Members { get; }
}
