namespace GraphNetworker.Graph.Access;

/// <summary>A tenant-wide Graph limit that the worker's Teams reads count against (one pace each, <see cref="TeamsPace"/>).</summary>
public enum TeamsLimit
{
    /// <summary>Chats, their members and messages: Teams' "Other GET API calls", 30 requests a second per app per tenant.</summary>
    Chats,

    /// <summary>Call records: a limit per app per tenant of their own (Microsoft: 1,500 per 20 seconds; the emulator: Teams' 30 a second).</summary>
    CallRecords,
}

/// <summary>
/// The one place that says which Graph requests are Teams reads, and which tenant-wide limit each counts against. Read
/// from the URL's path only (the worker reads Teams with single GETs, never in a <c>$batch</c>).
/// </summary>
internal static class TeamsRoutes
{
    /// <summary>The limit a request counts against, or null when it is not a Teams read (mail, calendar, directory, writes).</summary>
    public static TeamsLimit? LimitOf(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get && request.RequestUri is { } uri ? LimitOf(uri) : null;

    /// <summary>
    /// <c>/users/{id}/chats…</c> and <c>/chats…</c> count against <see cref="TeamsLimit.Chats"/>;
    /// <c>/communications/callRecords…</c> against <see cref="TeamsLimit.CallRecords"/>. The worker reads chats and their
    /// members ("Other GET API calls", 30 a second), never a chat's messages, which Microsoft limits apart (20 a second):
    /// reading them would need a lane of their own.
    /// </summary>
    public static TeamsLimit? LimitOf(Uri uri)
    {
        var segments = Uri.UnescapeDataString(uri.AbsolutePath).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var version = Array.FindIndex(segments, s => s.Equals("v1.0", StringComparison.OrdinalIgnoreCase) || s.Equals("beta", StringComparison.OrdinalIgnoreCase));
        var path = segments[(version + 1)..];

        // A user's own resources (/users/{id}/… or /users('{id}')/…) are classified by what follows the user.
        var resource = path switch
        {
            [var users, _, .. var rest] when Is(users, "users") => rest,
            [var users, .. var rest] when users.StartsWith("users(", StringComparison.OrdinalIgnoreCase) => rest,
            _ => path,
        };
        return resource switch
        {
            [var chats, ..] when Is(chats, "chats") => TeamsLimit.Chats,
            [var communications, var callRecords, ..] when Is(communications, "communications") && Is(callRecords, "callRecords") => TeamsLimit.CallRecords,
            _ => null,
        };
    }

    private static bool Is(string segment, string name) => segment.Equals(name, StringComparison.OrdinalIgnoreCase);
}
