using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;

namespace GraphNetworker.GraphEmulator.Directory;

/// <summary>Users and groups as Graph v1.0 renders them: the default property set, or exactly what is selected.</summary>
internal static class DirectoryRenderer
{
    private static readonly string[] UserDefaults =
        ["businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id"];

    private static readonly string[] GroupDefaults =
        ["id", "deletedDateTime", "classification", "createdDateTime", "description", "displayName", "groupTypes", "mail", "mailEnabled", "mailNickname", "securityEnabled", "visibility"];

    public static JsonObject User(DirectoryUser user, IReadOnlyList<string>? select, bool withType = false) =>
        Render(user.Data, select ?? UserDefaults, withType ? "#microsoft.graph.user" : null, UserDefaults);

    public static JsonObject Group(DirectoryGroup group, IReadOnlyList<string>? select, bool withType = false) =>
        Render(group.Data, select ?? GroupDefaults, withType ? "#microsoft.graph.group" : null, GroupDefaults);

    public static JsonObject Member(object member, IReadOnlyList<string>? select, bool withType) => member switch
    {
        DirectoryUser u => User(u, select, withType),
        DirectoryGroup g => Group(g, select, withType),
        _ => throw new ArgumentException("Unknown directory object.", nameof(member)),
    };

    /// <summary>The <c>@odata.context</c> fragment for an entity set with an optional <c>$select</c>: <c>users(id,mail)</c>.</summary>
    public static string SetWithSelect(string set, IReadOnlyList<string>? select) =>
        select is null ? set : set + "(" + string.Join(',', select) + ")";

    private static JsonObject Render(JsonObject data, IReadOnlyList<string> properties, string? type, string[] defaults)
    {
        var result = new JsonObject();
        if (type is not null)
        {
            result["@odata.type"] = type;
        }

        foreach (var name in properties)
        {
            if (name == "*")
            {
                foreach (var (k, v) in data)
                {
                    result[k] = v?.DeepClone();
                }

                continue;
            }

            result[Canonical(data, name, defaults)] = data.TryGetPropertyIgnoreCase(name, out _, out var value) ? value?.DeepClone() : DefaultOf(name);
        }

        if (!result.ContainsKey("id"))
        {
            result["id"] = data["id"]?.DeepClone();
        }

        return result;
    }

    private static string Canonical(JsonObject data, string name, string[] defaults) =>
        data.TryGetPropertyIgnoreCase(name, out var actual, out _) ? actual
            : defaults.FirstOrDefault(d => d.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name;

    private static JsonNode? DefaultOf(string name) =>
        name.Equals("businessPhones", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("proxyAddresses", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("otherMails", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("groupTypes", StringComparison.OrdinalIgnoreCase)
            ? new JsonArray()
            : null;
}
