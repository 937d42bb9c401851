using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.OData;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Mail;

/// <summary>Mail folders: list (top level), get (id or well-known name), childFolders, and mailFolders/delta.</summary>
internal static class MailFolderHandlers
{
    public static void Register(RouteTable routes)
    {
        routes.Add("GET", "users/{u}/mailFolders", RouteScope.Mailbox, Permissions.MailRead, ListTopLevel)
            .Add("GET", "users/{u}/mailFolders/{f}", RouteScope.Mailbox, Permissions.MailRead, Get)
            .Add("GET", "users/{u}/mailFolders/{f}/childFolders", RouteScope.Mailbox, Permissions.MailRead, ListChildren)
            .Add("GET", "users/{u}/mailFolders/{f}/childFolders/{c}", RouteScope.Mailbox, Permissions.MailRead, GetChild)
            .Add("GET", "users/{u}/mailFolders/delta", RouteScope.Mailbox, Permissions.MailRead, Delta);
    }

    private static ValueTask<GraphResponse> ListTopLevel(GraphContext context) =>
        ValueTask.FromResult(List(context, context.RequireMailbox().RootFolderId, context.UserKey + "')/mailFolders"));

    private static ValueTask<GraphResponse> ListChildren(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        string parent;
        lock (mailbox.Gate)
        {
            parent = ResolveFolder(context, mailbox, context.Value("f"));
        }

        return ValueTask.FromResult(List(context, parent, context.UserKey + "')/mailFolders('" + parent + "')/childFolders"));
    }

    private static GraphResponse List(GraphContext context, string parentId, string contextTail)
    {
        var mailbox = context.RequireMailbox();
        List<JsonNode> folders;
        lock (mailbox.Gate)
        {
            folders = mailbox.ChildFolders(parentId)
                .Select(f => (JsonNode)Projection.Select(MailFolderRenderer.Render(mailbox, f), context.Query.SelectList(), "id"))
                .ToList();
        }

        var pageSize = context.Query.Top ?? context.PageSize();
        var linkBase = context.Request.Path.StartsWith('/') ? context.BaseUrl + context.Request.Path : context.BaseUrl + "/" + context.Request.Path;
        return ODataResponses.Paged(context, context.Context("users('" + contextTail), folders, pageSize, linkBase);
    }

    private static ValueTask<GraphResponse> Get(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        var key = context.Value("f");
        JsonObject folder;
        lock (mailbox.Gate)
        {
            folder = key.Equals(WellKnownFolders.Root, StringComparison.OrdinalIgnoreCase) || key == mailbox.RootFolderId
                ? MailFolderRenderer.Root(mailbox)
                : MailFolderRenderer.Render(mailbox, mailbox.Folder(ResolveFolder(context, mailbox, key))!);
        }

        var body = ODataResponses.Entity(context.Context("users('" + context.UserKey + "')/mailFolders/$entity"), Projection.Select(folder, context.Query.SelectList(), "id"));
        return ValueTask.FromResult(GraphResponse.Ok(body));
    }

    private static ValueTask<GraphResponse> GetChild(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        JsonObject folder;
        lock (mailbox.Gate)
        {
            var parent = ResolveFolder(context, mailbox, context.Value("f"));
            var child = mailbox.Folder(ResolveFolder(context, mailbox, context.Value("c")));
            if (child is null || child.Data["parentFolderId"]?.GetValue<string>() != parent)
            {
                throw GraphErrors.ItemNotFound();
            }

            folder = MailFolderRenderer.Render(mailbox, child);
        }

        var body = ODataResponses.Entity(context.Context("users('" + context.UserKey + "')/mailFolders('" + context.Value("f") + "')/childFolders/$entity"), folder);
        return ValueTask.FromResult(GraphResponse.Ok(body));
    }

    private static ValueTask<GraphResponse> Delta(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        var linkBase = context.UserLink + "/mailFolders/delta";
        DeltaPage page;
        lock (mailbox.Gate)
        {
            var token = DeltaTokens.Read(context, mailbox.Folders, linkBase)
                ?? DeltaTokens.Initial(context, mailbox.Folders, new DeltaQuery { Select = context.Query.Select });
            var select = token.Query.Select?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            page = FlatDeltaEngine.NextPage(new FlatDeltaRequest
            {
                Collection = mailbox.Folders,
                Token = token,
                PageSize = context.PageSize(),
                Render = f => WithType(Projection.Select(MailFolderRenderer.Render(mailbox, f), select, "id")),
                RenderRemoved = MailFolderRenderer.Removed,
                Modes = new DeltaModes(context.Settings.Delta.ReplayItems, context.Settings.Delta.EmptyPages),
            });
        }

        return ValueTask.FromResult(DeltaResponse(context, page, linkBase, "Collection(mailFolder)"));
    }

    internal static GraphResponse DeltaResponse(GraphContext context, DeltaPage page, string linkBase, string contextFragment)
    {
        // delta-query-messages.md: the first response carries "Preference-Applied: odata.track-changes".
        context.AppliedPreferences.Insert(0, "odata.track-changes");
        return ODataResponses.Collection(
            context.Context(contextFragment),
            page.Items,
            page.Next is null ? null : DeltaTokens.Link(context, linkBase, page.Next, isDelta: false),
            page.Delta is null ? null : DeltaTokens.Link(context, linkBase, page.Delta, isDelta: true));
    }

    /// <summary>
    /// A folder id or well-known name to the folder's id. A key that is neither, and not shaped like an
    /// Exchange id either (a display name, or a name v1.0 does not know such as <c>rssfeeds</c>), is
    /// malformed; a well-formed id of no folder (a deleted one) is not found.
    /// </summary>
    internal static string ResolveFolder(GraphContext context, Mailbox mailbox, string idOrName) =>
        mailbox.ResolveFolderId(idOrName) ?? throw (
            context.Settings.Fidelity.MalformedFolderIds == MalformedFolderId.BadRequest400 &&
            !WellKnownFolders.IsWellKnown(idOrName) && !LooksLikeId(idOrName)
                ? GraphErrors.MalformedId()
                : GraphErrors.ItemNotFound());

    /// <summary>Exchange ids are long base64 (or base64url) text; names and short keys are not.</summary>
    private static bool LooksLikeId(string key)
    {
        if (key.Length < 20)
        {
            return false;
        }

        var b64 = key.Replace('-', '+').Replace('_', '/').TrimEnd('=');
        b64 += new string('=', (4 - (b64.Length % 4)) % 4);
        return Convert.TryFromBase64String(b64, new byte[b64.Length], out _);
    }

    private static JsonObject WithType(JsonObject folder)
    {
        var result = new JsonObject { ["@odata.type"] = "#microsoft.graph.mailFolder" };
        foreach (var (k, v) in folder)
        {
            result[k] = v?.DeepClone();
        }

        return result;
    }
}
