using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Directory;
using GraphNetworker.GraphEmulator.Tenants;

namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>Directory users and groups of a synthetic tenant, as Graph user/group JSON.</summary>
internal static class SyntheticDirectory
{
    public const string GroupName = "GraphNetworker users";
    public const string NestedGroupName = "GraphNetworker pilot";

    public static JsonObject User(Person p, DateTimeOffset created, bool enabled = true)
    {
        var domainLabel = p.Domain.Split('.')[0];
        return new JsonObject
        {
            ["id"] = p.Id,
            ["displayName"] = p.DisplayName,
            ["givenName"] = p.GivenName,
            ["surname"] = p.Surname,
            ["userPrincipalName"] = p.Address,
            ["mail"] = p.Address,
            ["mailNickname"] = p.Alias,
            ["jobTitle"] = p.JobTitle,
            ["department"] = Department(p.JobTitle),
            ["officeLocation"] = p.TimeZone.StartsWith("Pacific", StringComparison.Ordinal) ? "Redmond" : p.TimeZone.StartsWith('W') ? "Berlin" : p.TimeZone.StartsWith('E') ? "New York" : "London",
            ["businessPhones"] = new JsonArray(),
            ["mobilePhone"] = null,
            ["preferredLanguage"] = "en-US",
            ["accountEnabled"] = enabled,
            ["userType"] = "Member",
            ["createdDateTime"] = GraphTime.Utc(created),
            ["otherMails"] = new JsonArray(),
            ["proxyAddresses"] = new JsonArray(
                "SMTP:" + p.Address,
                "smtp:" + p.Alias + "@" + p.Domain,
                "smtp:" + p.Alias + "@" + domainLabel + ".onmicrosoft.com",
                "X500:" + p.X500),
            ["mailboxSettings"] = new JsonObject
            {
                ["timeZone"] = p.TimeZone,
                ["workingHours"] = new JsonObject
                {
                    ["daysOfWeek"] = new JsonArray("monday", "tuesday", "wednesday", "thursday", "friday"),
                    ["startTime"] = "09:00:00.0000000",
                    ["endTime"] = "17:00:00.0000000",
                    ["timeZone"] = new JsonObject { ["name"] = p.TimeZone },
                },
            },
        };
    }

    public static JsonObject Room((string Name, string Address) room, string tenantSeed) => new()
    {
        ["id"] = DirectoryLoader.StableGuid(tenantSeed + "/room"),
        ["displayName"] = room.Name,
        ["userPrincipalName"] = room.Address,
        ["mail"] = room.Address,
        ["accountEnabled"] = false,
        ["userType"] = "Member",
        ["jobTitle"] = null,
        ["businessPhones"] = new JsonArray(),
        ["proxyAddresses"] = new JsonArray("SMTP:" + room.Address),
    };

    public static (string GroupId, string NestedId) AddGroups(TenantDirectory directory, SyntheticPeople people, string tenantSeed, IReadOnlyList<string> mailboxUserIds)
    {
        var groupId = DirectoryLoader.StableGuid(tenantSeed + "/group/users");
        var nestedId = DirectoryLoader.StableGuid(tenantSeed + "/group/pilot");
        var split = mailboxUserIds.Count - Math.Max(1, mailboxUserIds.Count / 2);
        var direct = mailboxUserIds.Take(split).Append(nestedId).ToList();
        var nested = mailboxUserIds.Skip(split).ToList();
        directory.UpsertGroup(groupId, SecurityGroup(groupId, GroupName, "Mailboxes GraphNetworker works for"), direct);
        directory.UpsertGroup(nestedId, SecurityGroup(nestedId, NestedGroupName, "Pilot users (nested in GraphNetworker users)"), nested);
        var dlId = DirectoryLoader.StableGuid(tenantSeed + "/group/dl");
        var dl = new JsonObject
        {
            ["id"] = dlId,
            ["displayName"] = people.DistributionList.Name,
            ["description"] = "Sales distribution list",
            ["mail"] = people.DistributionList.Address,
            ["mailEnabled"] = true,
            ["mailNickname"] = people.DistributionList.Address.Split('@')[0],
            ["securityEnabled"] = false,
            ["groupTypes"] = new JsonArray(),
            ["proxyAddresses"] = new JsonArray("SMTP:" + people.DistributionList.Address),
        };
        var dlMembers = people.Peers.Take(4).Select(p => p.Id).Concat(people.MailboxUsers.Take(1).Select(p => p.Id)).ToList();
        directory.UpsertGroup(dlId, dl, dlMembers);
        return (groupId, nestedId);
    }

    private static JsonObject SecurityGroup(string id, string name, string description) => new()
    {
        ["id"] = id,
        ["displayName"] = name,
        ["description"] = description,
        ["mail"] = null,
        ["mailEnabled"] = false,
        ["mailNickname"] = SyntheticPeople.Slug(name).ToLowerInvariant(),
        ["securityEnabled"] = true,
        ["groupTypes"] = new JsonArray(),
    };

    private static string Department(string? title) => title switch
    {
        null => "Facilities",
        _ when title.Contains("Sales", StringComparison.Ordinal) || title.Contains("Account", StringComparison.Ordinal) => "Sales",
        _ when title.Contains("Engineer", StringComparison.Ordinal) || title.Contains("Architect", StringComparison.Ordinal) => "Engineering",
        _ when title.Contains("Financ", StringComparison.Ordinal) => "Finance",
        _ when title.Contains("Chief", StringComparison.Ordinal) => "Executive",
        _ => "Operations",
    };
}
