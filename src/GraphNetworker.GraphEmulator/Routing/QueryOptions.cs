using System.Globalization;

namespace GraphNetworker.GraphEmulator.Routing;

/// <summary>
/// OData query options of one request. Accepts <c>$select</c>, <c>%24select</c> and <c>select</c> alike
/// (Kiota decodes <c>%24</c>, a plain HttpClient does not). '+' is kept literally, because $batch sub-request
/// URLs arrive unescaped and e-mail addresses may contain it.
/// </summary>
internal sealed class QueryOptions
{
    private static readonly HashSet<string> SystemOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "select", "filter", "expand", "orderby", "top", "skip", "search", "count", "skiptoken", "deltatoken", "format",
    };

    private readonly Dictionary<string, string> _values;

    private QueryOptions(Dictionary<string, string> values) => _values = values;

    public static QueryOptions Empty { get; } = new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    public string? Select => Get("select");

    public string? Filter => Get("filter");

    public string? Expand => Get("expand");

    public string? OrderBy => Get("orderby");

    public string? Search => Get("search");

    public string? SkipToken => Get("skiptoken");

    public string? DeltaToken => Get("deltatoken");

    public IEnumerable<string> Names => _values.Keys;

    public static QueryOptions Parse(string query)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Decode(pair[(eq + 1)..]);
            if (key.StartsWith('$'))
            {
                key = key[1..];
            }

            values[key] = value;
        }

        return new QueryOptions(values);
    }

    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public bool Has(string name) => _values.ContainsKey(name);

    public int? Top => ParseInt("top");

    public int? Skip => ParseInt("skip");

    /// <summary>True when an OData system option (other than those listed) is present.</summary>
    public string? FirstSystemOptionExcept(params string[] allowed) =>
        _values.Keys.FirstOrDefault(k => SystemOptions.Contains(k) && !allowed.Contains(k, StringComparer.OrdinalIgnoreCase));

    /// <summary>The selected property names, or null when there is no <c>$select</c>.</summary>
    public IReadOnlyList<string>? SelectList()
    {
        var select = Select;
        if (string.IsNullOrWhiteSpace(select))
        {
            return null;
        }

        return select.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private int? ParseInt(string name)
    {
        var text = Get(name);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw GraphErrors.BadRequest($"Invalid value '{text}' for query option '${name}'.");
        }

        return value;
    }

    private static string Decode(string text) => text.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(text) : text;
}
