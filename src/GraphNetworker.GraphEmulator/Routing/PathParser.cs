namespace GraphNetworker.GraphEmulator.Routing;

/// <summary>
/// Turns a Graph path into plain segments: key syntax <c>users('x')</c> becomes <c>users/x</c>; function calls
/// <c>delta()</c> and <c>microsoft.graph.delta()</c> become <c>delta</c>; casts <c>graph.user</c> become
/// <c>microsoft.graph.user</c>. Segment values are percent-decoded.
/// </summary>
internal static class PathParser
{
    private static readonly string[] BoundFunctions = ["delta", "getSchedule", "findMeetingTimes"];

    public static List<string> Parse(string path)
    {
        var segments = new List<string>();
        foreach (var raw in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(raw) : raw;
            var open = segment.IndexOf('(', StringComparison.Ordinal);
            if (open > 0 && segment.EndsWith(')'))
            {
                var name = segment[..open];
                var inner = segment[(open + 1)..^1];
                segments.Add(NormalizeName(name));
                // users('id') is a key; delta(token='x') has named parameters, which are not keys.
                if (inner.Length > 0 && (inner[0] == '\'' || !inner.Contains('=', StringComparison.Ordinal)))
                {
                    segments.Add(Unquote(inner));
                }

                continue;
            }

            segments.Add(NormalizeName(segment));
        }

        return segments;
    }

    private static string NormalizeName(string name)
    {
        if (name.StartsWith("microsoft.graph.", StringComparison.OrdinalIgnoreCase))
        {
            var bare = name["microsoft.graph.".Length..];
            return BoundFunctions.Contains(bare, StringComparer.OrdinalIgnoreCase) ? bare : "microsoft.graph." + bare;
        }

        if (name.StartsWith("graph.", StringComparison.OrdinalIgnoreCase))
        {
            var bare = name["graph.".Length..];
            return BoundFunctions.Contains(bare, StringComparer.OrdinalIgnoreCase) ? bare : "microsoft.graph." + bare;
        }

        return name;
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == '\'' && text[^1] == '\'' ? text[1..^1].Replace("''", "'", StringComparison.Ordinal) : text;
}
