namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>Plausible subjects for synthetic mail and meetings.</summary>
internal static class Topics
{
    private static readonly string[] Subjects =
    [
        "Q{0} planning", "Pricing proposal", "Contract renewal", "Follow-up from our call", "Intro: partnership idea",
        "Roadmap review", "Budget for next quarter", "Customer escalation", "Hiring update", "Offsite agenda",
        "Draft SOW for review", "Pipeline review", "Security questionnaire", "Launch checklist", "Board deck feedback",
        "Lunch next week?", "Conference in {1}", "Invoice {2}", "Demo recording", "Case study approval",
    ];

    private static readonly string[] Headlines =
    [
        "Five trends shaping the quarter", "What leaders are reading this week", "The state of cloud spending",
        "Hiring outlook", "Markets at a glance", "Product launches to watch", "Weekly roundup",
    ];

    private static readonly string[] Notifications =
    [
        "Your expense report was approved", "Password expires in 7 days", "New sign-in to your account",
        "Your ticket has been updated", "Weekly usage summary", "Invoice available", "Action required: complete training",
    ];

    private static readonly string[] Cities = ["Lisbon", "Chicago", "Singapore", "Austin", "Amsterdam"];
    private static readonly string[] Codenames = ["Atlas", "Borealis", "Cobalt", "Delta", "Evergreen"];

    public static string Subject(Random r) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Subjects[r.Next(Subjects.Length)], r.Next(1, 5), Cities[r.Next(Cities.Length)], r.Next(10000, 99999));

    public static string Headline(Random r) => Headlines[r.Next(Headlines.Length)];

    public static string Notification(Random r) => Notifications[r.Next(Notifications.Length)];

    public static string Codename(int i) => Codenames[i % Codenames.Length];
}
