namespace GraphNetworker.GraphEmulator.Routing;

/// <summary>How a route is throttled and which permission set it needs.</summary>
internal enum RouteScope
{
    /// <summary>A mailbox resource (Outlook): per-mailbox throttling, application access policy applies.</summary>
    Mailbox,

    /// <summary>A To Do resource: per-mailbox throttling (assumed: Microsoft does not document it), but no application access policy (Tasks.* is not covered).</summary>
    Todo,

    /// <summary>Directory objects (users, groups): no Outlook limits.</summary>
    Directory,

    /// <summary>The $batch envelope itself.</summary>
    Batch,

    /// <summary>A user's Teams resource (chats): the Teams limit per app per tenant; no Exchange scoping applies.</summary>
    Teams,

    /// <summary>A tenant-wide resource (call records): the Teams limit per app per tenant.</summary>
    Tenant,
}

internal delegate ValueTask<GraphResponse> GraphHandler(GraphContext context);

/// <summary>One Graph endpoint: method, a template such as <c>users/{u}/mailFolders/{f}</c>, its handler.</summary>
internal sealed class Route
{
    private readonly string[] _segments;

    public Route(string method, string template, RouteScope scope, string[] roles, GraphHandler handler)
    {
        Method = method;
        Template = template;
        Scope = scope;
        Roles = roles;
        Handler = handler;
        _segments = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
        Name = method + " " + template;
    }

    public string Method { get; }

    public string Template { get; }

    /// <summary>The name used in statistics, e.g. <c>GET users/{u}/calendarView/delta</c>.</summary>
    public string Name { get; }

    public RouteScope Scope { get; }

    /// <summary>Any one of these application roles grants access; empty means no role is needed.</summary>
    public string[] Roles { get; }

    public GraphHandler Handler { get; }

    public int SegmentCount => _segments.Length;

    public bool TryMatch(IReadOnlyList<string> segments, Dictionary<string, string> values)
    {
        if (segments.Count != _segments.Length)
        {
            return false;
        }

        values.Clear();
        for (var i = 0; i < _segments.Length; i++)
        {
            var t = _segments[i];
            if (t[0] == '{')
            {
                values[t[1..^1]] = segments[i];
            }
            else if (!t.Equals(segments[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the path matches the literal segments of this template ignoring the method.</summary>
    public bool MatchesPath(IReadOnlyList<string> segments) => TryMatch(segments, new Dictionary<string, string>());
}
