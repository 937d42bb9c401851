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
}
