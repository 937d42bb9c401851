using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Delta;

/// <summary>Reads skip/delta tokens and answers expired ones the way the settings say Graph does.</summary>
internal static class DeltaTokens
{
    /// <summary>The token of this request, or null for an initial request (no token, or an empty <c>$deltatoken=</c>).</summary>
    public static DeltaToken? Read(GraphContext context, ItemCollection collection, string restartUrl)
    {
        var text = context.Query.SkipToken is { Length: > 0 } skip ? skip : context.Query.DeltaToken;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var token = DeltaToken.TryDecode(text);
        var expired = token is null
            || token.StateId != context.State.StateId
            || token.Collection != collection.Key
            || token.Generation != collection.Generation
            || (context.Settings.Delta.MaxTokenAge is { } maxAge &&
                context.Now - DateTimeOffset.FromUnixTimeSeconds(token.IssuedAt) > maxAge);
        if (expired)
        {
            var query = token?.Query.ToQueryString() ?? string.Empty;
            throw Expired(context, restartUrl + "?" + (query.Length > 0 ? query + "&" : string.Empty) + "$deltatoken=");
        }

        return token;
    }

    /// <summary>A fresh token for an initial round.</summary>
    public static DeltaToken Initial(GraphContext context, ItemCollection collection, DeltaQuery query) => new()
    {
        Collection = collection.Key,
        StateId = context.State.StateId,
        Generation = collection.Generation,
        IssuedAt = context.Now.ToUnixTimeSeconds(),
        RoundVersion = context.State.CurrentVersion,
        Query = query,
    };

    public static string Link(GraphContext context, string linkBase, DeltaToken token, bool isDelta) =>
        linkBase + (isDelta ? "?$deltatoken=" : "?$skiptoken=") + (token with { IssuedAt = context.Now.ToUnixTimeSeconds() }).Encode();

    private static GraphException Expired(GraphContext context, string location) =>
        context.Settings.Delta.ExpiredTokenResponse switch
        {
            ExpiredTokenResponse.ResyncRequired400 =>
                new GraphException(400, "resyncRequired", "The delta token is no longer valid, and the app must reset the sync state."),
            ExpiredTokenResponse.SyncStateNotFound400 =>
                new GraphException(400, "syncStateNotFound", GraphErrors.SyncStateNotFoundMessage),
            _ => new GraphException(410, "syncStateNotFound", GraphErrors.SyncStateNotFoundMessage) { Location = location },
        };
}
