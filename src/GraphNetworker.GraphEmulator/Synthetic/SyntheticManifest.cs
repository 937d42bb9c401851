namespace GraphNetworker.GraphEmulator;

/// <summary>
/// What the synthetic generator put where, so tests and demos can name the leaver, the newsletters, the X500
/// senders... without guessing. Available from <see cref="EmulatorControl.SyntheticManifest"/> and
/// <c>GET /_emulator/synthetic</c>.
/// </summary>
public sealed record SyntheticManifest
{
    public required string Spec { get; init; }

    public required string Domain { get; init; }

    /// <summary>"Now" when the tenant was generated; every date is relative to it.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The security group "GraphNetworker users" (mailbox users, partly through <see cref="NestedGroupId"/>).</summary>
    public required string GroupId { get; init; }

    /// <summary>"GraphNetworker pilot", a member of <see cref="GroupId"/>: transitive membership.</summary>
    public required string NestedGroupId { get; init; }

    public required IReadOnlyList<SyntheticPerson> MailboxUsers { get; init; }

    public required IReadOnlyList<SyntheticPerson> Colleagues { get; init; }

    public required IReadOnlyList<SyntheticPerson> Externals { get; init; }

    /// <summary>Senior colleagues (CEO, CFO, VP…); the CEO sends the all-hands broadcasts.</summary>
    public required IReadOnlyList<SyntheticPerson> Executives { get; init; }

    public SyntheticLeaver? Leaver { get; init; }

    /// <summary>A colleague who left long ago: soft-deleted (404 on GET, listed under /directory/deletedItems).</summary>
    public SyntheticPerson? DeletedColleague { get; init; }

    /// <summary>The meeting room (a resource attendee; its account is disabled, as room accounts are).</summary>
    public string? RoomAddress { get; init; }

    /// <summary>A distribution list address (a mail-enabled group) that colleagues write to.</summary>
    public string? DistributionList { get; init; }

    public required IReadOnlyList<string> NewsletterSenders { get; init; }

    public required IReadOnlyList<string> NoReplySenders { get; init; }

    /// <summary>Role, helpdesk, number-only and robot addresses in every mailbox; none is a person.</summary>
    public IReadOnlyList<string> SystemSenders { get; init; } = [];

    /// <summary>Of <see cref="SystemSenders"/>, those the owner writes to and that answer (two-way, yet not people).</summary>
    public IReadOnlyList<string> TwoWaySystemSenders { get; init; } = [];

    /// <summary>Of <see cref="SystemSenders"/>, the one writing under a person's name to every mailbox, answered by nobody.</summary>
    public string? MassSender { get; init; }

    /// <summary>A real correspondent whose mail carries only a mailbox handle for a name (never to be called by it).</summary>
    public string? HandleNamedSender { get; init; }

    /// <summary>The handle itself ("Jkt0401").</summary>
    public string? Handle { get; init; }

    /// <summary>Colleagues whose mail sometimes carries their Exchange X500 address instead of SMTP.</summary>
    public required IReadOnlyList<SyntheticX500Sender> X500Senders { get; init; }

    /// <summary>Per mailbox: who is a weekly, monthly, rare, fading or cold contact, and other planted items.</summary>
    public required IReadOnlyList<SyntheticMailboxFacts> Mailboxes { get; init; }
}

/// <summary>A person of the synthetic tenant; <see cref="Id"/> is the directory id (null for externals).</summary>
public sealed record SyntheticPerson(string? Id, string DisplayName, string Address, string? JobTitle, string Company);

/// <summary>The colleague who leaves: disabled account, later writing from a new company with the same name.</summary>
public sealed record SyntheticLeaver(SyntheticPerson Person, DateTimeOffset LeftAt, string NewAddress, string NewCompany, string NewDomain);

/// <summary>An internal sender whose mail uses the X500 address; it resolves through the user's proxyAddresses.</summary>
public sealed record SyntheticX500Sender(string UserId, string SmtpAddress, string X500Address);

/// <summary>The planted patterns of one mailbox (addresses are SMTP addresses).</summary>
public sealed record SyntheticMailboxFacts
{
    public required string UserPrincipalName { get; init; }

    public required IReadOnlyList<string> Weekly { get; init; }

    public required IReadOnlyList<string> Monthly { get; init; }

    public required IReadOnlyList<string> Rare { get; init; }

    /// <summary>Frequent until about seven months ago, silent since.</summary>
    public required IReadOnlyList<string> Fading { get; init; }

    /// <summary>Wrote once, never answered.</summary>
    public required IReadOnlyList<string> Cold { get; init; }

    /// <summary>internetMessageIds present both in Inbox and in the "Projects" folder.</summary>
    public required IReadOnlyList<string> CopiedInternetMessageIds { get; init; }

    /// <summary>The colleague of the weekly 1:1 series (with one moved and one cancelled occurrence).</summary>
    public string? OneOnOneColleague { get; init; }

    /// <summary>The id of the weekly 1:1 series master.</summary>
    public string? RecurringSeriesMasterId { get; init; }

    /// <summary>A colleague who mailed monthly until five months ago and chats on Teams this week (and called).</summary>
    public string? ChattyColleague { get; init; }

    /// <summary>The display name of someone from another organisation who chats over Teams federation (Graph gives no email).</summary>
    public string? TeamsOutsider { get; init; }
}
