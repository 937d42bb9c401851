using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace GraphNetworker.Graph.Sync;

/// <summary>A Graph item that cannot be kept, with the reason in words (never its content).</summary>
public sealed class MalformedItemException(string reason) : Exception(reason);

/// <summary>Careful reads from one Graph item's JSON: a wrong type or an impossible value is a reason, not a crash.</summary>
internal static class Json
{
    private static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A text property, cleaned of control characters and bounded (<paramref name="clean"/> false keeps it verbatim, for values such as addresses that must not be silently changed).</summary>
    public static string? Text(JsonElement item, string name, int maxLength = 4096, bool clean = true)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return TextValue(value, name, maxLength, clean);
    }

    /// <summary>The same for a property's value already found (<c>default</c> when the item has no such property).</summary>
    public static string? TextValue(JsonElement value, string name, int maxLength = 4096, bool clean = true)
    {
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new MalformedItemException($"'{name}' is {value.ValueKind}, not text");
        }

        var text = value.GetString();
        return text is null ? null : clean ? Clean(text, maxLength) : text.Length <= maxLength ? text : text[..maxLength];
    }

    /// <summary>Checks that a text property is text (or missing, or null) without reading it.</summary>
    public static void CheckText(JsonElement item, string name)
    {
        if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw new MalformedItemException($"'{name}' is {value.ValueKind}, not text");
        }
    }

    /// <summary>
    /// An address, verbatim, or null when it is longer than any address kept (<see cref="MessageMapper.MaxAddressLength"/>):
    /// cut short it would be another address, and whole it would not fit the store's columns.
    /// </summary>
    public static string? Address(JsonElement item, string name) =>
        Text(item, name, 1024, clean: false) is { Length: <= MessageMapper.MaxAddressLength } address ? address : null;

    public static bool Flag(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && FlagValue(value, name);

    public static bool FlagValue(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => false,
        _ => throw new MalformedItemException($"'{name}' is {value.ValueKind}, not true or false"),
    };

    public static JsonElement? Object(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) ? ObjectValue(value, name) : null;

    public static JsonElement? ObjectValue(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.Object => value,
        _ => throw new MalformedItemException($"'{name}' is {value.ValueKind}, not an object"),
    };

    public static IEnumerable<JsonElement> Array(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) ? ArrayValue(value, name) : [];

    public static IEnumerable<JsonElement> ArrayValue(JsonElement value, string name) => IsList(value, name) ? value.EnumerateArray() : [];

    /// <summary>Whether a value found is a list (false when missing or null; a reason to skip when it is anything else).</summary>
    public static bool IsList(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => false,
        JsonValueKind.Array => true,
        _ => throw new MalformedItemException($"'{name}' is {value.ValueKind}, not a list"),
    };

    /// <summary>An ISO 8601 time; impossible values (unparseable, before 1900, after 2200) are reasons to skip the item.</summary>
    public static DateTimeOffset? Time(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) ? TimeValue(value, name) : null;

    /// <summary>
    /// The same for a value found. Graph writes UTC times with a <c>Z</c>, which the reader's own ISO 8601 parser reads
    /// without making a string; a time with another offset, or in another form, goes through the general parser. A time
    /// with no offset is UTC either way.
    /// </summary>
    public static DateTimeOffset? TimeValue(JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.String && value.TryGetDateTime(out var utc) && utc.Kind != DateTimeKind.Local)
        {
            var time = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
            return time >= Earliest && time <= Latest ? time : throw new MalformedItemException($"'{name}' is an impossible date");
        }

        var text = TextValue(value, name, 64);
        if (text is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) ||
            parsed < Earliest || parsed > Latest)
        {
            throw new MalformedItemException($"'{name}' is an impossible date");
        }

        return parsed;
    }

    /// <summary>One of a known set of values (Graph enums), compared without case; anything else is a reason to skip.</summary>
    public static string? OneOf(JsonElement item, string name, params string[] allowed) =>
        OneOfValue(item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) ? value : default, name, allowed);

    public static string? OneOfValue(JsonElement value, string name, params string[] allowed)
    {
        var text = TextValue(value, name, 64);
        if (text is null)
        {
            return null;
        }

        foreach (var known in allowed)
        {
            if (known.Equals(text, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        throw new MalformedItemException($"'{name}' has an unknown value");
    }

    /// <summary>Control characters (<see cref="char.IsControl(char)"/>: U+0000–U+001F, U+007F–U+009F) and surrogates (checked pair by pair when found).</summary>
    private static readonly SearchValues<char> ControlsAndSurrogates = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Concat(Enumerable.Range(0xD800, 0x800)).Select(c => (char)c)]);

    /// <summary>Control characters removed and length bounded: names and ids are kept, not their noise.</summary>
    public static string Clean(string text, int maxLength)
    {
        if (text.Length <= maxLength && !text.AsSpan().ContainsAny(ControlsAndSurrogates))
        {
            return text;
        }

        var cleaned = new string(text.Where(c => !char.IsControl(c)).ToArray());
        cleaned = cleaned.Length <= maxLength ? cleaned : cleaned[..maxLength];

        // Never cut a surrogate pair in half, and drop lone surrogates (rather than show a replacement character).
        var kept = new System.Text.StringBuilder(cleaned.Length);
        for (var i = 0; i < cleaned.Length; i++)
        {
            if (char.IsHighSurrogate(cleaned[i]) && i + 1 < cleaned.Length && char.IsLowSurrogate(cleaned[i + 1]))
            {
                kept.Append(cleaned, i++, 2);
            }
            else if (!char.IsSurrogate(cleaned[i]))
            {
                kept.Append(cleaned[i]);
            }
        }

        return kept.ToString();
    }
}
