namespace GraphNetworker.GraphEmulator;

/// <summary>Counters since start (or the last reset): what a benchmark or a throttling test checks.</summary>
/// <param name="TotalRequests">Requests answered, counting each $batch step and the envelope.</param>
/// <param name="Throttled">429 answers from the per-mailbox limiter (scripted faults not included).</param>
/// <param name="FaultsInjected">Answers replaced or delayed by scripted faults.</param>
/// <param name="InvitationsSent">Attendees on events created or updated (Graph would e-mail each one).</param>
/// <param name="RequestsByEndpoint">Requests per route.</param>
/// <param name="Mailboxes">Per mailbox (userPrincipalName): requests, per endpoint, peak concurrency, throttled.</param>
public sealed record EmulatorStatistics(
    long TotalRequests,
    long Throttled,
    long FaultsInjected,
    long InvitationsSent,
    IReadOnlyDictionary<string, long> RequestsByEndpoint,
    IReadOnlyDictionary<string, MailboxStatistics> Mailboxes);

/// <summary>Counters of one mailbox.</summary>
public sealed record MailboxStatistics(
    long Requests,
    int MaxConcurrency,
    long Throttled,
    IReadOnlyDictionary<string, long> RequestsByEndpoint);
