namespace GraphNetworker.GraphEmulator.Mail;

/// <summary>Outlook's well-known folder names (resources/mailfolder.md) and their display names.</summary>
internal static class WellKnownFolders
{
    public const string Root = "msgfolderroot";

    /// <summary>The folders every mailbox has, in the order Outlook lists them.</summary>
    public static readonly IReadOnlyList<(string Name, string DisplayName)> Standard =
    [
        ("archive", "Archive"),
        ("conversationhistory", "Conversation History"),
        ("deleteditems", "Deleted Items"),
        ("drafts", "Drafts"),
        ("inbox", "Inbox"),
        ("junkemail", "Junk Email"),
        ("outbox", "Outbox"),
        ("sentitems", "Sent Items"),
    ];

    /// <summary>Other well-known names Graph accepts; they resolve only if such a folder exists.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        Root, "archive", "clutter", "conflicts", "conversationhistory", "deleteditems", "drafts", "inbox", "junkemail",
        "localfailures", "msgfolderroot", "outbox", "recoverableitemsdeletions", "scheduled", "searchfolders",
        "sentitems", "serverfailures", "syncissues",
    };

    public static bool IsWellKnown(string name) => All.Contains(name);
}
