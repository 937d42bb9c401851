using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.OData;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Calendar;

/// <summary>Events: list (masters and single instances), get, create, update, delete; calendars.</summary>
internal static class EventHandlers
{
    public static void Register(RouteTable routes)
    {
        foreach (var prefix in new[] { "users/{u}/events", "users/{u}/calendar/events", "users/{u}/calendars/{c}/events" })
        {
            routes.Add("GET", prefix, RouteScope.Mailbox, Permissions.CalendarRead, List)
                .Add("POST", prefix, RouteScope.Mailbox, Permissions.CalendarWrite, Create)
                .Add("GET", prefix + "/{id}", RouteScope.Mailbox, Permissions.CalendarRead, Get)
                .Add("PATCH", prefix + "/{id}", RouteScope.Mailbox, Permissions.CalendarWrite, Update)
                .Add("DELETE", prefix + "/{id}", RouteScope.Mailbox, Permissions.CalendarWrite, Delete);
        }

        // The SDK generates Users[id].Events.Delta for v1.0, but events/delta is documented only in beta.
        routes.Add("GET", "users/{u}/events/delta", RouteScope.Mailbox, Permissions.CalendarRead, _ =>
            throw GraphErrors.BadRequest("events/delta is not available in v1.0; use calendarView/delta."));
        routes.Add("GET", "users/{u}/calendar", RouteScope.Mailbox, Permissions.CalendarRead, GetCalendar)
            .Add("GET", "users/{u}/calendars", RouteScope.Mailbox, Permissions.CalendarRead, ListCalendars);
    }

    private static ValueTask<GraphResponse> List(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        var filter = context.OutlookFilter();

        List<JsonNode> events;
        lock (mailbox.Gate)
        {
            events = mailbox.Events.LiveItems()
                .Select(p => p.Item)
                .Where(e => CalendarExpansion.TypeOf(e) is "singleInstance" or "seriesMaster")
                .Where(e => filter is null || FilterEvaluator.Outlook.Matches(filter, e.Data))
                .Select(e => (JsonNode)EventRenderer.RenderStored(context, e))
                .ToList();
        }

        var pageSize = Math.Min(context.Query.Top ?? context.PageSize(), 1000);
        return ValueTask.FromResult(ODataResponses.Paged(context, context.Context("users('" + context.UserKey + "')/events"), events, pageSize, context.BaseUrl + context.Request.Path));
    }

    private static ValueTask<GraphResponse> Get(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        JsonObject rendered;
        lock (mailbox.Gate)
        {
            var instance = EventStore.Find(mailbox, context.Value("id")) ?? throw GraphErrors.ItemNotFound();
            rendered = instance.Type == "occurrence" ? EventRenderer.Render(context, instance, forDelta: false, allowThin: false) : EventRenderer.RenderStored(context, instance.Source);
        }

        return ValueTask.FromResult(GraphResponse.Ok(ODataResponses.Entity(context.Context("users('" + context.UserKey + "')/events/$entity"), rendered)));
    }

    private static ValueTask<GraphResponse> Create(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        var (item, _) = EventStore.Create(context.State, mailbox, context.RequireUser(), context.Request.ReadJsonObject());
        JsonObject rendered;
        lock (mailbox.Gate)
        {
            rendered = EventRenderer.RenderStored(context, item);
        }

        return ValueTask.FromResult(GraphResponse.Created(ODataResponses.Entity(context.Context("users('" + context.UserKey + "')/events/$entity"), rendered)));
    }

    private static ValueTask<GraphResponse> Update(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        var item = EventStore.Update(context.State, mailbox, context.Value("id"), context.Request.ReadJsonObject());
        JsonObject rendered;
        lock (mailbox.Gate)
        {
            rendered = EventRenderer.RenderStored(context, item);
        }

        return ValueTask.FromResult(GraphResponse.Ok(ODataResponses.Entity(context.Context("users('" + context.UserKey + "')/events/$entity"), rendered)));
    }

    private static ValueTask<GraphResponse> Delete(GraphContext context)
    {
        EventStore.Delete(context.State, context.RequireMailbox(), context.Value("id"));
        return ValueTask.FromResult(GraphResponse.NoContent());
    }

    private static JsonObject Calendar(GraphContext context)
    {
        var owner = context.RequireUser();
        return new JsonObject
        {
            ["id"] = Core.OpaqueIds.FromHash(Core.IdKind.Folder, context.State.Seed, Core.Hashing.Of(owner.Id), Core.Hashing.Of("calendar")),
            ["name"] = "Calendar",
            ["color"] = "auto",
            ["hexColor"] = string.Empty,
            ["isDefaultCalendar"] = true,
            ["changeKey"] = Core.ItemStamps.ChangeKey(owner.Id, 0),
            ["canShare"] = true,
            ["canViewPrivateItems"] = true,
            ["canEdit"] = true,
            ["allowedOnlineMeetingProviders"] = new JsonArray("teamsForBusiness"),
            ["defaultOnlineMeetingProvider"] = "teamsForBusiness",
            ["isTallyingResponses"] = true,
            ["isRemovable"] = false,
            ["owner"] = new JsonObject { ["name"] = owner.DisplayName, ["address"] = owner.Mail ?? owner.UserPrincipalName },
        };
    }

    private static ValueTask<GraphResponse> GetCalendar(GraphContext context) =>
        ValueTask.FromResult(GraphResponse.Ok(ODataResponses.Entity(context.Context("users('" + context.UserKey + "')/calendar/$entity"), Calendar(context))));

    private static ValueTask<GraphResponse> ListCalendars(GraphContext context) =>
        ValueTask.FromResult(ODataResponses.Collection(context.Context("users('" + context.UserKey + "')/calendars"), [Calendar(context)]));
}
