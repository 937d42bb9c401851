using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace GraphNetworker.Graph.Outlook;

/// <summary>What one mailbox's Outlook step wrote.</summary>
public sealed record OutlookResult(int Tasks, int Holds, int Found, int Failed)
{
    public static readonly OutlookResult None = new(0, 0, 0, 0);
}

/// <summary>
/// Puts suggestions into Outlook and reads the user's answers back: To Do tasks in the "Keep in touch" list and
/// tentative coffee holds on the user's own calendar. One <see cref="OutlookSession"/> per mailbox per cycle.
/// </summary>
public sealed partial class OutlookWriter(
    GraphServiceClient client,
    IOutlookLedger ledger,
    Access.OutOfScopeMailboxes outOfScope,
    IOptions<OutlookOptions> options,
    TimeProvider time,
    ILogger<OutlookWriter> logger)
{
    private readonly Access.OutOfScopeMailboxes _outOfScope = outOfScope;

    private GraphServiceClient Client => client;

    private IOutlookLedger Ledger => ledger;

    private OutlookOptions Options => options.Value;

    private TimeProvider Time => time;

    private ILogger Logger => logger;

    /// <summary>The user's Outlook for one cycle, written under the mailbox's lease (every ledger entry is fenced by it).</summary>
    public OutlookSession Begin(MailboxProfile mailbox, IMailboxLease lease) => new(this, mailbox, lease.Fence);

    /// <summary>
    /// Takes GraphNetworker out of a user's Outlook (<c>purge --remove-from-outlook</c>): the "Keep in touch" list and the
    /// future holds still open, also those a crashed write left unrecorded (found by their marker). A hold the user turned into a meeting is theirs and stays; one they already deleted
    /// (404) is gone anyway. Returns how many holds were removed.
    /// </summary>
    public async Task<int> RemoveAllAsync(MailboxProfile mailbox, CancellationToken cancellationToken)
    {
        if (mailbox.TodoListId is { } list)
        {
            await DeleteIfThereAsync(() => client.Users[mailbox.Id].Todo.Lists[list].DeleteAsync(cancellationToken: cancellationToken));
        }

        var now = time.GetUtcNow();
        var holds = (await ledger.ActiveAsync(mailbox.Id, cancellationToken))
            .Where(s => s.Kind == SuggestionKind.Hold && s.State == SuggestionState.Open && s.GraphId is not null && s.HoldStart > now)
            .ToList();
        foreach (var hold in holds)
        {
            await DeleteIfThereAsync(() => client.Users[mailbox.Id].Events[hold.GraphId].DeleteAsync(cancellationToken: cancellationToken));
        }

        // A hold whose write crashed before its id was stored is ours only by its marker: found by it, it goes too,
        // unless the user made it a meeting (it has attendees) or it has passed.
        var known = holds.Select(h => h.GraphId!).ToHashSet(StringComparer.Ordinal);
        var marked = await MarkedEventsAsync(mailbox.Id, cancellationToken);
        var orphans = marked.Where(e => e.Id is { } id && !known.Contains(id) && (e.Attendees?.Count ?? 0) == 0 && Zones.ToUtc(e.Start) > now).ToList();
        foreach (var orphan in orphans)
        {
            await DeleteIfThereAsync(() => client.Users[mailbox.Id].Events[orphan.Id].DeleteAsync(cancellationToken: cancellationToken));
        }

        return holds.Count + orphans.Count;
    }

    /// <summary>Every event in the mailbox carrying our hold marker (whatever its value).</summary>
    private async Task<List<Event>> MarkedEventsAsync(string mailboxId, CancellationToken cancellationToken) =>
        await Sync.GraphPages.AllAsync(
            await client.Users[mailboxId].Events.GetAsync(c =>
            {
                c.QueryParameters.Filter = $"singleValueExtendedProperties/Any(ep: ep/id eq '{OutlookOptions.HoldMarker}')";
                c.QueryParameters.Select = ["id", "start", "attendees"];
                c.Headers.Add("Prefer", "IdType=\"ImmutableId\", outlook.timezone=\"UTC\"");
            }, cancellationToken),
            next => new Microsoft.Graph.Users.Item.Events.EventsRequestBuilder(next, client.RequestAdapter).GetAsync(cancellationToken: cancellationToken),
            p => p.Value);

    private static async Task DeleteIfThereAsync(Func<Task> delete)
    {
        try
        {
            await delete();
        }
        catch (Microsoft.Kiota.Abstractions.ApiException e) when (e.ResponseStatusCode == 404)
        {
            // Already deleted by the user: what we wanted.
        }
    }

    /// <summary>The user's Outlook for one cycle: the task list is read once and shared by read-back and writing.</summary>
    public sealed class OutlookSession
    {
        private readonly OutlookWriter _writer;
        private readonly MailboxProfile _mailbox;
        private readonly TodoTasks _tasks;
        private readonly CoffeeHolds _holds;
        private string? _listId;
        private List<TodoTask>? _existing;

        /// <summary>The pending suggestions as the read-back found them (read-back never makes one pending), until <see cref="SuggestionsPlanned"/>.</summary>
        private List<Suggestion>? _pending;

        internal OutlookSession(OutlookWriter writer, MailboxProfile mailbox, LeaseFence fence)
        {
            _writer = writer;
            _mailbox = mailbox;
            _tasks = new TodoTasks(writer.Client, writer.Ledger, writer.Options, fence);
            _holds = new CoffeeHolds(writer.Client, writer.Ledger, writer.Options, fence);
        }

        /// <summary>Reads what the user did with open suggestions, before the engine plans new ones.</summary>
        public async Task<int> ReadBackAsync(CancellationToken cancellationToken) => await ReadBackAsync(null, cancellationToken);

        /// <summary>
        /// Reads back what the user did with open suggestions; <paramref name="calendarCurrentAt"/> is when this cycle's
        /// sync found the calendar unchanged (nothing stored, so the stored round's time is older). Returns how many
        /// answers it recorded (each changes the mailbox's inputs; none, and the mailbox is as it was).
        /// </summary>
        public async Task<int> ReadBackAsync(DateTimeOffset? calendarCurrentAt, CancellationToken cancellationToken)
        {
            var now = _writer.Time.GetUtcNow();
            var active = await _writer.Ledger.ActiveAsync(_mailbox.Id, cancellationToken);
            _pending = [.. active.Where(s => s.State == SuggestionState.Pending)];
            var answers = 0;
            var openTasks = active.Where(s => s.State == SuggestionState.Open && s.Kind == SuggestionKind.Task).ToList();
            if (openTasks.Count > 0)
            {
                answers += await _tasks.ReadBackAsync(_mailbox, openTasks, await ExistingTasksAsync(cancellationToken), now, cancellationToken);
            }

            var openHolds = active.Where(s => s.State == SuggestionState.Open && s.Kind == SuggestionKind.Hold).ToList();
            if (openHolds.Count > 0)
            {
                // The stored round, or this cycle's if it found the window unchanged and so stored nothing.
                var stored = await _writer.Ledger.CalendarSyncedAtAsync(_mailbox.Id, cancellationToken);
                var calendarSyncedAt = calendarCurrentAt is { } current && (stored is null || current > stored) ? current : stored;
                answers += await _holds.ReadBackAsync(_mailbox.Id, openHolds, calendarSyncedAt, now, cancellationToken);
            }

            return answers;
        }

        /// <summary>New suggestions were planned since the read-back: the pending ones are read again before writing.</summary>
        public void SuggestionsPlanned() => _pending = null;

        /// <summary>Writes every pending suggestion; one that fails is left pending (and reconciled) for the next cycle.</summary>
        public async Task<OutlookResult> WritePendingAsync(CancellationToken cancellationToken)
        {
            if (_writer._outOfScope.IsRefused(_mailbox.Id))
            {
                // Exchange refuses this mailbox: To Do would still take tasks (Exchange does not scope it), but the app
                // keeps to what Exchange allows. The suggestions stay pending.
                LogOutOfScope(_writer.Logger, _mailbox.Id);
                return OutlookResult.None;
            }

            var settings = _writer.Options;
            var pending = _pending ?? (await _writer.Ledger.ActiveAsync(_mailbox.Id, cancellationToken)).Where(s => s.State == SuggestionState.Pending).ToList();
            int tasks = 0, holds = 0, found = 0, failed = 0;
            Exception? firstError = null;
            foreach (var suggestion in pending)
            {
                var now = _writer.Time.GetUtcNow();
                try
                {
                    var relationship = await _writer.Ledger.RelationshipAsync(_mailbox.Id, suggestion.PersonKey, cancellationToken);
                    if (suggestion.Kind == SuggestionKind.Hold && settings.WriteHolds)
                    {
                        if (await _holds.PlaceAsync(_mailbox, suggestion, relationship, now, cancellationToken) is { } placed)
                        {
                            _ = placed.Created ? holds++ : found++;
                            continue;
                        }

                        LogNoSlot(_writer.Logger, _mailbox.Id);
                    }

                    if (settings.WriteTasks)
                    {
                        var existing = await ExistingTasksAsync(cancellationToken);
                        var wasThere = existing.Any(t => TodoTasks.ExternalIdOf(t) == suggestion.Id);
                        await _tasks.WriteAsync(_mailbox, _listId!, suggestion, relationship, existing, now, cancellationToken);
                        if (wasThere)
                        {
                            found++;
                        }
                        else
                        {
                            tasks++;
                        }
                    }
                }
                catch (Exception e) when (e is not (OperationCanceledException or LeaseLostException))
                {
                    failed++;
                    firstError ??= e;
                    LogWriteFailed(_writer.Logger, _mailbox.Id, e.GetType().Name);
                }
            }

            if (firstError is not null)
            {
                throw new OutlookWriteException($"{failed} of {pending.Count} suggestions could not be written to Outlook ({firstError.GetType().Name}); they are retried next cycle.", firstError);
            }

            return new OutlookResult(tasks, holds, found, failed);
        }

        /// <summary>Our list's tasks, read straight from the stored list id (one request); the list is looked for only when that id is gone.</summary>
        private async Task<List<TodoTask>> ExistingTasksAsync(CancellationToken cancellationToken)
        {
            if (_existing is not null)
            {
                return _existing;
            }

            if (_listId is null && _mailbox.TodoListId is { } stored)
            {
                try
                {
                    _existing = await _tasks.AllAsync(_mailbox.Id, stored, cancellationToken);
                    _listId = stored;
                    return _existing;
                }
                catch (Microsoft.Kiota.Abstractions.ApiException e) when (e.ResponseStatusCode == 404)
                {
                    // The user deleted the list: find one with our name, or make a new one.
                }
            }

            _listId ??= await _tasks.ListIdAsync(_mailbox, cancellationToken);
            return _existing = await _tasks.AllAsync(_mailbox.Id, _listId, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: outside the app's Exchange scope; no To Do task or hold is written")]
    private static partial void LogOutOfScope(ILogger logger, string mailboxId);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Mailbox {MailboxId}: no free slot for a coffee hold in the next working days; writing a task instead")]
    private static partial void LogNoSlot(ILogger logger, string mailboxId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Mailbox {MailboxId}: a suggestion could not be written to Outlook ({Error}); it stays pending and is reconciled next cycle")]
    private static partial void LogWriteFailed(ILogger logger, string mailboxId, string error);
}

/// <summary>Some suggestions could not be written; nothing was duplicated, and the next cycle reconciles and retries.</summary>
public sealed class OutlookWriteException(string message, Exception inner) : Exception(message, inner);
