using System.Globalization;

namespace GraphNetworker.GraphEmulator.Routing;

/// <summary>The <c>Prefer</c> preferences Graph honours; several may arrive comma-joined in one header.</summary>
internal sealed record PreferOptions(int? MaxPageSize, string? TimeZone, bool ImmutableIds, string? BodyContentType)
{
    public static readonly PreferOptions None = new(null, null, false, null);

    public static PreferOptions Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return None;
        }

        int? maxPageSize = null;
        string? timeZone = null;
        var immutable = false;
        string? bodyType = null;
        foreach (var raw in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            var name = (eq < 0 ? raw : raw[..eq]).Trim();
            var value = eq < 0 ? string.Empty : raw[(eq + 1)..].Trim().Trim('"');
            if (name.Equals("odata.maxpagesize", StringComparison.OrdinalIgnoreCase) &&
                int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) && size > 0)
            {
                maxPageSize = size;
            }
            else if (name.Equals("outlook.timezone", StringComparison.OrdinalIgnoreCase) && value.Length > 0)
            {
                timeZone = value;
            }
            else if (name.Equals("IdType", StringComparison.OrdinalIgnoreCase))
            {
                immutable = value.Equals("ImmutableId", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("outlook.body-content-type", StringComparison.OrdinalIgnoreCase))
            {
                bodyType = value;
            }
        }

        return new PreferOptions(maxPageSize, timeZone, immutable, bodyType);
    }
}
