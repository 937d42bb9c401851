namespace GraphNetworker.GraphEmulator.Routing;

/// <summary>What the caller's token allows (application roles, mailbox scope), resolved per request.</summary>
internal sealed class AccessGrant
{
    private static readonly string[] FullMailRoles = ["Mail.Read", "Mail.ReadWrite", "Mail.Read.All"];

    private AccessGrant(string token, IReadOnlySet<string> roles, IReadOnlySet<string>? allowedMailboxes, bool delegated, bool all)
    {
        Token = token;
        Roles = roles;
        AllowedMailboxes = allowedMailboxes;
        Delegated = delegated;
        All = all;
    }

    public string Token { get; }

    public IReadOnlySet<string> Roles { get; }

    public IReadOnlySet<string>? AllowedMailboxes { get; }

    public bool Delegated { get; }

    /// <summary>No token map is configured: the developer token may do everything.</summary>
    public bool All { get; }

    /// <summary>True when message bodies may be served (Mail.Read or higher); false under Mail.ReadBasic(.All).</summary>
    public bool CanReadMailBodies => All || FullMailRoles.Any(Roles.Contains);

    public static AccessGrant Everything(string token) =>
        new(token, new HashSet<string>(StringComparer.OrdinalIgnoreCase), null, false, true);

    public static AccessGrant From(string token, TokenGrant grant)
    {
        var roles = new HashSet<string>(grant.Roles, StringComparer.OrdinalIgnoreCase);
        var allowed = grant.AllowedMailboxes is { Count: > 0 } list ? new HashSet<string>(list, StringComparer.OrdinalIgnoreCase) : null;
        return new AccessGrant(token, roles, allowed, grant.Delegated, roles.Contains("*"));
    }

    public bool HasAny(string[] roles) => All || roles.Length == 0 || roles.Any(Roles.Contains);

    public bool MayAccessMailbox(string userId, string userPrincipalName) =>
        AllowedMailboxes is null || AllowedMailboxes.Contains(userId) || AllowedMailboxes.Contains(userPrincipalName);
}

/// <summary>The application roles each family of endpoints accepts (any one suffices), per the permission pages.</summary>
internal static class Permissions
{
    public static readonly string[] MailRead = ["Mail.ReadBasic.All", "Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite"];
    public static readonly string[] CalendarRead = ["Calendars.ReadBasic", "Calendars.Read", "Calendars.ReadWrite"];
    public static readonly string[] CalendarWrite = ["Calendars.ReadWrite"];
    public static readonly string[] MailboxSettingsRead = ["MailboxSettings.Read", "MailboxSettings.ReadWrite"];
    public static readonly string[] TasksRead = ["Tasks.Read.All", "Tasks.ReadWrite.All"];
    public static readonly string[] TasksWrite = ["Tasks.ReadWrite.All"];
    public static readonly string[] UserRead = ["User.Read.All", "User.ReadWrite.All", "User.ReadBasic.All", "Directory.Read.All", "Directory.ReadWrite.All"];
    public static readonly string[] GroupMemberRead = ["GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
    public static readonly string[] ChatRead = ["Chat.ReadBasic.All", "Chat.Read.All", "Chat.ReadWrite.All"];
    public static readonly string[] ChatMessagesRead = ["Chat.Read.All", "Chat.ReadWrite.All"];
    public static readonly string[] ChatMemberRead = ["ChatMember.Read.All", "ChatMember.ReadWrite.All", "Chat.ReadBasic.All", "Chat.Read.All", "Chat.ReadWrite.All"];
    public static readonly string[] CallRecordsRead = ["CallRecords.Read.All"];
    public static readonly string[] None = [];
}
