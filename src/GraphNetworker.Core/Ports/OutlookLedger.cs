using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Ports;

public enum OutlookOperation
{
    CreateList = 0,
    CreateTask = 1,
    CreateHold = 2,
    FoundTask = 3,
    FoundHold = 4,
    CreateStep = 5,
}

public enum OutlookWriteStatus
{
    Started = 0,
    Succeeded = 1,
    Failed = 2,
}

/// <summary>
/// What the Outlook writer needs from the store while it writes: the suggestions to write and read back, and the
/// write-ahead ledger. Every write is recorded as started before the request and completed after it, so a crash in
/// between leaves a trail the next cycle reconciles (by the task's externalId or the hold's transactionId). Every
/// entry that starts or records a write is fenced by the mailbox's lease.
/// </summary>
public interface IOutlookLedger
{
    /// <summary>Pending and open suggestions, oldest first.</summary>
    Task<IReadOnlyList<Suggestion>> ActiveAsync(string mailboxId, CancellationToken cancellationToken);

    /// <summary>Records a write as started, only while <paramref name="mailbox"/> still holds (else <see cref="LeaseLostException"/>): no request goes to Outlook otherwise.</summary>
    Task<long> BeginWriteAsync(LeaseFence mailbox, string? suggestionId, OutlookOperation operation, CancellationToken cancellationToken);

    Task EndWriteAsync(long writeId, OutlookWriteStatus status, string? graphId, string? error, CancellationToken cancellationToken);

    /// <summary>Records that a suggestion now exists in Outlook (written, or found by reconciliation).</summary>
    Task MarkWrittenAsync(
        LeaseFence mailbox, string suggestionId, string graphId, string? listId, SuggestionKind kind, DateTimeOffset? holdStart, DateTimeOffset? holdEnd, CancellationToken cancellationToken);

    /// <summary>Records what the user did with a suggestion, read back from Outlook.</summary>
    Task ResolveAsync(LeaseFence mailbox, string suggestionId, SuggestionState state, DateTimeOffset resolvedAt, CancellationToken cancellationToken);

    Task NoteUserDueAsync(LeaseFence mailbox, string suggestionId, DateTimeOffset? userDue, CancellationToken cancellationToken);

    Task SetTodoListAsync(string mailboxId, string listId, CancellationToken cancellationToken);

    /// <summary>Marks the stored calendar copy of an event as our own hold (found again after a crash hid that).</summary>
    Task MarkOwnHoldAsync(string mailboxId, string graphId, CancellationToken cancellationToken);

    /// <summary>The engine's latest assessment of the person a suggestion is for (the words of the task come from it).</summary>
    Task<RelationshipAssessment?> RelationshipAsync(string mailboxId, string personKey, CancellationToken cancellationToken);

    /// <summary>The calendar copy of a hold, as the calendar sync last stored it (null when it is gone).</summary>
    Task<Interaction?> CalendarItemAsync(string mailboxId, string graphId, CancellationToken cancellationToken);

    /// <summary>When the calendar's last delta round completed (holds written after it are not judged yet).</summary>
    Task<DateTimeOffset?> CalendarSyncedAtAsync(string mailboxId, CancellationToken cancellationToken);
}
