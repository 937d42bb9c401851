using System.Text;
using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Calendar;

/// <summary>
/// getSchedule (free/busy for up to 100 addresses over at most 62 days, app-only allowed) and
/// findMeetingTimes (refused for app-only callers: "Application: Not supported").
/// </summary>
internal static class ScheduleHandlers
{
    private const int MaxSchedules = 100;
    private const int MaxDays = 62;

    public static void Register(RouteTable routes)
    {
        routes.Add("POST", "users/{u}/calendar/getSchedule", RouteScope.Mailbox, Permissions.CalendarRead, GetSchedule)
            .Add("POST", "users/{u}/findMeetingTimes", RouteScope.Mailbox, Permissions.CalendarRead, FindMeetingTimes);
    }

    private static ValueTask<GraphResponse> FindMeetingTimes(GraphContext context)
    {
        if (!context.Grant.Delegated)
        {
            throw GraphErrors.AccessDenied();
        }

        throw GraphErrors.NotImplemented("findMeetingTimes for delegated callers");
    }

    private static ValueTask<GraphResponse> GetSchedule(GraphContext context)
    {
        // Graph matches body property names case-insensitively; the SDK sends this action's body in PascalCase.
        var body = JsonExtensions.CamelCaseKeys(context.Request.ReadJsonObject());
        var schedules = (body["schedules"] as JsonArray ?? throw GraphErrors.InvalidRequest("'schedules' is required."))
            .Select(n => n?.GetValue<string>()).OfType<string>().ToList();
        if (schedules.Count > MaxSchedules)
        {
            throw new GraphException(400, "ErrorMailboxDataArrayTooBig", $"The number of mailboxes requested exceeds the allowed size = {MaxSchedules}.");
        }

        var from = EventValidation.Time(body, "startTime");
        var to = EventValidation.Time(body, "endTime");
        if ((to - from).TotalDays > MaxDays)
        {
            throw new GraphException(400, "ErrorTimeIntervalTooBig", $"The requested time duration exceeds the maximum allowed ({MaxDays} days).");
        }

        var interval = body["availabilityViewInterval"] is JsonValue iv && iv.TryGetValue<int>(out var minutes) ? minutes : 30;
        if (interval is < 5 or > 1440)
        {
            throw GraphErrors.InvalidRequest("availabilityViewInterval must be between 5 and 1440 minutes.");
        }

        var values = schedules.Select(s => (JsonNode)Schedule(context, s, from, to, TimeSpan.FromMinutes(interval))).ToArray();
        return ValueTask.FromResult(ODataResponses.Collection(context.Context("Collection(microsoft.graph.scheduleInformation)"), values));
    }

    private static JsonObject Schedule(GraphContext context, string address, DateTimeOffset from, DateTimeOffset to, TimeSpan interval)
    {
        var user = context.State.Directory.FindByAddress(address);
        if (user is null || user.IsDeleted || !user.HasMailbox)
        {
            return new JsonObject
            {
                ["scheduleId"] = address,
                ["availabilityView"] = string.Empty,
                ["error"] = new JsonObject { ["message"] = $"The user '{address}' was not found.", ["responseCode"] = "ErrorMailRecipientNotFound" },
                ["scheduleItems"] = new JsonArray(),
            };
        }

        var mailbox = context.State.Mailboxes.GetOrCreate(user);
        List<EventInstance> busy;
        lock (mailbox.Gate)
        {
            busy = CalendarExpansion.View(mailbox.Events, from, to)
                .Where(i => i.Source.Data.GetBool("isCancelled") != true && (i.Source.Data.GetString("showAs") ?? "busy") != "free")
                .ToList();
        }

        var zone = context.TimeZone;
        var items = new JsonArray();
        foreach (var i in busy)
        {
            var isPrivate = i.Source.Data.GetString("sensitivity") is "private" or "confidential";
            var item = new JsonObject { ["isPrivate"] = isPrivate, ["status"] = i.Source.Data.GetString("showAs") ?? "busy" };
            if (!isPrivate)
            {
                item["subject"] = i.Source.Data.GetString("subject") ?? string.Empty;
                item["location"] = (i.Source.Data["location"] as JsonObject)?.GetString("displayName") ?? string.Empty;
            }

            item["start"] = GraphTime.ToDateTimeTimeZone(i.Start, zone);
            item["end"] = GraphTime.ToDateTimeTimeZone(i.End, zone);
            items.Add(item);
        }

        var settings = user.Data["mailboxSettings"] as JsonObject;
        return new JsonObject
        {
            ["scheduleId"] = address,
            ["availabilityView"] = AvailabilityView(busy, from, to, interval),
            ["scheduleItems"] = items,
            ["workingHours"] = (settings?["workingHours"] ?? MailboxSettingsHandlers.DefaultWorkingHours(user.TimeZone)).DeepClone(),
        };
    }

    /// <summary>One digit per interval: 0 free, 1 tentative, 2 busy, 3 oof, 4 working elsewhere; the strongest status wins
    /// (oof over busy over working elsewhere over tentative).</summary>
    private static string AvailabilityView(List<EventInstance> busy, DateTimeOffset from, DateTimeOffset to, TimeSpan interval)
    {
        var view = new StringBuilder();
        for (var slot = from; slot < to; slot += interval)
        {
            var end = slot + interval;
            var strongest = busy.Where(i => i.Start < end && i.End > slot)
                .Select(i => Strength(i.Source.Data.GetString("showAs") ?? "busy"))
                .DefaultIfEmpty((Rank: 0, Digit: '0'))
                .MaxBy(s => s.Rank);
            view.Append(strongest.Digit);
        }

        return view.ToString();
    }

    private static (int Rank, char Digit) Strength(string showAs) => showAs switch
    {
        "tentative" => (1, '1'),
        "workingElsewhere" => (2, '4'),
        "busy" => (3, '2'),
        "oof" => (4, '3'),
        _ => (0, '0'),
    };
}
