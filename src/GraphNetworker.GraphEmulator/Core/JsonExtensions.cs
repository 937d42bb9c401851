using System.Text.Json;
using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Core;

/// <summary>Small helpers over System.Text.Json nodes, used by every resource renderer.</summary>
internal static class JsonExtensions
{
    public static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string? GetString(this JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool? GetBool(this JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>Finds a property by name ignoring case (Graph's property names are case-insensitive in queries).</summary>
    public static bool TryGetPropertyIgnoreCase(this JsonObject obj, string name, out string actualName, out JsonNode? value)
    {
        if (obj.TryGetPropertyValue(name, out value))
        {
            actualName = name;
            return true;
        }

        foreach (var (key, v) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                actualName = key;
                value = v;
                return true;
            }
        }

        actualName = name;
        value = null;
        return false;
    }

    /// <summary>Sets a property only when it is absent: how a missing optional property takes Graph's default.</summary>
    public static void SetDefault(this JsonObject obj, string name, JsonNode? value)
    {
        if (!obj.ContainsKey(name))
        {
            obj[name] = value;
        }
    }

    /// <summary>A copy whose top-level property names start lower-case (<c>Schedules</c> → <c>schedules</c>).</summary>
    public static JsonObject CamelCaseKeys(JsonObject obj)
    {
        var result = new JsonObject();
        foreach (var (key, value) in obj)
        {
            var name = key.Length > 0 && char.IsUpper(key[0]) ? char.ToLowerInvariant(key[0]) + key[1..] : key;
            result[name] = value?.DeepClone();
        }

        return result;
    }

    public static JsonObject CloneObject(this JsonObject obj) => (JsonObject)obj.DeepClone();

    public static JsonArray ToJsonArray(this IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var v in values)
        {
            array.Add(v);
        }

        return array;
    }

    /// <summary>A stable text form of a node with properties sorted, for payload-equality checks.</summary>
    public static string Canonical(JsonNode? node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, node);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
