using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;

namespace GraphNetworker.Graph.Tests.Infrastructure;

/// <summary>The Outlook writer's ledger kept in memory: suggestions, their state, and every write begun and ended.</summary>
public sealed class InMemoryLedger(TimeProvider time) : IOutlookLedger
{
    private readonly Lock _gate = new();
    private long _next;

    public Dictionary<string, Suggestion> Suggestions { get; } = new(StringComparer.Ordinal);

    public List<(long Id, string? SuggestionId, OutlookOperation Operation, OutlookWriteStatus Status, string? GraphId)> Writes { get; } = [];

    public Dictionary<string, RelationshipAssessment> Relationships { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Interaction> Calendar { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset? CalendarSyncedAt { get; set; }

    public string? TodoListId { get; private set; }

    public void Add(Suggestion suggestion)
    {
        lock (_gate)
        {
            Suggestions[suggestion.Id] = suggestion;
        }
    }

    public Task<IReadOnlyList<Suggestion>> ActiveAsync(string mailboxId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Suggestion>>([.. Suggestions.Values.Where(s => s.State is SuggestionState.Pending or SuggestionState.Open).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal)]);
        }
    }

    public Task<long> BeginWriteAsync(LeaseFence mailbox, string? suggestionId, OutlookOperation operation, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var id = ++_next;
            Writes.Add((id, suggestionId, operation, OutlookWriteStatus.Started, null));
            return Task.FromResult(id);
        }
    }

    public Task EndWriteAsync(long writeId, OutlookWriteStatus status, string? graphId, string? error, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var at = Writes.FindIndex(w => w.Id == writeId);
            Writes[at] = Writes[at] with { Status = status, GraphId = graphId };
        }

        return Task.CompletedTask;
    }

    public Task MarkWrittenAsync(LeaseFence mailbox, string suggestionId, string graphId, string? listId, SuggestionKind kind, DateTimeOffset? holdStart, DateTimeOffset? holdEnd, CancellationToken cancellationToken) =>
        Update(suggestionId, s => s with { State = SuggestionState.Open, Kind = kind, GraphId = graphId, GraphListId = listId, HoldStart = holdStart, HoldEnd = holdEnd, WrittenAt = time.GetUtcNow() });

    public Task ResolveAsync(LeaseFence mailbox, string suggestionId, SuggestionState state, DateTimeOffset resolvedAt, CancellationToken cancellationToken) =>
        Update(suggestionId, s => s with { State = state, ResolvedAt = resolvedAt });

    public Task NoteUserDueAsync(LeaseFence mailbox, string suggestionId, DateTimeOffset? userDue, CancellationToken cancellationToken) =>
        Update(suggestionId, s => s with { UserDueAt = userDue });

    public Task SetTodoListAsync(string mailboxId, string listId, CancellationToken cancellationToken)
    {
        TodoListId = listId;
        return Task.CompletedTask;
    }

    public Task MarkOwnHoldAsync(string mailboxId, string graphId, CancellationToken cancellationToken)
    {
        if (Calendar.TryGetValue(graphId, out var item))
        {
            Calendar[graphId] = item with { IsOwnHold = true };
        }

        return Task.CompletedTask;
    }

    public Task<RelationshipAssessment?> RelationshipAsync(string mailboxId, string personKey, CancellationToken cancellationToken) =>
        Task.FromResult(Relationships.GetValueOrDefault(personKey));

    public Task<Interaction?> CalendarItemAsync(string mailboxId, string graphId, CancellationToken cancellationToken) =>
        Task.FromResult(Calendar.GetValueOrDefault(graphId));

    public Task<DateTimeOffset?> CalendarSyncedAtAsync(string mailboxId, CancellationToken cancellationToken) => Task.FromResult(CalendarSyncedAt);

    private Task Update(string suggestionId, Func<Suggestion, Suggestion> change)
    {
        lock (_gate)
        {
            Suggestions[suggestionId] = change(Suggestions[suggestionId]);
        }

        return Task.CompletedTask;
    }
}
