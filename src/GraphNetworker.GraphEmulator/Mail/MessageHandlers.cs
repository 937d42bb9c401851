using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.OData;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Mail;

/// <summary>Messages: per-folder delta (Graph tracks message changes one folder at a time), get by id, and plain listing.</summary>
internal static class MessageHandlers
{
    public static void Register(RouteTable routes)
    {
        routes.Add("GET", "users/{u}/mailFolders/{f}/messages/delta", RouteScope.Mailbox, Permissions.MailRead, Delta)
            .Add("GET", "users/{u}/mailFolders/{f}/messages", RouteScope.Mailbox, Permissions.MailRead, ListInFolder)
            .Add("GET", "users/{u}/mailFolders/{f}/messages/{id}", RouteScope.Mailbox, Permissions.MailRead, Get)
            .Add("GET", "users/{u}/messages/{id}", RouteScope.Mailbox, Permissions.MailRead, Get)
            .Add("GET", "users/{u}/messages", RouteScope.Mailbox, Permissions.MailRead, ListAll);
    }

    private static ValueTask<GraphResponse> Delta(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        string linkBase;
        DeltaPage page;
        lock (mailbox.Gate)
        {
            var folderId = MailFolderHandlers.ResolveFolder(context, mailbox, context.Value("f"));
            var collection = mailbox.MessagesIn(folderId)!;
            linkBase = context.UserLink + "/mailFolders('" + folderId + "')/messages/delta";
            var token = DeltaTokens.Read(context, collection, linkBase)
                ?? DeltaTokens.Initial(context, collection, MessageDeltaQuery.FromRequest(context.Query));
            var query = token.Query;
            var select = query.Select?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            MessageRenderer.EnsureSelectable(context, select);
            var filter = query.Filter is null ? null : MessageDeltaQuery.ReceivedAfter(query.Filter);
            var cap = Math.Min(query.Top ?? int.MaxValue, filter is null ? int.MaxValue : MessageDeltaQuery.FilteredCap);
            page = FlatDeltaEngine.NextPage(new FlatDeltaRequest
            {
                Collection = collection,
                Token = token,
                PageSize = context.PageSize(),
                Render = item => MessageRenderer.Render(context, item, folderId, select, forDelta: true),
                RenderRemoved = item => MessageRenderer.Removed(context, item),
                RenderChanged = context.Settings.Fidelity.PartialDeltaUpdates
                    ? (item, changed) => MessageRenderer.RenderPartial(context, item, folderId, select, changed)
                    : null,
                Filter = filter,
                OrderByDescending = query.OrderBy is null ? null : MessageDeltaQuery.ReceivedKey,
                Cap = cap,
                Modes = new DeltaModes(context.Settings.Delta.ReplayItems, context.Settings.Delta.EmptyPages),
            });
        }

        return ValueTask.FromResult(MailFolderHandlers.DeltaResponse(context, page, linkBase, "Collection(message)"));
    }

    private static ValueTask<GraphResponse> Get(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        var id = context.Value("id");
        MessageRenderer.EnsureSelectable(context, context.Query.SelectList());
        JsonObject message;
        lock (mailbox.Gate)
        {
            var found = mailbox.FindMessage(id) ?? throw GraphErrors.ItemNotFound();
            if (context.Match.Values.TryGetValue("f", out var f) && MailFolderHandlers.ResolveFolder(context, mailbox, f) != found.FolderId)
            {
                throw GraphErrors.ItemNotFound();
            }

            message = MessageRenderer.Render(context, found.Item, found.FolderId, context.Query.SelectList(), forDelta: false);
        }

        return ValueTask.FromResult(GraphResponse.Ok(ODataResponses.Entity(context.Context("users('" + context.UserKey + "')/messages/$entity"), message)));
    }

    private static ValueTask<GraphResponse> ListInFolder(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        string folderId;
        lock (mailbox.Gate)
        {
            folderId = MailFolderHandlers.ResolveFolder(context, mailbox, context.Value("f"));
        }

        return ValueTask.FromResult(List(context, [folderId], "users('" + context.UserKey + "')/mailFolders('" + context.Value("f") + "')/messages"));
    }

    private static ValueTask<GraphResponse> ListAll(GraphContext context)
    {
        var mailbox = context.RequireMailbox();
        List<string> folders;
        lock (mailbox.Gate)
        {
            folders = mailbox.Folders.LiveItems().Select(f => f.Item.Id).ToList();
        }

        return ValueTask.FromResult(List(context, folders, "users('" + context.UserKey + "')/messages"));
    }

    /// <summary>Lists messages newest first (Graph's default order), with <c>$filter</c>, <c>$top</c> and skip paging.</summary>
    private static GraphResponse List(GraphContext context, IReadOnlyList<string> folderIds, string contextFragment)
    {
        var mailbox = context.RequireMailbox();
        var filter = context.OutlookFilter();
        MessageRenderer.EnsureSelectable(context, context.Query.SelectList());

        List<JsonNode> rendered;
        lock (mailbox.Gate)
        {
            rendered = folderIds
                .SelectMany(f => (mailbox.MessagesIn(f)?.LiveItems() ?? []).Select(p => (Folder: f, p.Item)))
                .Where(m => filter is null || FilterEvaluator.Outlook.Matches(filter, m.Item.Data))
                .OrderByDescending(m => MessageDeltaQuery.ReceivedKey(m.Item))
                .Select(m => (JsonNode)MessageRenderer.Render(context, m.Item, m.Folder, context.Query.SelectList(), forDelta: false))
                .ToList();
        }

        var pageSize = Math.Min(context.Query.Top ?? context.PageSize(), 1000);
        return ODataResponses.Paged(context, context.Context(contextFragment), rendered, pageSize, context.BaseUrl + context.Request.Path);
    }
}
