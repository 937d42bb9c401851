namespace GraphNetworker.Graph;

/// <summary>
/// The application permissions the worker needs, and no more: what the deployment grants, what the doctor checks,
/// and what the admin guide's table lists (a test holds the three together and runs the worker under exactly these).
/// </summary>
public static class GraphPermissions
{
    /// <summary>
    /// Mail metadata without bodies (message delta), meetings and holds, time zone and working hours, the To Do list,
    /// people and leavers, and the opt-in group's members.
    /// </summary>
    public static readonly IReadOnlyList<string> Application =
        ["Mail.ReadBasic.All", "Calendars.ReadWrite", "Tasks.ReadWrite.All", "MailboxSettings.Read", "User.Read.All", "GroupMember.Read.All"];

    /// <summary>
    /// Optional: Teams chats (names, members; the last message's sender and time) and call records. Without them the
    /// worker reads mail and calendar exactly as before. Exchange RBAC cannot scope them: the worker reads them only
    /// for members of the opt-in group.
    /// </summary>
    public static readonly IReadOnlyList<string> OptionalTeams = ["Chat.ReadBasic.All", "CallRecords.Read.All"];

    /// <summary>
    /// Where a tenant refuses the last-message preview under Chat.ReadBasic.All (Microsoft documents the preview as
    /// message content), chats need this instead; the preview's text still never gets past the mapper.
    /// </summary>
    public const string ChatPreviewFallback = "Chat.Read.All";
}
