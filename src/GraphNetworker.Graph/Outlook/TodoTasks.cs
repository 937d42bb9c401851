using System.Globalization;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Graph.Sync;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace GraphNetworker.Graph.Outlook;

/// <summary>
/// The user's "Keep in touch" To Do list: found by its stored id, else by name (the database may have been lost), else
/// created. Tasks are matched to suggestions by their one linkedResource's <c>externalId</c>, so a task written before a
/// crash is found again instead of written twice.
/// </summary>
internal sealed class TodoTasks(GraphServiceClient client, IOutlookLedger ledger, OutlookOptions options, LeaseFence fence)
{
    /// <summary>Our list when the stored id is unknown or gone (the caller tried it first): found by name, else created.</summary>
    public async Task<string> ListIdAsync(MailboxProfile mailbox, CancellationToken cancellationToken)
    {
        var lists = client.Users[mailbox.Id].Todo.Lists;
        var all = await GraphPages.AllAsync(
            await lists.GetAsync(cancellationToken: cancellationToken),
            next => new Microsoft.Graph.Users.Item.Todo.Lists.ListsRequestBuilder(next, client.RequestAdapter).GetAsync(cancellationToken: cancellationToken),
            p => p.Value);
        if (all.FirstOrDefault(l => string.Equals(l.DisplayName, options.ListName, StringComparison.Ordinal) && l.Id is not null) is { } found)
        {
            await ledger.SetTodoListAsync(mailbox.Id, found.Id!, cancellationToken);
            return found.Id!;
        }

        var write = await ledger.BeginWriteAsync(fence, null, OutlookOperation.CreateList, cancellationToken);
        var created = await lists.PostAsync(new TodoTaskList { DisplayName = options.ListName }, cancellationToken: cancellationToken)
            ?? throw new InvalidOperationException("Graph returned no list.");
        await ledger.EndWriteAsync(write, OutlookWriteStatus.Succeeded, created.Id, null, cancellationToken);
        await ledger.SetTodoListAsync(mailbox.Id, created.Id!, cancellationToken);
        return created.Id!;
    }

    /// <summary>Every task in our list, with its linked resource and steps.</summary>
    public async Task<List<TodoTask>> AllAsync(string mailboxId, string listId, CancellationToken cancellationToken)
    {
        return await GraphPages.AllAsync(
            await client.Users[mailboxId].Todo.Lists[listId].Tasks.GetAsync(c =>
            {
                c.QueryParameters.Expand = ["linkedResources", "checklistItems"];
                c.QueryParameters.Top = 100;
            }, cancellationToken),
            next => new Microsoft.Graph.Users.Item.Todo.Lists.Item.Tasks.TasksRequestBuilder(next, client.RequestAdapter).GetAsync(cancellationToken: cancellationToken),
            p => p.Value);
    }

    public static string? ExternalIdOf(TodoTask task) =>
        task.LinkedResources?.FirstOrDefault(r => string.Equals(r.ApplicationName, OutlookOptions.ApplicationName, StringComparison.Ordinal))?.ExternalId;

