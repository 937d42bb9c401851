namespace GraphNetworker.GraphEmulator.Routing;

/// <summary>All Graph routes; literal segments win over parameters when two templates could match.</summary>
internal sealed class RouteTable
{
    private readonly List<Route> _routes = [];

    public IReadOnlyList<Route> Routes => _routes;

    public RouteTable Add(string method, string template, RouteScope scope, string[] roles, GraphHandler handler)
    {
        _routes.Add(new Route(method, template, scope, roles, handler));
        return this;
    }

    public RouteMatch? Match(string method, IReadOnlyList<string> segments, out bool pathKnown)
    {
        pathKnown = false;
        Route? best = null;
        Dictionary<string, string>? bestValues = null;
        var bestLiterals = -1;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var route in _routes)
        {
            if (!route.TryMatch(segments, values))
            {
                continue;
            }

            pathKnown = true;
            if (!route.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var literals = route.SegmentCount - values.Count;
            if (literals > bestLiterals)
            {
                best = route;
                bestValues = new Dictionary<string, string>(values, StringComparer.Ordinal);
                bestLiterals = literals;
            }
        }

        return best is null ? null : new RouteMatch(best, bestValues!);
    }
}

internal sealed record RouteMatch(Route Route, IReadOnlyDictionary<string, string> Values);
