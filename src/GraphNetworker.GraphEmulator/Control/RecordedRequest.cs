namespace GraphNetworker.GraphEmulator;

/// <summary>One request as the emulator saw it (the control API's request log).</summary>
/// <param name="Sequence">Increasing number, in arrival order.</param>
/// <param name="Timestamp">Arrival time on the emulator clock.</param>
/// <param name="Method">HTTP method (of the $batch step for batch steps).</param>
/// <param name="Url">Path and query as received, e.g. <c>/v1.0/users/…/messages/delta()?$select=…</c>.</param>
/// <param name="Headers">Request headers; the bearer token is redacted.</param>
/// <param name="Body">The request body as text (truncated), or null.</param>
/// <param name="Status">The status answered.</param>
/// <param name="Mailbox">The mailbox's userPrincipalName for mailbox resources, else null.</param>
/// <param name="Endpoint">The route, e.g. <c>GET users/{u}/mailFolders/{f}/messages/delta</c>.</param>
/// <param name="RequestId">The <c>request-id</c> answered.</param>
/// <param name="BatchRequestId">For a $batch step: the request-id of the enclosing batch.</param>
public sealed record RecordedRequest(
    long Sequence,
    DateTimeOffset Timestamp,
    string Method,
    string Url,
    IReadOnlyDictionary<string, string> Headers,
    string? Body,
    int Status,
    string? Mailbox,
    string? Endpoint,
    string RequestId,
    string? BatchRequestId)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
