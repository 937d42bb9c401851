using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Calendar;

/// <summary>mailboxSettings, and its workingHours and timeZone parts (the user's <c>mailboxSettings</c> plus Graph defaults).</summary>
internal static class MailboxSettingsHandlers
{
    public static void Register(RouteTable routes)
    {
        routes.Add("GET", "users/{u}/mailboxSettings", RouteScope.Mailbox, Permissions.MailboxSettingsRead, Get)
            .Add("GET", "users/{u}/mailboxSettings/workingHours", RouteScope.Mailbox, Permissions.MailboxSettingsRead, WorkingHours)
            .Add("GET", "users/{u}/mailboxSettings/timeZone", RouteScope.Mailbox, Permissions.MailboxSettingsRead, TimeZone);
    }

    public static JsonObject DefaultWorkingHours(string timeZone) => new()
    {
        ["daysOfWeek"] = new JsonArray("monday", "tuesday", "wednesday", "thursday", "friday"),
        ["startTime"] = "09:00:00.0000000",
        ["endTime"] = "17:00:00.0000000",
        ["timeZone"] = new JsonObject { ["name"] = timeZone },
    };

    public static JsonObject Settings(Directory.DirectoryUser user)
    {
        var stored = user.Data["mailboxSettings"] as JsonObject ?? [];
        var result = new JsonObject
        {
            ["archiveFolder"] = null,
            ["timeZone"] = user.TimeZone,
            ["automaticRepliesSetting"] = new JsonObject
            {
                ["status"] = "disabled",
                ["externalAudience"] = "all",
                ["internalReplyMessage"] = string.Empty,
                ["externalReplyMessage"] = string.Empty,
                ["scheduledStartDateTime"] = new JsonObject { ["dateTime"] = "2016-03-14T07:00:00.0000000", ["timeZone"] = "UTC" },
                ["scheduledEndDateTime"] = new JsonObject { ["dateTime"] = "2016-03-15T07:00:00.0000000", ["timeZone"] = "UTC" },
            },
            ["dateFormat"] = "MM/dd/yyyy",
            ["timeFormat"] = "hh:mm tt",
            ["userPurpose"] = "user",
            ["delegateMeetingMessageDeliveryOptions"] = "sendToDelegateOnly",
            ["language"] = new JsonObject { ["locale"] = "en-US", ["displayName"] = "English (United States)" },
            ["workingHours"] = DefaultWorkingHours(user.TimeZone),
        };
        foreach (var (key, value) in stored)
        {
            result[key] = value?.DeepClone();
        }

        return result;
    }

    private static ValueTask<GraphResponse> Get(GraphContext context)
    {
        var body = ODataResponses.Entity(context.Context("users('" + context.UserKey + "')/mailboxSettings"), Settings(context.RequireUser()));
        return ValueTask.FromResult(GraphResponse.Ok(body));
    }

    private static ValueTask<GraphResponse> WorkingHours(GraphContext context)
    {
        var hours = (JsonObject)Settings(context.RequireUser())["workingHours"]!.DeepClone();
        return ValueTask.FromResult(GraphResponse.Ok(ODataResponses.Entity(context.Context("users('" + context.UserKey + "')/mailboxSettings/workingHours"), hours)));
    }

    private static ValueTask<GraphResponse> TimeZone(GraphContext context)
    {
        var body = new JsonObject
        {
            ["@odata.context"] = context.Context("users('" + context.UserKey + "')/mailboxSettings/timeZone"),
            ["value"] = context.RequireUser().TimeZone,
        };
        return ValueTask.FromResult(GraphResponse.Ok(body));
    }
}
