using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.OData;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Directory;

/// <summary>
/// Users: by id or UPN (soft-deleted users answer 404), list with <c>$filter</c> (including
/// <c>proxyAddresses/any(p:p eq 'X500:…')</c>), <c>$select</c>, <c>$top</c>; leavers under
/// <c>/directory/deletedItems/microsoft.graph.user</c>.
/// </summary>
internal static class UserHandlers
{
    private const int DefaultPageSize = 100;
    private const int MaxTop = 999;

    public static void Register(RouteTable routes)
    {
        routes.Add("GET", "users", RouteScope.Directory, Permissions.UserRead, List)
            .Add("GET", "users/{id}", RouteScope.Directory, Permissions.UserRead, Get)
            .Add("GET", "directory/deletedItems/microsoft.graph.user", RouteScope.Directory, Permissions.UserRead, ListDeleted)
            .Add("GET", "directory/deletedItems/{id}", RouteScope.Directory, Permissions.UserRead, GetDeleted)
            .Add("GET", "directory/deletedItems/microsoft.graph.user/{id}", RouteScope.Directory, Permissions.UserRead, GetDeleted);
    }

    private static ValueTask<GraphResponse> List(GraphContext context)
    {
        AdvancedQueries.Enforce(context, DirectoryCollection.Users, cast: false, context.DirectoryFilter());
        var select = context.Query.SelectList();
        var users = Filter(context, context.State.Directory.Users.Where(u => !u.IsDeleted))
            .Select(u => (JsonNode)DirectoryRenderer.User(u, select))
            .ToList();
        return ValueTask.FromResult(Page(context, users, DirectoryRenderer.SetWithSelect("users", select)));
    }

    private static ValueTask<GraphResponse> Get(GraphContext context)
    {
        var key = context.Value("id");
        var user = context.State.FindLiveUser(key) ?? throw GraphErrors.DirectoryObjectNotFound(key);
        var select = context.Query.SelectList();
        var body = ODataResponses.Entity(context.Context(DirectoryRenderer.SetWithSelect("users", select) + "/$entity"), DirectoryRenderer.User(user, select));
        return ValueTask.FromResult(GraphResponse.Ok(body));
    }

    private static ValueTask<GraphResponse> ListDeleted(GraphContext context)
    {
        AdvancedQueries.Enforce(context, DirectoryCollection.DeletedUsers, cast: true, context.DirectoryFilter());
        var select = context.Query.SelectList() ?? ["id", "displayName", "userPrincipalName", "mail", "deletedDateTime"];
        var users = Filter(context, context.State.Directory.Users.Where(u => u.IsDeleted))
            .Select(u => (JsonNode)DirectoryRenderer.User(u, select))
            .ToList();
        return ValueTask.FromResult(Page(context, users, "directory/deletedItems/microsoft.graph.user"));
    }

    private static ValueTask<GraphResponse> GetDeleted(GraphContext context)
    {
        var key = context.Value("id");
        var user = context.State.Directory.Find(key) is { IsDeleted: true } u ? u : throw GraphErrors.DirectoryObjectNotFound(key);
        var body = ODataResponses.Entity(context.Context("directory/deletedItems/$entity"), DirectoryRenderer.User(user, context.Query.SelectList(), withType: true));
        return ValueTask.FromResult(GraphResponse.Ok(body));
    }

    /// <summary>Applies <c>$filter</c>; address equality uses the directory's address index instead of a scan.</summary>
    internal static IEnumerable<DirectoryUser> Filter(GraphContext context, IEnumerable<DirectoryUser> users)
    {
        if (context.DirectoryFilter() is not { } filter)
        {
            return users;
        }

        if (IndexedAddress(filter) is { } address)
        {
            var candidate = context.State.Directory.FindByAddress(address);
            users = candidate is null ? [] : users.Where(u => ReferenceEquals(u, candidate));
        }

        return users.Where(u => FilterEvaluator.Directory.Matches(filter, u.Data));
    }

    internal static GraphResponse Page(GraphContext context, List<JsonNode> items, string set)
    {
        var top = context.Query.Top;
        if (top is > MaxTop)
        {
            throw new GraphException(400, "Request_UnsupportedQuery", $"Invalid page size specified: '{top}'. Must be between 1 and {MaxTop} inclusive.");
        }

        var response = ODataResponses.Paged(context, context.Context(set), items, top ?? DefaultPageSize, context.BaseUrl + context.Request.Path);
        if (AdvancedQueries.Counts(context) && response.Body is JsonObject body)
        {
            body["@odata.count"] = items.Count;
        }

        return response;
    }

    private static string? IndexedAddress(FilterNode filter) => filter switch
    {
        FilterBinary { Operator: "and" } and => IndexedAddress(and.Left) ?? IndexedAddress(and.Right),
        FilterBinary { Operator: "eq", Left: FilterPath { Parts: [var p] }, Right: FilterLiteral { Kind: LiteralKind.String } v }
            when p.Equals("mail", StringComparison.OrdinalIgnoreCase) || p.Equals("userPrincipalName", StringComparison.OrdinalIgnoreCase) => v.Text,
        FilterLambda { All: false, Collection.Parts: [var c], Body: FilterBinary { Operator: "eq", Right: FilterLiteral { Kind: LiteralKind.String } v } }
            when c.Equals("proxyAddresses", StringComparison.OrdinalIgnoreCase) || c.Equals("otherMails", StringComparison.OrdinalIgnoreCase) => v.Text,
        _ => null,
    };
}
