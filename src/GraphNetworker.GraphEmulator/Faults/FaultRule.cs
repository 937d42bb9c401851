namespace GraphNetworker.GraphEmulator;

/// <summary>
/// A scripted fault: the next <see cref="Count"/> requests whose method and path match get
/// <see cref="Kind"/> instead of (or, for <see cref="FaultKind.Slow"/>, before) their normal answer.
/// </summary>
public sealed record FaultRule
{
    /// <summary>HTTP method to match (case-insensitive); null matches any.</summary>
    public string? Method { get; init; }

    /// <summary>Regular expression (case-insensitive) matched against the path and query after <c>/v1.0</c>,
    /// e.g. <c>/messages/delta</c>. The default matches everything.</summary>
    public string PathPattern { get; init; } = ".*";

    /// <summary>How many matching requests get the fault; 0 or less means every matching request until cleared.</summary>
    public int Count { get; init; } = 1;

    public FaultKind Kind { get; init; } = FaultKind.Throttle429;

    /// <summary>Retry-After sent with 429/503/504; null sends none.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary><see cref="FaultKind.Slow"/>: the added delay. <see cref="FaultKind.Timeout"/>: how long to hang
    /// before answering 504 (null: until the client gives up).</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary><see cref="FaultKind.Status"/>: the status to answer.</summary>
    public int Status { get; init; } = 500;

    /// <summary><see cref="FaultKind.Status"/>: the error code in the body.</summary>
    public string? Code { get; init; }

    /// <summary>Whether steps inside a <c>$batch</c> are matched too (the envelope is always matched by its own path).</summary>
    public bool IncludeBatchSteps { get; init; } = true;
}

/// <summary>The kinds of scripted faults.</summary>
public enum FaultKind
{
    /// <summary>429 TooManyRequests with the Graph throttling body.</summary>
    Throttle429,

    /// <summary>503 ServiceUnavailable.</summary>
    ServiceUnavailable503,

    /// <summary>504 GatewayTimeout.</summary>
    GatewayTimeout504,

    /// <summary>410 Gone, <c>syncStateNotFound</c>, with a Location that restarts the delta round.</summary>
    SyncStateNotFound410,

    /// <summary>400 with code <c>syncStateNotFound</c>.</summary>
    SyncStateNotFound400,

    /// <summary>400 with code <c>resyncRequired</c>.</summary>
    ResyncRequired400,

    /// <summary>Hang (until the client gives up, or <see cref="FaultRule.Delay"/> then 504).</summary>
    Timeout,

    /// <summary>Wait <see cref="FaultRule.Delay"/>, then answer normally.</summary>
    Slow,

    /// <summary>Any status with <see cref="FaultRule.Code"/>.</summary>
    Status,

    /// <summary>The normal 200 answer, with its JSON body cut off half way (a dropped connection, a broken proxy).</summary>
    TruncatedBody,

    /// <summary>
    /// The normal 200 answer, its headers and the first half of its body sent at once, then nothing for
    /// <see cref="FaultRule.Delay"/> (null: until the client gives up) before the rest: a connection that stalls mid-body.
    /// </summary>
    StalledBody,

    /// <summary>
    /// The request is carried out (a task created, an event written) and then answered 503 instead of its result: a
    /// gateway that timed out or failed after the service did the work. What makes a blind retry of a create a duplicate
    /// (docs/emulator.md, Faults).
    /// </summary>
    AppliedThen503,
}
