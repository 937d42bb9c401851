using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Tenants;

namespace GraphNetworker.GraphEmulator.Tests.Infrastructure;

/// <summary>Small hand-made tenants whose every item a test can name.</summary>
internal static class TestTenants
{
    public const string Dana = "dana@contoso.com";
    public const string DanaId = "3f1c2a4e-0000-4000-8000-000000000001";
    public const string Lee = "lee@contoso.com";
    public const string LeeId = "3f1c2a4e-0000-4000-8000-000000000002";
    public const string NoMailbox = "nomailbox@contoso.com";
    public const string Leaver = "gone@contoso.com";
    public const string GroupId = "9a000000-0000-4000-8000-000000000001";
    public const string NestedGroupId = "9a000000-0000-4000-8000-000000000002";

    /// <summary>Dana (Pacific) and Lee (W. Europe) with mailboxes, a user without one, a soft-deleted leaver,
    /// a group with a nested group; Dana has <paramref name="inboxMessages"/> messages in Inbox.</summary>
    public static TenantSnapshot Small(int inboxMessages = 5)
    {
        var snapshot = new TenantSnapshot();
        snapshot.Tenant["tenantId"] = "00000000-0000-0000-0000-000000000001";
        snapshot.Tenant["defaultDomain"] = "contoso.com";
        snapshot.AddUser(User(DanaId, Dana, "Dana Smith", "Pacific Standard Time", "Engineer"));
        snapshot.AddUser(User(LeeId, Lee, "Lee Park", "W. Europe Standard Time", "Chief Financial Officer"));
        snapshot.AddUser(new JsonObject { ["id"] = "3f1c2a4e-0000-4000-8000-000000000003", ["userPrincipalName"] = NoMailbox, ["displayName"] = "No Mailbox", ["mail"] = NoMailbox });
        var gone = User("3f1c2a4e-0000-4000-8000-000000000004", Leaver, "Gone Person", "UTC", "Director");
        gone["accountEnabled"] = false;
        gone["deletedDateTime"] = "2026-01-01T00:00:00Z";
        snapshot.AddUser(gone);
        ((JsonArray)snapshot.Tenant["groups"]!).Add(new JsonObject { ["id"] = GroupId, ["displayName"] = "GraphNetworker users", ["members"] = new JsonArray(DanaId, NestedGroupId) });
        ((JsonArray)snapshot.Tenant["groups"]!).Add(new JsonObject { ["id"] = NestedGroupId, ["displayName"] = "Pilot", ["members"] = new JsonArray(LeeId) });

        var inbox = snapshot.Mailbox(Dana).Folder("inbox");
        for (var i = 0; i < inboxMessages; i++)
        {
            inbox.Add(Message(i, TestEmulator.Epoch.AddDays(-inboxMessages + i)));
        }

        snapshot.Mailbox(Lee);
        return snapshot;
    }

    public static JsonObject User(string id, string upn, string name, string timeZone, string title) => new()
    {
        ["id"] = id,
        ["userPrincipalName"] = upn,
        ["displayName"] = name,
        ["mail"] = upn,
        ["jobTitle"] = title,
        ["accountEnabled"] = true,
        ["proxyAddresses"] = new JsonArray("SMTP:" + upn, "smtp:" + upn.Replace("@", ".alias@", StringComparison.Ordinal), "X500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=" + id.Replace("-", string.Empty, StringComparison.Ordinal) + "-" + upn.Split('@')[0]),
        ["mailboxSettings"] = new JsonObject { ["timeZone"] = timeZone },
    };

    public static JsonObject Message(int i, DateTimeOffset received, string from = "lee@fabrikam.com") => new()
    {
        ["internetMessageId"] = $"<m{i}@fabrikam.com>",
        ["conversationId"] = "conv" + i,
        ["subject"] = "Message " + i,
        ["from"] = Address("Lee Fabrikam", from),
        ["sender"] = Address("Lee Fabrikam", from),
        ["toRecipients"] = new JsonArray(Address("Dana Smith", Dana)),
        ["ccRecipients"] = new JsonArray(),
        ["bccRecipients"] = new JsonArray(),
        ["receivedDateTime"] = received.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["sentDateTime"] = received.AddSeconds(-5).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["isDraft"] = false,
        ["inferenceClassification"] = "focused",
        ["body"] = new JsonObject { ["contentType"] = "text", ["content"] = "secret body " + i },
        ["bodyPreview"] = "secret body " + i,
    };

    public static JsonObject Address(string name, string address) =>
        new() { ["emailAddress"] = new JsonObject { ["name"] = name, ["address"] = address } };
}
