using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GraphNetworker.Store.Configuration;

/// <summary>How the engine's lists and spans are stored: compact text any provider can hold, compared by value.</summary>
internal static class Converters
{
    public static readonly ValueConverter<IReadOnlyList<string>, string> StringList = new(v => WriteList(v), v => ReadList(v));

    public static readonly ValueComparer<IReadOnlyList<string>> StringListComparer = new(
        (a, b) => ReferenceEquals(a, b) || (a != null && b != null && a.SequenceEqual(b)),
        v => v.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode(StringComparison.Ordinal))),
        v => v.ToList());

    /// <summary>A cadence's span in days (a fraction where configured so), readable in SQL.</summary>
    public static readonly ValueConverter<TimeSpan, double> Days = new(v => v.TotalDays, v => TimeSpan.FromDays(v));

    public static string WriteList(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    public static List<string> ReadList(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];
}
