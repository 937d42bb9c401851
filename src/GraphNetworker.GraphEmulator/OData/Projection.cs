using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;

namespace GraphNetworker.GraphEmulator.OData;

/// <summary>Applies <c>$select</c>: keeps the named properties (case-insensitive) plus the always-present ones.</summary>
internal static class Projection
{
    public static JsonObject Select(JsonObject full, IReadOnlyList<string>? select, params string[] alwaysKeep)
    {
        if (select is null || select.Count == 0 || select.Contains("*"))
        {
            return full;
        }

        var result = new JsonObject();
        foreach (var (key, value) in full)
        {
            if (key.StartsWith('@') || alwaysKeep.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                result[key] = value?.DeepClone();
            }
        }

        foreach (var name in select)
        {
            if (full.TryGetPropertyIgnoreCase(name, out var actual, out var value))
            {
                result[actual] = value?.DeepClone();
            }
            else if (!name.Contains('/', StringComparison.Ordinal))
            {
                result[name] = null;
            }
        }

        return result;
    }
}
