using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.OData;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Teams;

/// <summary>
/// A user's chats as Microsoft documents them (docs/emulator.md, "Teams"): <c>GET /users/{id}/chats</c> with
/// <c>$expand</c> of <c>members</c> (at most 25 members per chat, a documented known issue) or
/// <c>lastMessagePreview</c>, <c>$top</c> up to 50, <c>$filter</c>, and <c>$orderby</c> only on
/// <c>lastMessagePreview/createdDateTime desc</c>; any other option is refused. The preview carries message text,
/// so under <c>Chat.ReadBasic.All</c> ("names and members") it is refused unless
/// <see cref="GraphFidelityOptions.ChatPreviewUnderReadBasic"/> says otherwise. A chat's members have their own
/// endpoint, without query options.
/// </summary>
internal static class ChatHandlers
{
    public const int DefaultPageSize = 20;
    public const int MaxTop = 50;
    public const int MaxExpandedMembers = 25;
    private const string PreviewOrder = "lastmessagepreview/createddatetime desc";

    public static void Register(RouteTable routes)
    {
        routes.Add("GET", "users/{u}/chats", RouteScope.Teams, Permissions.ChatRead, List)
            .Add("GET", "users/{u}/chats/{chat}", RouteScope.Teams, Permissions.ChatRead, Get)
            .Add("GET", "users/{u}/chats/{chat}/members", RouteScope.Teams, Permissions.ChatMemberRead, Members);
    }

    private static ValueTask<GraphResponse> List(GraphContext context)
    {
        if (context.Query.FirstSystemOptionExcept("expand", "top", "filter", "orderby", "skiptoken") is { } option)
        {
            throw GraphErrors.BadRequest($"Query option '${option}' is not supported on chats.");
        }

        var top = context.Query.Top;
        if (top is < 1 or > MaxTop)
        {
            throw GraphErrors.BadRequest($"Invalid page size specified: '{top}'. Must be between 1 and {MaxTop} inclusive.");
        }

        var (members, preview) = Expansions(context, allowPreview: true);
        var ordered = context.Query.OrderBy is { } order
            ? string.Join(' ', order.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant() == PreviewOrder
                ? true
                : throw GraphErrors.BadRequest("$orderby is supported only on lastMessagePreview/createdDateTime in descending order.")
            : false;

        var user = context.RequireUser();
        var chats = context.State.Teams.ChatsOf(user.Id);
        if (context.Query.Filter is { } text)
        {
            var filter = GraphContext.ParseFilter(text, GraphErrors.BadRequest);
            chats = [.. chats.Where(c => FilterEvaluator.Directory.Matches(filter, c))];
        }

        chats = ordered
            ? [.. chats.OrderByDescending(LastMessageAt).ThenBy(c => c.GetString("id"), StringComparer.Ordinal)]
            : [.. chats.OrderByDescending(c => c.GetString("createdDateTime"), StringComparer.Ordinal).ThenBy(c => c.GetString("id"), StringComparer.Ordinal)];
        var items = chats.Select(c => (JsonNode)Render(c, members, preview)).ToList();
        var set = "users('" + user.Id + "')/chats" + (members || preview ? "(" + (members ? "members()" : "lastMessagePreview()") + ")" : string.Empty);
        return ValueTask.FromResult(ODataResponses.Paged(context, context.Context(set), items, top ?? DefaultPageSize, context.BaseUrl + context.Request.Path));
    }

    private static ValueTask<GraphResponse> Get(GraphContext context)
    {
        if (context.Query.FirstSystemOptionExcept("expand") is { } option)
        {
            throw GraphErrors.BadRequest($"Query option '${option}' is not supported on a chat.");
        }

        var (members, _) = Expansions(context, allowPreview: false);
        var chat = ChatOf(context);
        var body = ODataResponses.Entity(context.Context("chats/$entity"), Render(chat, members, preview: false));
        return ValueTask.FromResult(GraphResponse.Ok(body));
    }

    private static ValueTask<GraphResponse> Members(GraphContext context)
    {
        if (context.Query.FirstSystemOptionExcept() is { } option)
        {
            throw GraphErrors.BadRequest($"Query option '${option}' is not supported on chat members.");
        }

        var chat = ChatOf(context);
        var members = (chat["members"] as JsonArray ?? []).OfType<JsonObject>().Select(m => (JsonNode)m.CloneObject()).ToList();
        return ValueTask.FromResult(ODataResponses.Collection(context.Context("users('" + context.RequireUser().Id + "')/chats('" + chat.GetString("id") + "')/members"), members));
    }

    /// <summary>The chat named in the path, when the user is one of its members (otherwise Graph answers 404).</summary>
    private static JsonObject ChatOf(GraphContext context)
    {
        var id = context.Value("chat");
        var chat = context.State.Teams.Chat(id);
        return chat is not null && TeamsStore.IsMember(chat, context.RequireUser().Id)
            ? chat
            : throw new GraphException(404, "NotFound", $"Chat '{id}' was not found for this user.");
    }

    private static (bool Members, bool Preview) Expansions(GraphContext context, bool allowPreview)
    {
        bool members = false, preview = false;
        IReadOnlyList<ExpandOption> expand;
        try
        {
            expand = ExpandOption.Parse(context.Query.Expand);
        }
        catch (FormatException e)
        {
            throw GraphErrors.BadRequest(e.Message);
        }

        foreach (var item in expand)
        {
            if (item.Property.Equals("members", StringComparison.OrdinalIgnoreCase))
            {
                members = true;
            }
            else if (allowPreview && item.Property.Equals("lastMessagePreview", StringComparison.OrdinalIgnoreCase))
            {
                preview = true;
            }
            else
            {
                throw GraphErrors.BadRequest($"Expanding '{item.Property}' is not supported here.");
            }
        }

        if (preview && !context.Grant.HasAny(Permissions.ChatMessagesRead) &&
            context.Settings.Fidelity.ChatPreviewUnderReadBasic == ChatPreviewUnderReadBasic.Refused403)
        {
            throw new GraphException(403, "Forbidden",
                "Missing role permissions on the request. API requires one of 'Chat.Read.All, Chat.ReadWrite.All' to expand lastMessagePreview. Roles on the request '" +
                string.Join(", ", context.Grant.Roles) + "'.");
        }

        return (members, preview);
    }

    private static JsonObject Render(JsonObject chat, bool members, bool preview)
    {
        var item = chat.CloneObject();
        if (members && item["members"] is JsonArray list)
        {
            item["members"] = new JsonArray([.. list.Take(MaxExpandedMembers).Select(m => m?.DeepClone())]);
        }
        else
        {
            item.Remove("members");
        }

        if (!preview)
        {
            item.Remove("lastMessagePreview");
        }

        return item;
    }

    private static string LastMessageAt(JsonObject chat) =>
        (chat["lastMessagePreview"] as JsonObject)?.GetString("createdDateTime") ?? string.Empty;
}
