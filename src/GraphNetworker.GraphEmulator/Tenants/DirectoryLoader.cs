using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Directory;

namespace GraphNetworker.GraphEmulator.Tenants;

/// <summary>Builds the directory from <c>tenant.json</c>: users keep every property they have.</summary>
internal static class DirectoryLoader
{
    public static TenantDirectory Load(JsonObject tenant, IEnumerable<string> mailboxUpns)
    {
        var directory = new TenantDirectory
        {
            TenantId = tenant.GetString("tenantId") ?? "00000000-0000-0000-0000-000000000001",
            DefaultDomain = tenant.GetString("defaultDomain") ?? "contoso.com",
        };
        var mailboxes = new HashSet<string>(mailboxUpns, StringComparer.OrdinalIgnoreCase);
        foreach (var user in (tenant["users"] as JsonArray ?? []).OfType<JsonObject>())
        {
            AddUser(directory, user, mailboxes.Contains(user.GetString("userPrincipalName") ?? string.Empty));
        }

        foreach (var group in (tenant["groups"] as JsonArray ?? []).OfType<JsonObject>())
        {
            AddGroup(directory, group);
        }

        directory.ApplicationScope = ReadScope(tenant["exchangeApplicationScope"] as JsonObject);
        return directory;
    }

    public static DirectoryUser AddUser(TenantDirectory directory, JsonObject user, bool hasMailbox)
    {
        var data = ItemStamps.StripAnnotations(user.CloneObject());
        var upn = data.GetString("userPrincipalName") ?? throw new InvalidDataException("A user needs a userPrincipalName.");
        var id = user.GetString("id") ?? StableGuid(upn);
        data["id"] = id;
        data.SetDefault("displayName", upn);
        data.SetDefault("accountEnabled", true);
        return directory.Upsert(id, data, hasMailbox);
    }

    public static DirectoryGroup AddGroup(TenantDirectory directory, JsonObject group)
    {
        var data = ItemStamps.StripAnnotations(group.CloneObject());
        var id = group.GetString("id") ?? StableGuid("group:" + (group.GetString("displayName") ?? "group"));
        data["id"] = id;
        var members = (data["members"] as JsonArray ?? []).Select(m => m?.GetValue<string>()).OfType<string>().ToList();
        data.Remove("members");
        return directory.UpsertGroup(id, data, members);
    }

    /// <summary>tenant.json <c>"exchangeApplicationScope": {"groupId": "…", "membership": "direct"|"transitive"}</c>.</summary>
    public static ExchangeApplicationScope? ReadScope(JsonObject? scope)
    {
        if (scope?.GetString("groupId") is not { } groupId)
        {
            return null;
        }

        var membership = scope.GetString("membership") ?? "direct";
        return new ExchangeApplicationScope(groupId, Enum.TryParse<ScopeMembership>(membership, ignoreCase: true, out var m)
            ? m
            : throw new InvalidDataException($"exchangeApplicationScope.membership must be 'direct' or 'transitive', not '{membership}'."));
    }

    public static JsonObject? WriteScope(ExchangeApplicationScope? scope) => scope is null ? null : new JsonObject
    {
        ["groupId"] = scope.GroupId,
        ["membership"] = scope.Membership == ScopeMembership.Direct ? "direct" : "transitive",
    };

    /// <summary>A GUID derived from text, so a snapshot without ids loads the same way every time.</summary>
    public static string StableGuid(string text)
    {
        var a = Hashing.Of(text);
        var b = Hashing.SplitMix(a);
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, a);
        BitConverter.TryWriteBytes(bytes[8..], b);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
