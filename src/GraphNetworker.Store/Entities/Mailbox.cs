namespace GraphNetworker.Store.Entities;

/// <summary>Whether a mailbox is read: in the opt-in scope, out of it (purged after a grace period), or opted out.</summary>
public enum ScopeState
{
    InScope = 0,
    LeftScope = 1,
    Purged = 2,
    OptedOut = 3,
}

/// <summary>One user's mailbox: its scope, its lease, and its sync health as IT sees it.</summary>
public sealed class Mailbox
{
    /// <summary>The Graph user id (object id).</summary>
    public required string Id { get; set; }

    /// <summary>
    /// A small number for the mailbox, given when its row is created and never reused: what its items and correspondents
    /// are keyed by (four bytes in every row and index entry, where the user id would take 37).
    /// </summary>
    public int Number { get; set; }

    public required string UserPrincipalName { get; set; }

    public string? DisplayName { get; set; }

    public string? PrimaryAddress { get; set; }

    public ScopeState ScopeState { get; set; }

    public DateTime? InScopeSince { get; set; }

    public DateTime? LeftScopeAt { get; set; }

    public DateTime? PurgedAt { get; set; }

    /// <summary>Windows or IANA time zone from mailboxSettings.</summary>
    public string? TimeZone { get; set; }

    /// <summary>mailboxSettings.workingHours as Graph returned it (JSON).</summary>
    public string? WorkingHours { get; set; }

    public DateTime? SettingsRefreshedAt { get; set; }

    /// <summary>The id of the user's "Keep in touch" To Do list, once found or created.</summary>
    public string? TodoListId { get; set; }

    /// <summary>The worker holding the mailbox (several workers never sync one mailbox at once).</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>When the lease ends, in the database's clock (never a worker's: their clocks may differ).</summary>
    public DateTime? LeaseExpiresAt { get; set; }

    /// <summary>Bumped by every acquisition and by purge: a write carrying an older epoch is refused (fencing).</summary>
    public long LeaseEpoch { get; set; }

    public DateTime? LastSyncStartedAt { get; set; }

    public DateTime? LastSyncSucceededAt { get; set; }

    public DateTime? LastSyncFinishedAt { get; set; }

    public string? LastError { get; set; }

    public DateTime? LastErrorAt { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>A failed mailbox is retried no earlier than this.</summary>
    public DateTime? NextAttemptAt { get; set; }

    public DateTime? FoldersRefreshedAt { get; set; }

    public DateTime? LastEvaluatedAt { get; set; }

    /// <summary>
    /// When anything the engine reads for this mailbox last changed: its items, its suggestions and the user's answers
    /// to them, the user's decisions, the administrator's rules, the directory. A quiet cycle scores the mailbox again
    /// only when this moved since the last evaluation (<see cref="EvaluatedInputsAt"/>), its day ended
    /// (<see cref="EvaluationDueAt"/>) or the engine changed (<see cref="EvaluatedWith"/>).
    /// </summary>
    public DateTime? InputsChangedAt { get; set; }

    /// <summary>The <see cref="InputsChangedAt"/> the last evaluation saw.</summary>
    public DateTime? EvaluatedInputsAt { get; set; }

    /// <summary>When the last evaluation stops holding without new input (the mailbox's next day, <c>EvaluationClock</c>).</summary>
    public DateTime? EvaluationDueAt { get; set; }

    /// <summary>The engine (its build and options) the last evaluation ran with: another one scores every mailbox again.</summary>
    public string? EvaluatedWith { get; set; }

    /// <summary>Items kept in the store, items skipped as malformed (lifetime), and the last cycle's counts.</summary>
    public long ItemsStored { get; set; }

    public long ItemsRejected { get; set; }

    public long ThrottledRequests { get; set; }

    public long FaultedRequests { get; set; }

    public int Resyncs { get; set; }

    public int LastCycleRequests { get; set; }

    public int LastCycleItems { get; set; }

    public int LastCycleRejected { get; set; }
}
