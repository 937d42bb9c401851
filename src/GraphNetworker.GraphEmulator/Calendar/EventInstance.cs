using System.Globalization;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;

namespace GraphNetworker.GraphEmulator.Calendar;

/// <summary>One entry of a calendar view: a single instance, an exception, or a generated occurrence of a series.</summary>
internal sealed record EventInstance(string Id, StoredItem Source, DateTimeOffset Start, DateTimeOffset End, string Type, string? SeriesMasterId, DateTimeOffset? OriginalStart)
{
    /// <summary>Occurrence ids wrap the master id and the original start, so any occurrence can be found again.</summary>
    public static string OccurrenceId(string masterId, DateTimeOffset originalStart) =>
        OpaqueIds.Wrap(IdKind.Occurrence, masterId + "|" + originalStart.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture));

    public static bool TryParseOccurrenceId(string id, out string masterId, out DateTimeOffset originalStart)
    {
        masterId = string.Empty;
        originalStart = default;
        if (!OpaqueIds.TryUnwrap(id, IdKind.Occurrence, out var text))
        {
            return false;
        }

        var bar = text.LastIndexOf('|');
        if (bar < 0 || !DateTime.TryParseExact(text[(bar + 1)..], "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start))
        {
            return false;
        }

        masterId = text[..bar];
        originalStart = new DateTimeOffset(start, TimeSpan.Zero);
        return true;
    }
}
