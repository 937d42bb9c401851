using GraphNetworker.GraphEmulator.OData;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Directory;

/// <summary>Which directory collection a request reads, for the advanced-query rules that differ between them.</summary>
internal enum DirectoryCollection
{
    Users,
    Groups,
    DeletedUsers,
    Members,
    TransitiveMembers,
}

/// <summary>
/// Microsoft's "advanced query capabilities on directory objects": some queries work only with the
/// <c>ConsistencyLevel: eventual</c> header and <c>$count=true</c> (the <c>$search</c> header alone), and are
/// otherwise answered 400 <c>Request_UnsupportedQuery</c>; <c>$count=true</c> without the header is ignored.
/// </summary>
internal static class AdvancedQueries
{
    private const string Advice = "Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information";

    /// <summary>True when the caller sent <c>ConsistencyLevel: eventual</c>.</summary>
    public static bool IsEventual(GraphContext context) =>
        string.Equals(context.Request.Header("ConsistencyLevel")?.Trim(), "eventual", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <c>@odata.count</c> is added: <c>$count=true</c>, and (when the rule applies) the header.</summary>
    public static bool Counts(GraphContext context) =>
        string.Equals(context.Query.Get("count"), "true", StringComparison.OrdinalIgnoreCase) &&
        (context.Settings.Fidelity.AdvancedQueries == AdvancedQueryRule.NotRequired || IsEventual(context));

    /// <summary>Refuses a query that needs the advanced query parameters when they are missing.</summary>
    /// <param name="context">The request.</param>
    /// <param name="collection">The collection read.</param>
    /// <param name="cast">True for an OData cast segment (<c>…/microsoft.graph.user</c>).</param>
    /// <param name="filter">The parsed <c>$filter</c>, or null.</param>
    public static void Enforce(GraphContext context, DirectoryCollection collection, bool cast, FilterNode? filter)
    {
        if (context.Settings.Fidelity.AdvancedQueries == AdvancedQueryRule.NotRequired)
        {
            return;
        }

        var eventual = IsEventual(context);
        if (context.Query.Search is not null && !eventual)
        {
            throw GraphErrors.UnsupportedDirectoryQuery("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
        }

        var reason = Reason(context, collection, cast, filter);
        if (reason is null || (eventual && Counts(context)))
        {
            return;
        }

        // The SDK's page iterators do not repeat request headers on next links: Graph then refuses the page token.
        throw context.Query.SkipToken is not null
            ? GraphErrors.UnsupportedDirectoryQuery("Unable to execute query; invalid page token specified.")
            : GraphErrors.UnsupportedDirectoryQuery(reason + " is not supported because the required parameters might be missing. " + Advice);
    }

    private static string? Reason(GraphContext context, DirectoryCollection collection, bool cast, FilterNode? filter)
    {
        if (cast && collection == DirectoryCollection.TransitiveMembers)
        {
            return "The OData cast on transitiveMembers";
        }

        // $search needs only the header (checked above), except on transitiveMembers, whose page asks for $count too.
        if (collection == DirectoryCollection.TransitiveMembers && (filter is not null || context.Query.Search is not null))
        {
            return "$filter or $search on transitiveMembers";
        }

        if (Operator(filter) is { } op)
        {
            return "Operator '" + op + "'";
        }

        if (context.Query.OrderBy is { } orderBy)
        {
            if (filter is not null)
            {
                return "Using $filter and $orderby in the same query";
            }

            if (collection == DirectoryCollection.TransitiveMembers || !DefaultOrderBy(collection, orderBy))
            {
                return "$orderby on '" + orderBy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0] + "'";
            }
        }

        return null;
    }

    /// <summary>The orderings that work without advanced query parameters (advanced-query page, "Support for sorting").</summary>
    private static bool DefaultOrderBy(DirectoryCollection collection, string orderBy) =>
        orderBy.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => o.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0])
            .All(p => collection switch
            {
                DirectoryCollection.Users or DirectoryCollection.DeletedUsers or DirectoryCollection.Members =>
                    p.Equals("displayName", StringComparison.OrdinalIgnoreCase) || p.Equals("userPrincipalName", StringComparison.OrdinalIgnoreCase),
                DirectoryCollection.Groups => p.Equals("displayName", StringComparison.OrdinalIgnoreCase),
                _ => false,
            });

    /// <summary>The first operator of a filter that only advanced queries support: ne, not, endsWith.</summary>
    private static string? Operator(FilterNode? node) => node switch
    {
        FilterBinary { Operator: "ne" } => "ne",
        FilterBinary b => Operator(b.Left) ?? Operator(b.Right),
        FilterNot => "not",
        FilterCall { Name: "endswith" } => "endsWith",
        FilterCall c => c.Arguments.Select(Operator).FirstOrDefault(o => o is not null),
        FilterLambda l => Operator(l.Body),
        _ => null,
    };
}
