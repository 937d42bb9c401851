using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.OData;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Directory;

/// <summary>Groups: get, list, members and transitiveMembers (with the <c>microsoft.graph.user</c> cast).</summary>
internal static class GroupHandlers
{
    public static void Register(RouteTable routes)
    {
        routes.Add("GET", "groups", RouteScope.Directory, Permissions.GroupMemberRead, List)
            .Add("GET", "groups/{g}", RouteScope.Directory, Permissions.GroupMemberRead, Get);
        foreach (var relation in new[] { "members", "transitiveMembers" })
        {
            var transitive = relation == "transitiveMembers";
            routes.Add("GET", "groups/{g}/" + relation, RouteScope.Directory, Permissions.GroupMemberRead, c => Members(c, transitive, usersOnly: false))
                .Add("GET", "groups/{g}/" + relation + "/microsoft.graph.user", RouteScope.Directory, Permissions.GroupMemberRead, c => Members(c, transitive, usersOnly: true));
        }
    }

    private static ValueTask<GraphResponse> List(GraphContext context)
    {
        var select = context.Query.SelectList();
        var filter = context.DirectoryFilter();
        AdvancedQueries.Enforce(context, DirectoryCollection.Groups, cast: false, filter);
        var groups = context.State.Directory.Groups
            .Where(g => filter is null || FilterEvaluator.Directory.Matches(filter, g.Data))
            .Select(g => (JsonNode)DirectoryRenderer.Group(g, select)).ToList();
        return ValueTask.FromResult(UserHandlers.Page(context, groups, DirectoryRenderer.SetWithSelect("groups", select)));
    }

    private static ValueTask<GraphResponse> Get(GraphContext context)
    {
        var group = Find(context);
        var select = context.Query.SelectList();
        var body = ODataResponses.Entity(context.Context(DirectoryRenderer.SetWithSelect("groups", select) + "/$entity"), DirectoryRenderer.Group(group, select));
        return ValueTask.FromResult(GraphResponse.Ok(body));
    }

    private static ValueTask<GraphResponse> Members(GraphContext context, bool transitive, bool usersOnly)
    {
        AdvancedQueries.Enforce(context, transitive ? DirectoryCollection.TransitiveMembers : DirectoryCollection.Members, usersOnly, context.DirectoryFilter());
        var group = Find(context);
        var directory = context.State.Directory;
        var members = transitive ? directory.TransitiveMembersOf(group) : directory.MembersOf(group);
        IEnumerable<object> selected = usersOnly ? members.OfType<DirectoryUser>() : members;
        if (usersOnly)
        {
            selected = UserHandlers.Filter(context, selected.Cast<DirectoryUser>());
        }

        var select = context.Query.SelectList();
        var items = selected.Select(m => (JsonNode)DirectoryRenderer.Member(m, select, withType: !usersOnly)).ToList();
        return ValueTask.FromResult(UserHandlers.Page(context, items, usersOnly ? DirectoryRenderer.SetWithSelect("users", select) : "directoryObjects"));
    }

    private static DirectoryGroup Find(GraphContext context)
    {
        var id = context.Value("g");
        return context.State.Directory.FindGroup(id) ?? throw GraphErrors.DirectoryObjectNotFound(id);
    }
}
