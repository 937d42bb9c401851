using System.Globalization;
using System.Text.Json.Nodes;

namespace GraphNetworker.Worker.Tests.Infrastructure;

/// <summary>Graph message JSON for seeding the emulator, as Graph v1.0 shapes it.</summary>
internal static class Mail
{
    public static JsonObject From(string sender, string name, string to, DateTimeOffset at, string? id = null) => new()
    {
        ["internetMessageId"] = $"<{id ?? Guid.NewGuid().ToString("N")}@test.example>",
        ["subject"] = "Catching up",
        ["from"] = Address(sender, name),
        ["sender"] = Address(sender, name),
        ["toRecipients"] = new JsonArray(Address(to, null)),
        ["ccRecipients"] = new JsonArray(),
        ["receivedDateTime"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["sentDateTime"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["inferenceClassification"] = "focused",
        ["isDraft"] = false,
        ["conversationId"] = "AAQkADconversation" + (id ?? "x") + "=",
    };

    public static JsonObject Address(string address, string? name) => new()
    {
        ["emailAddress"] = new JsonObject { ["address"] = address, ["name"] = name },
    };
}
