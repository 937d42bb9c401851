using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Core;

/// <summary>The engine's rules, with the defaults the README explains. Section <c>GraphNetworker:Engine</c>.</summary>
public sealed class EngineOptions : IValidatableObject
{
    public const string SectionName = "GraphNetworker:Engine";

    /// <summary>Strength halves after this long without contact.</summary>
    [Range(typeof(TimeSpan), "7.00:00:00", "3650.00:00:00")]
    public TimeSpan HalfLife { get; set; } = TimeSpan.FromDays(60);

    /// <summary>Decayed weight at which strength reaches 63 (100 × (1 − 1/e)): the scale of the 0–100 score.</summary>
    [Range(1.0, 1000.0)]
    public double StrengthScale { get; set; } = 7.0;

    /// <summary>Mail or meetings with more people than this never count as contact.</summary>
    [Range(2, 1000)]
    public int MassThreshold { get; set; } = 15;

    /// <summary>
    /// A sender that wrote directly to at least this many of the tenant's mailboxes, and whom nobody there ever
    /// answered, met or chatted with, is a system or a mass sender (the worker works it out from every mailbox's last
    /// assessment).
    /// </summary>
    [Range(2, 100000)]
    public int UnansweredSenderMailboxes { get; set; } = 3;

    /// <summary>How long a past peak keeps holding a relationship in its tier (the peak's weight halves over this).</summary>
    [Range(typeof(TimeSpan), "30.00:00:00", "3650.00:00:00")]
    public TimeSpan PeakMemory { get; set; } = TimeSpan.FromDays(730);

    [Range(1.0, 100.0)]
    public double InnerThreshold { get; set; } = 55;

    [Range(1.0, 100.0)]
    public double RegularThreshold { get; set; } = 25;

    [ValidateObjectMembers]
    public CadenceOptions Inner { get; set; } = new() { DueAfter = TimeSpan.FromDays(60), OverdueAfter = TimeSpan.FromDays(90) };

    [ValidateObjectMembers]
    public CadenceOptions Regular { get; set; } = new() { DueAfter = TimeSpan.FromDays(105), OverdueAfter = TimeSpan.FromDays(150) };

    [ValidateObjectMembers]
    public CadenceOptions Distant { get; set; } = new() { DueAfter = TimeSpan.FromDays(240), OverdueAfter = TimeSpan.FromDays(365) };

    /// <summary>Never suggest someone contacted this recently.</summary>
    [Range(typeof(TimeSpan), "0.00:00:00", "365.00:00:00")]
    public TimeSpan JustContacted { get; set; } = TimeSpan.FromDays(21);

    [Range(1, 100)]
    public int FocusListSize { get; set; } = 10;

    /// <summary>New To Do tasks per rolling week.</summary>
    [Range(0, 50)]
    public int WeeklyTaskBudget { get; set; } = 3;

    /// <summary>New coffee holds per rolling week.</summary>
    [Range(0, 10)]
    public int WeeklyHoldBudget { get; set; } = 1;

    /// <summary>Never more open suggestions than this at once: a short list gets done, a long one gets ignored.</summary>
    [Range(1, 50)]
    public int MaxOpenSuggestions { get; set; } = 6;

    /// <summary>A move or departure is news for this long.</summary>
    [Range(typeof(TimeSpan), "7.00:00:00", "730.00:00:00")]
    public TimeSpan MoveIsNewsFor { get; set; } = TimeSpan.FromDays(180);

