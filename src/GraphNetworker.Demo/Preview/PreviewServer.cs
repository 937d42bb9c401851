using System.Globalization;
using GraphNetworker.Core.Model;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Repositories;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using WebApplication = Microsoft.AspNetCore.Builder.WebApplication;
using Mailbox = GraphNetworker.Store.Entities.Mailbox;

namespace GraphNetworker.Demo.Preview;

/// <summary>
/// A local page that shows what each user now sees in Outlook, read back through Microsoft Graph exactly as Outlook
/// would show it: the "Keep in touch" To Do list and a working week of the calendar with the coffee holds.
/// </summary>
public sealed class PreviewServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PreviewServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<PreviewServer> StartAsync(IServiceProvider worker, string url, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();

        // The page is served inside the demo's command, which answers Ctrl+C and SIGTERM itself: the default console
        // lifetime would take those signals and stop only this page, leaving the demo waiting forever.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();

        // Served on loopback for the person running the demo: a page asked for under any other host name is a DNS
        // rebinding attempt from some web page, and gets nothing.
        app.Use(async (context, next) =>
        {
            if (!IsLoopbackHost(context.Request.Host.Host))
            {
                context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
                return;
            }

            await next(context);
        });
        app.MapGet("/", async (CancellationToken ct) =>
        {
            var users = await UsersAsync(worker, ct);
            return users.Count == 0 ? Results.Content("<p>No mailboxes yet: run a cycle first.</p>", "text/html") : Results.Redirect("/user/" + Uri.EscapeDataString(users[0].Upn));
        });
        app.MapGet("/user/{upn}", async (string upn, CancellationToken ct) =>
        {
            var model = await BuildAsync(worker, upn, ct);
            return model is null ? Results.NotFound() : Results.Content(PreviewPage.Render(model), "text/html; charset=utf-8");
        });
        await app.StartAsync(cancellationToken);
        var address = app.Urls.First();
        return new PreviewServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The model for one user, from Graph (their To Do list and calendar view) and the store (which events are our holds).</summary>
    public static async Task<PreviewModel?> BuildAsync(IServiceProvider worker, string upn, CancellationToken cancellationToken)
    {
        var client = worker.GetRequiredService<GraphServiceClient>();
        var now = worker.GetRequiredService<TimeProvider>().GetUtcNow();
        var options = worker.GetRequiredService<IOptions<OutlookOptions>>().Value;
        var mailbox = await worker.GetRequiredService<MailboxRepository>().FindByNameAsync(upn, cancellationToken);
        if (mailbox is not { ScopeState: ScopeState.InScope })
        {
            return null;
        }

        var holds = (await worker.GetRequiredService<ReportQueries>().SuggestionsAsync(mailbox.Id, cancellationToken))
            .Where(s => s.Kind == SuggestionKind.Hold && s.GraphId != null)
            .ToList();
        var zoneName = mailbox.TimeZone ?? "UTC";
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var found) ? found : TimeZoneInfo.Utc;
        var firstHold = holds.Where(h => h.HoldStart > now).Select(h => h.HoldStart).Min() ?? now.AddDays(1);
        var weekStart = Monday(TimeZoneInfo.ConvertTime(firstHold, zone).Date);

        return new PreviewModel(
            mailbox.DisplayName ?? upn, upn, zoneName, options.ListName,
            await TasksAsync(client, mailbox, cancellationToken),
            weekStart,
            await EventsAsync(client, mailbox, zone, zoneName, weekStart, holds.Select(h => h.GraphId!).ToHashSet(StringComparer.Ordinal), options.Category, cancellationToken),
            await UsersAsync(worker, cancellationToken));
    }

    private static async Task<List<(string Name, string Upn)>> UsersAsync(IServiceProvider worker, CancellationToken cancellationToken)
    {
        var mailboxes = await worker.GetRequiredService<MailboxRepository>().AllAsync(cancellationToken);
        return [.. mailboxes.Where(m => m.ScopeState == ScopeState.InScope).Select(m => (m.DisplayName ?? m.UserPrincipalName, m.UserPrincipalName))];
    }

    private static async Task<List<PreviewTask>> TasksAsync(GraphServiceClient client, Mailbox mailbox, CancellationToken cancellationToken)
    {
        if (mailbox.TodoListId is null)
        {
            return [];
        }

        var page = await client.Users[mailbox.Id].Todo.Lists[mailbox.TodoListId].Tasks.GetAsync(c => c.QueryParameters.Expand = ["checklistItems", "linkedResources"], cancellationToken);
        return [.. (page?.Value ?? []).Select(t => new PreviewTask(
            t.Title ?? "(untitled)",
            t.DueDateTime?.DateTime is { } due && DateTime.TryParse(due, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
            t.Body?.Content ?? string.Empty,
            t.Status == Microsoft.Graph.Models.TaskStatus.Completed,
            [.. (t.ChecklistItems ?? []).Select(i => (i.DisplayName ?? string.Empty, i.IsChecked == true))],
            t.LinkedResources?.FirstOrDefault()?.WebUrl,
            t.LinkedResources?.FirstOrDefault()?.DisplayName))];
    }

    private static async Task<List<PreviewEvent>> EventsAsync(
        GraphServiceClient client, Mailbox mailbox, TimeZoneInfo zone, string zoneName, DateTime weekStart, HashSet<string> holdIds, string category, CancellationToken cancellationToken)
    {
        var start = TimeZoneInfo.ConvertTimeToUtc(weekStart, zone);
        var page = await client.Users[mailbox.Id].CalendarView.GetAsync(c =>
        {
            c.QueryParameters.StartDateTime = start.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            c.QueryParameters.EndDateTime = start.AddDays(5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            c.QueryParameters.Top = 200;
            c.Headers.Add("Prefer", $"outlook.timezone=\"{zoneName}\", IdType=\"ImmutableId\"");
        }, cancellationToken);
        return [.. (page?.Value ?? []).Select(e => new PreviewEvent(
            e.Subject ?? "(busy)",
            Local(e.Start),
            Local(e.End),
            e.ShowAs?.ToString().ToLowerInvariant() ?? "busy",
            (e.Id is not null && holdIds.Contains(e.Id)) || (e.Categories?.Contains(category) == true && e.Attendees is not { Count: > 0 }),
            e.Sensitivity == Sensitivity.Private,
            e.Attendees?.Count ?? 0,
            e.IsCancelled == true))];
    }

    internal static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));

    private static DateTime Local(DateTimeTimeZone? value) =>
        value?.DateTime is { } text && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : DateTime.MinValue;

    private static DateTime Monday(DateTime date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
}

/// <summary>A host lifetime that leaves console signals to the command that embeds the host.</summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
