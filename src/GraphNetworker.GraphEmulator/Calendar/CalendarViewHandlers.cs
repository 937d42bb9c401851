using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.Mail;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Calendar;

/// <summary>
/// calendarView (expanded instances in a window) and calendarView delta, as Graph serves them: the window is required
/// on the first request and bound into the links, series masters never appear, only their occurrences and exceptions.
/// </summary>
internal static class CalendarViewHandlers
{
    private static readonly string[] UnsupportedOnDelta = ["select", "filter", "orderby", "expand", "search"];

    public static void Register(RouteTable routes)
    {
        foreach (var prefix in new[] { "users/{u}/calendarView", "users/{u}/calendar/calendarView" })
        {
            routes.Add("GET", prefix, RouteScope.Mailbox, Permissions.CalendarRead, List)
                .Add("GET", prefix + "/delta", RouteScope.Mailbox, Permissions.CalendarRead, Delta);
        }
    }

    private static ValueTask<GraphResponse> List(GraphContext context)
    {
        var (from, to) = CalendarWindow.Read(context.Query.Get("startDateTime"), context.Query.Get("endDateTime"));
        CalendarWindow.EnsureServiceable(context, from, to);
        var mailbox = context.RequireMailbox();
        List<JsonNode> instances;
        lock (mailbox.Gate)
        {
            instances = CalendarExpansion.View(mailbox.Events, from, to)
                .Select(i => (JsonNode)EventRenderer.Render(context, i, forDelta: false, allowThin: false))
                .ToList();
        }

        var pageSize = Math.Min(context.Query.Top ?? context.PageSize(), 1000);
        return ValueTask.FromResult(ODataResponses.Paged(context, context.Context("users('" + context.UserKey + "')/calendarView"), instances, pageSize, context.BaseUrl + context.Request.Path));
    }

    private static ValueTask<GraphResponse> Delta(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        var linkBase = context.UserLink + "/calendarView/delta";
        DeltaPage page;
        lock (mailbox.Gate)
        {
            var token = DeltaTokens.Read(context, mailbox.Events, linkBase) ?? Initial(context, mailbox);
            var (from, to) = CalendarWindow.Read(token.Query.StartDateTime, token.Query.EndDateTime);
            CalendarWindow.EnsureServiceable(context, from, to);
            var request = new CalendarDeltaRequest(context, mailbox.Events, token, from, to, context.PageSize());
            page = CalendarDeltaEngine.NextPage(request);
            var owner = context.RequireUser();
            if (page.Delta is not null && context.Settings.Fidelity.IsEndlessCalendarDelta(owner.Id, owner.UserPrincipalName))
            {
                // msgraph-sdk-dotnet#3082: the last page comes back again and again under a new next link, never a deltaLink.
                page = new DeltaPage(page.Items, token with { Loop = token.Loop + 1 }, null);
            }
        }

        return ValueTask.FromResult(MailFolderHandlers.DeltaResponse(context, page, linkBase, "Collection(event)"));
    }

    private static DeltaToken Initial(GraphContext context, Mailbox mailbox)
    {
        var rejected = UnsupportedOnDelta.FirstOrDefault(context.Query.Has);
        if (rejected is not null)
        {
            throw GraphErrors.BadRequest($"The query parameter '${rejected}' is not supported with change tracking over the 'Events' resource.");
        }

        var start = context.Query.Get("startDateTime");
        var end = context.Query.Get("endDateTime");
        _ = CalendarWindow.Read(start, end);
        return DeltaTokens.Initial(context, mailbox.Events, new DeltaQuery { StartDateTime = start, EndDateTime = end });
    }
}