    /// <summary>An old address must have been quiet this long before a new address with the same name counts as a move.</summary>
    [Range(typeof(TimeSpan), "0.00:00:00", "730.00:00:00")]
    public TimeSpan MoveQuietPeriod { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Job titles that mark very senior people (distant cadence by default), matched as whole words.</summary>
    public IList<string> SeniorTitles { get; set; } =
    [
        "chief", "ceo", "cfo", "cto", "coo", "cio", "cmo", "ciso", "president", "vp", "svp", "evp",
        "vice president", "founder", "co-founder", "managing director", "general manager", "chair", "chairman",
        "chairwoman", "board member", "partner",
    ];

    /// <summary>Local parts that are role mailboxes rather than people (matched as the whole local part).</summary>
    public IList<string> RoleAddressWords { get; set; } =
    [
        "postmaster", "notifications", "notification", "notify", "alerts", "alert", "calendar", "newsletter", "news",
        "info", "hello", "support", "help", "helpdesk", "admin", "administrator", "billing", "invoices", "invoice",
        "accounts", "sales", "marketing", "team", "updates", "digest", "automated", "robot", "system", "security",
        "root", "webmaster", "abuse", "feedback", "jobs", "careers", "hr", "office", "reception", "contact",
        "enquiries", "inquiries", "service", "services", "payroll", "it", "mail", "email", "events", "orders",
    ];

    /// <summary>Markers of robot senders, matched anywhere in the local part (<c>dse_noreply</c>, <c>bounce-123</c>).</summary>
    public IList<string> RobotAddressMarkers { get; set; } =
    [
        "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply", "mailer-daemon", "bounce",
        "notification", "newsletter", "unsubscribe", "autoreply", "auto-reply", "auto-confirm", "calendar-server",
        "system", "listserv", "helpdesk", "hotline",
    ];

    /// <summary>
    /// Words that make an address a system, a department or a list (<c>gas_daily</c>, <c>transportation.parking</c>,
    /// <c>it.helpdesk</c>), matched as whole words of the local part (split on dots, dashes, underscores and digits).
    /// </summary>
    public IList<string> SystemWords { get; set; } =
    [
        "admin", "administration", "administrator", "alert", "alerts", "announce", "announcement", "announcements",
        "automated", "benefits", "billing", "bulletin", "careers", "customer", "custserv", "daily", "deals", "digest",
        "events", "everyone", "feedback", "frontdesk", "helpdesk", "hotline", "listserv", "mailbox", "marketing",
        "monthly", "newsletter", "newsletters", "notice", "notices", "notification", "notifications", "office",
        "operations", "orders", "parking", "payroll", "postmaster", "promo", "promotions", "reception", "relations",
        "reports", "requests", "reservations", "security", "services", "specials", "subscriptions", "support", "survey",
        "system", "systems", "team", "updates", "webmaster", "weekly",
    ];

    /// <summary>
    /// Words that make an address or a name look like a system but are also initials or surnames (<c>hr</c>,
    /// <c>jobs</c>, <c>sales</c>): they exclude someone only when you never wrote to them on To. The words of
    /// <see cref="SystemWords"/> in a display name ("SAP Hotline") count the same way.
    /// </summary>
    public IList<string> AmbiguousSystemWords { get; set; } =
    [
        "all", "desk", "dl", "editor", "hr", "info", "it", "jobs", "list", "mailer", "news", "ops", "owner", "report",
        "request", "sales", "service", "staff", "update",
    ];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, cadence) in new[] { (nameof(Inner), Inner), (nameof(Regular), Regular), (nameof(Distant), Distant) })
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(cadence, new ValidationContext(cadence), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return new ValidationResult($"GraphNetworker:Engine:{name}: {result.ErrorMessage}", [name]);
            }

            if (cadence.OverdueAfter <= cadence.DueAfter)
            {
                yield return new ValidationResult($"GraphNetworker:Engine:{name}:OverdueAfter must be longer than DueAfter.", [name]);
            }
        }

        if (RegularThreshold >= InnerThreshold)
        {
            yield return new ValidationResult("GraphNetworker:Engine:RegularThreshold must be below InnerThreshold.", [nameof(RegularThreshold)]);
        }
    }
}

/// <summary>Validates <see cref="EngineOptions"/> on start, naming the key that is wrong (cadences included).</summary>
[OptionsValidator]
internal sealed partial class EngineOptionsValidator : IValidateOptions<EngineOptions>;

/// <summary>A cadence: the ideal window (due) and the maximum (overdue).</summary>
public sealed class CadenceOptions
{
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan DueAfter { get; set; }

    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan OverdueAfter { get; set; }
}
