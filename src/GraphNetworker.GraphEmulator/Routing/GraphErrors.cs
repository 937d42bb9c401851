namespace GraphNetworker.GraphEmulator.Routing;

/// <summary>The error answers Graph gives, in one place so codes and messages stay consistent.</summary>
internal static class GraphErrors
{
    public const string SyncStateNotFoundMessage =
        "The sync state generation is not found. The delta token is expired and data must be synchronized again.";

    public static GraphException ItemNotFound() =>
        new(404, "ErrorItemNotFound", "The specified object was not found in the store.");

    /// <summary>What Outlook answers for a folder or item key that is not an id (and not a well-known name).</summary>
    public static GraphException MalformedId() =>
        new(400, "ErrorInvalidIdMalformed", "Id is malformed.");

    public static GraphException InvalidUser(string id) =>
        new(404, "ErrorInvalidUser", $"The requested user '{id}' is invalid.");

    public static GraphException MailboxNotEnabled() =>
        new(404, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");

    public static GraphException DirectoryObjectNotFound(string id) =>
        new(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");

    public static GraphException InvalidRequest(string message) => new(400, "ErrorInvalidRequest", message);

    public static GraphException BadRequest(string message) => new(400, "BadRequest", message);

    public static GraphException InvalidFilter(string message) => new(400, "ErrorInvalidUrlQueryFilter", message);

    /// <summary>Directory workloads (users, groups) name a query they cannot parse differently from Outlook's.</summary>
    public static GraphException UnsupportedDirectoryQuery(string message) => new(400, "Request_UnsupportedQuery", message);

    public static GraphException AccessDenied() =>
        new(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");

    public static GraphException AccessPolicyDenied() =>
        new(403, "ErrorAccessDenied", "Access to OData is disabled.");

    public static GraphException NotFoundSegment(string segment) =>
        new(400, "BadRequest", $"Resource not found for the segment '{segment}'.");

    public static GraphException MethodNotAllowed(string method) =>
        new(405, "Request_BadRequest", $"The request method '{method}' is not allowed for this resource.");

    public static GraphException NotImplemented(string what) =>
        new(501, "NotImplemented", $"The emulator does not implement {what}.");

    /// <summary>A <c>$batch</c> step beyond the mailbox's concurrent-request limit, with the body field reports show.</summary>
    public static GraphResponse MailboxConcurrency(TimeSpan retryAfter) =>
        new GraphResponse { Status = 429, Error = new GraphError("ApplicationThrottled", "Application is over its MailboxConcurrency limit.") }
            .WithHeader("Retry-After", Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static GraphResponse Throttled(TimeSpan retryAfter)
    {
        var seconds = Math.Max(0, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return new GraphResponse
        {
            Status = 429,
            Error = new GraphError("TooManyRequests", "Please retry again later.")
            {
                Inner = new Dictionary<string, string> { ["code"] = "429", ["message"] = "Please retry after", ["status"] = "429" },
            },
        }.WithHeader("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
