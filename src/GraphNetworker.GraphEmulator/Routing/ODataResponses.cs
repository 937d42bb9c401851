using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Routing;

/// <summary>Builds Graph's response envelopes: collections with <c>@odata.nextLink</c>/<c>deltaLink</c>, entities.</summary>
internal static class ODataResponses
{
    public static GraphResponse Collection(string context, IEnumerable<JsonNode> items, string? nextLink = null, string? deltaLink = null)
    {
        var body = new JsonObject { ["@odata.context"] = context };
        if (nextLink is not null)
        {
            body["@odata.nextLink"] = nextLink;
        }
        else if (deltaLink is not null)
        {
            body["@odata.deltaLink"] = deltaLink;
        }

        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(item);
        }

        body["value"] = array;
        return GraphResponse.Ok(body);
    }

    public static JsonObject Entity(string context, JsonObject item)
    {
        var body = new JsonObject { ["@odata.context"] = context };
        foreach (var (key, value) in item)
        {
            body[key] = value?.DeepClone();
        }

        return body;
    }

    /// <summary>Pages a materialized list with an opaque offset <c>$skiptoken</c> (directory-style paging).</summary>
    public static GraphResponse Paged(GraphContext context, string contextUrl, IReadOnlyList<JsonNode> all, int pageSize, string linkBase)
    {
        var offset = 0;
        if (context.Query.SkipToken is { } token && !TryReadOffset(token, out offset))
        {
            throw GraphErrors.BadRequest("The provided $skiptoken is invalid.");
        }

        var page = all.Skip(offset).Take(pageSize).ToList();
        string? next = null;
        if (offset + page.Count < all.Count)
        {
            var query = RebuildQuery(context.Query, "skiptoken");
            next = linkBase + "?" + (query.Length > 0 ? query + "&" : string.Empty) + "$skiptoken=" + WriteOffset(offset + page.Count);
        }

        return Collection(contextUrl, page, next);
    }

    /// <summary>The request's query string without one option (used to build next links).</summary>
    public static string RebuildQuery(QueryOptions query, string without)
    {
        var parts = new List<string>();
        foreach (var name in query.Names)
        {
            if (name.Equals(without, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var key = IsSystem(name) ? "$" + name : name;
            parts.Add(key + "=" + Uri.EscapeDataString(query.Get(name) ?? string.Empty));
        }

        return string.Join('&', parts);
    }

    private static bool IsSystem(string name) =>
        name is "select" or "filter" or "expand" or "orderby" or "top" or "skip" or "search" or "count";

    internal static string WriteOffset(int offset) =>
        "RFNwdAIAAQAAA" + Convert.ToBase64String(BitConverter.GetBytes(offset)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryReadOffset(string token, out int offset)
    {
        offset = 0;
        if (!token.StartsWith("RFNwdAIAAQAAA", StringComparison.Ordinal))
        {
            return false;
        }

        var b64 = token["RFNwdAIAAQAAA".Length..].Replace('-', '+').Replace('_', '/');
        b64 += new string('=', (4 - (b64.Length % 4)) % 4);
        var buffer = new byte[8];
        if (!Convert.TryFromBase64String(b64, buffer, out var written) || written != 4)
        {
            return false;
        }

        offset = BitConverter.ToInt32(buffer, 0);
        return offset >= 0;
    }
}
