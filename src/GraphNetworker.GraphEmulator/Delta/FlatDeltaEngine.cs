using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Delta;

/// <summary>
/// Pages through a delta round over one <see cref="ItemCollection"/>, as Graph's message, folder and To Do delta
/// does: an initial round walks the
/// items by position, a later round replays the change log after the token's version, with tombstones
/// (<c>@removed</c>) for removed items. <c>$top</c> caps a whole round, not a page, as Graph does.
/// </summary>
internal static class FlatDeltaEngine
{
    public static DeltaPage NextPage(FlatDeltaRequest request)
    {
        var token = request.Token;
        if (request.Modes.EmptyPages && !token.EmptyPageDone)
        {
            return new DeltaPage([], token with { EmptyPageDone = true }, null);
        }

        return token.IsInitialRound ? InitialPage(request) : ChangesPage(request);
    }

    private static DeltaPage InitialPage(FlatDeltaRequest request)
    {
        var token = request.Token;
        var collection = request.Collection;
        var items = new List<JsonObject>(Math.Min(request.PageSize, 1024));
        AddReplay(request, items);

        var order = request.OrderByDescending is null ? null : OrderedPositions(collection, request.OrderByDescending, token.RoundVersion);
        var limit = order?.Length ?? collection.PositionCount;
        var cursor = (int)token.Cursor;
        var emitted = token.Emitted;
        var lastPosition = -1;
        var created = token.Query.ChangeType is null || token.Query.ChangeType.Equals("created", StringComparison.OrdinalIgnoreCase);
        if (!created || emitted >= request.Cap)
        {
            cursor = limit;
        }

        while (cursor < limit && items.Count < request.PageSize && emitted < request.Cap)
        {
            var position = order is null ? cursor : order[cursor];
            cursor++;
            var item = collection.GetAt(position);
            if (item is null || (request.Filter is not null && !request.Filter(item)))
            {
                continue;
            }

            items.Add(request.Render(item));
            emitted++;
            lastPosition = position;
        }

        if (cursor < limit)
        {
            return new DeltaPage(items, token with { Cursor = cursor, Emitted = emitted, ReplayPosition = lastPosition }, null);
        }

        var delta = token with { Since = token.RoundVersion, Cursor = token.RoundVersion, Emitted = 0, ReplayPosition = -1, EmptyPageDone = false };
        return new DeltaPage(items, null, delta);
    }

    private static DeltaPage ChangesPage(FlatDeltaRequest request)
    {
        var token = request.Token;
        var collection = request.Collection;
        var items = new List<JsonObject>(Math.Min(request.PageSize, 1024));
        AddReplay(request, items);

        var changeType = token.Query.ChangeType?.ToLowerInvariant();
        var emitted = token.Emitted;
        var lastVersion = Math.Max(token.Since, token.Cursor);
        var lastPosition = -1;
        var more = false;
        foreach (var (version, position) in collection.ChangesSince(lastVersion))
        {
            if (items.Count >= request.PageSize || emitted >= request.Cap)
            {
                more = emitted < request.Cap;
                break;
            }

            lastVersion = version;
            var slot = collection.SlotAt(position)!;
            JsonObject? rendered = null;
            if (slot.Item is null)
            {
                if (changeType is null or "deleted" && slot.Tombstone is not null)
                {
                    rendered = request.RenderRemoved(slot.Tombstone);
                }
            }
            else
            {
                var isNew = slot.CreatedVersion > token.Since;
                var wanted = changeType switch
                {
                    "created" => isNew,
                    "updated" => !isNew,
                    "deleted" => false,
                    _ => true,
                };
                if (wanted && (request.Filter is null || request.Filter(slot.Item)))
                {
                    rendered = !isNew && request.RenderChanged is { } partial
                        ? partial(slot.Item, slot.ChangedSince(token.Since))
                        : request.Render(slot.Item);
                    lastPosition = position;
                }
            }

            if (rendered is not null)
            {
                items.Add(rendered);
                emitted++;
            }
        }

        if (more)
        {
            return new DeltaPage(items, token with { Cursor = lastVersion, Emitted = emitted, ReplayPosition = lastPosition }, null);
        }

        var since = Math.Max(lastVersion, Math.Max(token.Since, collection.LatestVersion));
        var delta = token with { Since = since, Cursor = since, RoundVersion = since, Emitted = 0, ReplayPosition = -1, EmptyPageDone = false };
        return new DeltaPage(items, null, delta);
    }

    private static void AddReplay(FlatDeltaRequest request, List<JsonObject> items)
    {
        if (request.Modes.ReplayItems && request.Token.ReplayPosition >= 0 &&
            request.Collection.GetAt(request.Token.ReplayPosition) is { } again)
        {
            items.Add(request.Render(again));
        }
    }

    private static int[] OrderedPositions(ItemCollection collection, Func<StoredItem, DateTimeOffset> key, long roundVersion) =>
        collection.OrderedView(roundVersion, () => collection.LiveItems()
            .OrderByDescending(p => key(p.Item))
            .ThenBy(p => p.Position)
            .Select(p => p.Position)
            .ToArray());
}
