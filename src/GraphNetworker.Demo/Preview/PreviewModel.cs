namespace GraphNetworker.Demo.Preview;

/// <summary>A To Do task as the user sees it.</summary>
public sealed record PreviewTask(string Title, DateTime? Due, string Body, bool Completed, IReadOnlyList<(string Text, bool Checked)> Steps, string? Link, string? LinkName);

/// <summary>A calendar item in the previewed week, in the user's time zone.</summary>
public sealed record PreviewEvent(string Subject, DateTime Start, DateTime End, string ShowAs, bool IsHold, bool IsPrivate, int Attendees, bool IsCancelled);

/// <summary>What one user now sees in Outlook: their "Keep in touch" list and a working week of their calendar.</summary>
public sealed record PreviewModel(
    string DisplayName,
    string UserPrincipalName,
    string TimeZone,
    string ListName,
    IReadOnlyList<PreviewTask> Tasks,
    DateTime WeekStart,
    IReadOnlyList<PreviewEvent> Events,
    IReadOnlyList<(string Name, string Upn)> Users);