    /// <summary>Writes one task, or records the one an earlier attempt already wrote.</summary>
    public async Task<string> WriteAsync(MailboxProfile mailbox, string listId, Suggestion suggestion, RelationshipAssessment? relationship, IReadOnlyList<TodoTask> existing, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (existing.FirstOrDefault(t => ExternalIdOf(t) == suggestion.Id) is { Id: { } found } earlier)
        {
            var noted = await ledger.BeginWriteAsync(fence, suggestion.Id, OutlookOperation.FoundTask, cancellationToken);
            await EnsureStepAsync(mailbox.Id, listId, found, earlier, suggestion, cancellationToken);
            await ledger.MarkWrittenAsync(fence, suggestion.Id, found, listId, SuggestionKind.Task, null, null, cancellationToken);
            await ledger.EndWriteAsync(noted, OutlookWriteStatus.Succeeded, found, null, cancellationToken);
            return found;
        }

        var zone = Zones.Of(mailbox.TimeZone);
        var due = DateTime.ParseExact(DueDate(suggestion.DueAt, zone.Info), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var task = new TodoTask
        {
            Title = SuggestionText.TaskTitle(suggestion),
            Body = new ItemBody { ContentType = BodyType.Text, Content = SuggestionText.TaskBody(suggestion, relationship, now) },
            DueDateTime = new DateTimeTimeZone { DateTime = Local(due), TimeZone = zone.Name },
            ReminderDateTime = new DateTimeTimeZone { DateTime = Local(due + options.ReminderTimeOfDay), TimeZone = zone.Name },
            IsReminderOn = true,
            Importance = Importance.Normal,
            Categories = [options.Category],
            LinkedResources =
            [
                new LinkedResource
                {
                    ApplicationName = OutlookOptions.ApplicationName,
                    DisplayName = relationship?.LastContact?.WebLink is null ? $"Mail with {suggestion.DisplayName}" : $"Last conversation with {suggestion.DisplayName}",
                    ExternalId = suggestion.Id,
                    WebUrl = relationship?.LastContact?.WebLink ?? relationship?.LastInbound?.WebLink ?? relationship?.LastOutbound?.WebLink
                        ?? "https://outlook.office.com/mail/search?q=" + Uri.EscapeDataString(suggestion.PersonKey),
                },
            ],
        };

        var write = await ledger.BeginWriteAsync(fence, suggestion.Id, OutlookOperation.CreateTask, cancellationToken);
        TodoTask created;
        try
        {
            created = await client.Users[mailbox.Id].Todo.Lists[listId].Tasks.PostAsync(task, cancellationToken: cancellationToken)
                ?? throw new InvalidOperationException("Graph returned no task.");
            await ledger.EndWriteAsync(write, OutlookWriteStatus.Succeeded, created.Id, null, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Not retried here: the next cycle lists the tasks first and finds this one if Graph did create it.
            await ledger.EndWriteAsync(write, OutlookWriteStatus.Failed, null, e.GetType().Name, CancellationToken.None);
            throw;
        }

        // The suggestion counts as written only with its step: a step that failed is added when the next cycle finds the task.
        await EnsureStepAsync(mailbox.Id, listId, created.Id!, null, suggestion, cancellationToken);
        await ledger.MarkWrittenAsync(fence, suggestion.Id, created.Id!, listId, SuggestionKind.Task, null, null, cancellationToken);
        return created.Id!;
    }

    /// <summary>
    /// The "not a relationship" step, added to the task by its own request: create-todoTask documents no
    /// <c>checklistItems</c> in its body, and real To Do drops them there (docs/emulator.md, Fidelity).
    /// </summary>
    private async Task EnsureStepAsync(string mailboxId, string listId, string taskId, TodoTask? task, Suggestion suggestion, CancellationToken cancellationToken)
    {
        if (task?.ChecklistItems?.Any(i => i.DisplayName?.StartsWith(SuggestionText.NotARelationshipStep, StringComparison.Ordinal) == true) == true)
        {
            return;
        }

        var write = await ledger.BeginWriteAsync(fence, suggestion.Id, OutlookOperation.CreateStep, cancellationToken);
        try
        {
            var step = await client.Users[mailboxId].Todo.Lists[listId].Tasks[taskId].ChecklistItems
                .PostAsync(new ChecklistItem { DisplayName = SuggestionText.NotARelationship(suggestion) }, cancellationToken: cancellationToken);
            await ledger.EndWriteAsync(write, OutlookWriteStatus.Succeeded, step?.Id, null, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await ledger.EndWriteAsync(write, OutlookWriteStatus.Failed, null, e.GetType().Name, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// What the user did with each open task: completed, deleted, marked "not a relationship", or moved its due date.
    /// Returns how many answers were recorded.
    /// </summary>
    public async Task<int> ReadBackAsync(MailboxProfile mailbox, IEnumerable<Suggestion> open, IReadOnlyList<TodoTask> tasks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var answers = 0;
        var zone = Zones.Of(mailbox.TimeZone).Info;
        var byId = tasks.Where(t => t.Id is not null).ToDictionary(t => t.Id!, StringComparer.Ordinal);
        var byExternal = tasks.Select(t => (Key: ExternalIdOf(t), Task: t)).Where(x => x.Key is not null).GroupBy(x => x.Key!).ToDictionary(g => g.Key, g => g.First().Task, StringComparer.Ordinal);
        foreach (var suggestion in open)
        {
            var task = (suggestion.GraphId is { } id ? byId.GetValueOrDefault(id) : null) ?? byExternal.GetValueOrDefault(suggestion.Id);
            if (task is null)
            {
                await ledger.ResolveAsync(fence, suggestion.Id, SuggestionState.Dismissed, now, cancellationToken);
                answers++;
            }
            else if (task.ChecklistItems?.Any(i => i.IsChecked == true && i.DisplayName?.StartsWith(SuggestionText.NotARelationshipStep, StringComparison.Ordinal) == true) == true)
            {
                await ledger.ResolveAsync(fence, suggestion.Id, SuggestionState.NotARelationship, now, cancellationToken);
                answers++;
            }
            else if (task.Status == Microsoft.Graph.Models.TaskStatus.Completed)
            {
                await ledger.ResolveAsync(fence, suggestion.Id, SuggestionState.Completed, Zones.ToUtc(task.CompletedDateTime) ?? now, cancellationToken);
                answers++;
            }
            else if (Zones.ToUtc(task.DueDateTime) is { } answered && DueDateAsWritten(answered, zone) is var due &&
                     due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) != DueDate(suggestion.DueAt, zone) &&
                     Zones.LocalToUtc(due, zone) is var userDue && userDue != suggestion.UserDueAt)
            {
                // The user moved the due date: theirs stands, and the task stays open until they act on it.
                await ledger.NoteUserDueAsync(fence, suggestion.Id, userDue, cancellationToken);
                answers++;
            }
        }

        return answers;
    }

    /// <summary>
    /// The date the user sees on a task read back. To Do answers <c>dueDateTime</c> in UTC whatever zone it was
    /// written in: the same instant (local midnight of the due day: the evening before, east of Greenwich), or, as
    /// some tenants report, only the UTC date of it at midnight UTC. An answer at exactly midnight UTC for a user whose
    /// zone is not UTC is the second form (local midnight is never midnight UTC there), and east of Greenwich its date
    /// is the day before the user's.
    /// </summary>
    private static DateTime DueDateAsWritten(DateTimeOffset answered, TimeZoneInfo zone)
    {
        var offset = zone.GetUtcOffset(answered);
        return answered.UtcDateTime.TimeOfDay == TimeSpan.Zero && offset != TimeSpan.Zero
            ? answered.UtcDateTime.Date.AddDays(offset > TimeSpan.Zero ? 1 : 0)
            : TimeZoneInfo.ConvertTime(answered, zone).Date;
    }

    /// <summary>The due date as the user sees it: the local date of our due moment in their time zone, moved off a weekend to the Monday.</summary>
    private static string DueDate(DateTimeOffset dueUtc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(dueUtc, zone).Date;
        local = local.DayOfWeek switch
        {
            DayOfWeek.Saturday => local.AddDays(2),
            DayOfWeek.Sunday => local.AddDays(1),
            _ => local,
        };
        return local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static string Local(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
}
