using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Calendar;

internal sealed record CalendarDeltaRequest(GraphContext Context, ItemCollection Events, DeltaToken Token, DateTimeOffset From, DateTimeOffset To, int PageSize);

/// <summary>
/// calendarView delta: an initial round walks events by position and emits their instances in the window
/// (series expanded; a series may span pages unless the oversized-page mode is on); later rounds replay
/// changed events: instances in the window, <c>@removed</c> for instances that vanished, and - the documented
/// quirk - <c>@removed</c> for changed events entirely outside the window.
/// </summary>
internal static class CalendarDeltaEngine
{
    private const int RepeatedInstances = 2;

    public static DeltaPage NextPage(CalendarDeltaRequest request)
    {
        var modes = request.Context.Settings.Delta;
        if (modes.EmptyPages && !request.Token.EmptyPageDone)
        {
            return new DeltaPage([], request.Token with { EmptyPageDone = true }, null);
        }

        return request.Token.IsInitialRound ? InitialPage(request, modes.OversizedRecurringPages) : ChangesPage(request);
    }

    private static DeltaPage InitialPage(CalendarDeltaRequest request, bool oversized)
    {
        var token = request.Token;
        var events = request.Events;
        var items = new List<JsonObject>();
        var position = (int)token.Cursor;
        var instance = token.Instance;
        while (position < events.PositionCount && items.Count < request.PageSize)
        {
            var item = events.GetAt(position);
            var instances = item is null ? [] : CalendarExpansion.Instances(events, item, request.From, request.To);
            var fresh = instance == 0;
            var take = oversized ? instances.Count - instance : Math.Min(instances.Count - instance, request.PageSize - items.Count);
            items.AddRange(instances.Skip(instance).Take(take).Select(i => EventRenderer.Render(request.Context, i, forDelta: true)));
            instance += Math.Max(0, take);
            if (instance < instances.Count)
            {
                break;
            }

            if (oversized && fresh && instances.Count > request.PageSize)
            {
                // msgraph-sdk-dotnet#3070: the next page starts inside the series again, repeating ids.
                return new DeltaPage(items, token with { Cursor = position, Instance = Math.Max(0, instances.Count - RepeatedInstances) }, null);
            }

            position++;
            instance = 0;
        }

        if (position < events.PositionCount)
        {
            return new DeltaPage(items, token with { Cursor = position, Instance = instance }, null);
        }

        var delta = token with { Since = token.RoundVersion, Cursor = token.RoundVersion, Instance = 0, EmptyPageDone = false };
        return new DeltaPage(items, null, delta);
    }

    private static DeltaPage ChangesPage(CalendarDeltaRequest request)
    {
        var token = request.Token;
        var items = new List<JsonObject>();
        var lastVersion = Math.Max(token.Since, token.Cursor);
        var more = false;
        foreach (var (version, position) in request.Events.ChangesSince(lastVersion))
        {
            if (items.Count >= request.PageSize)
            {
                more = true;
                break;
            }

            lastVersion = version;
            items.AddRange(ChangedEvent(request, request.Events.SlotAt(position)!));
        }

        if (more)
        {
            return new DeltaPage(items, token with { Cursor = lastVersion }, null);
        }

        var since = Math.Max(lastVersion, Math.Max(token.Since, request.Events.LatestVersion));
        return new DeltaPage(items, null, token with { Since = since, Cursor = since, RoundVersion = since, EmptyPageDone = false });
    }

    private static IEnumerable<JsonObject> ChangedEvent(CalendarDeltaRequest request, ItemCollection.Slot slot)
    {
        var events = request.Events;
        var previous = slot.Previous is null ? [] : CalendarExpansion.Instances(events, slot.Previous, request.From, request.To);
        if (slot.Item is null)
        {
            var gone = previous.Select(i => i.Id).DefaultIfEmpty(slot.Tombstone!.Id).Distinct(StringComparer.Ordinal);
            return gone.Select(EventRenderer.Removed).ToList();
        }

        var current = CalendarExpansion.Instances(events, slot.Item, request.From, request.To);
        if (current.Count == 0)
        {
            return [EventRenderer.Removed(slot.Item.Id)];
        }

        var result = current.Select(i => EventRenderer.Render(request.Context, i, forDelta: true)).ToList();
        var currentIds = current.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        result.AddRange(previous.Where(p => !currentIds.Contains(p.Id)).Select(p => EventRenderer.Removed(p.Id)));
        return result;
    }
}
