using System.Security.Cryptography;
using System.Text;

namespace GraphNetworker.Core.Model;

public enum SuggestionKind
{
    Task,
    Hold,
}

/// <summary>The lifecycle of a suggestion written to Outlook, as read back from the user's To Do and calendar.</summary>
public enum SuggestionState
{
    /// <summary>Planned but not yet written to Outlook.</summary>
    Pending,
    Open,
    Completed,
    Dismissed,
    NotARelationship,

    /// <summary>A coffee hold whose time passed without becoming a meeting.</summary>
    Expired,
}

/// <summary>What the engine proposes to put into Outlook for one person now: not yet stored, so without an identity.</summary>
public sealed record SuggestionPlan(
    string PersonKey,
    string DisplayName,
    SuggestionKind Kind,
    string Reason,
    string Channel,
    string ChannelAdvice,
    DateTimeOffset DueAt,
    double Priority);

/// <summary>
/// A suggestion and its life in Outlook: planned (<see cref="SuggestionState.Pending"/>), written (Open, with its
/// Graph id), and what the user did with it. The id is deterministic (mailbox, person, kind, day) and doubles as the
/// task's linkedResource externalId and the hold's transactionId, so a retry finds what an earlier attempt wrote.
/// </summary>
public sealed record Suggestion
{
    /// <summary>Display names are kept to the length Outlook shows in a title.</summary>
    public const int MaxDisplayName = 256;

    public required string Id { get; init; }

    public required string PersonKey { get; init; }

    public required string DisplayName { get; init; }

    public required SuggestionKind Kind { get; init; }

    public SuggestionState State { get; init; }

    public required string Reason { get; init; }

    /// <summary>How to reach out (<c>email</c>, <c>coffee</c>, …) and the advice that goes with it.</summary>
    public required string Channel { get; init; }

    public required string ChannelAdvice { get; init; }

    public required DateTimeOffset DueAt { get; init; }

    public double Priority { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>The To Do task id or the event id in the user's mailbox, once written or found.</summary>
    public string? GraphId { get; init; }

    public string? GraphListId { get; init; }

    public DateTimeOffset? WrittenAt { get; init; }

    /// <summary>The slot a coffee hold holds.</summary>
    public DateTimeOffset? HoldStart { get; init; }

    public DateTimeOffset? HoldEnd { get; init; }

    /// <summary>The due date the user set in To Do, when they moved it.</summary>
    public DateTimeOffset? UserDueAt { get; init; }

    public DateTimeOffset? LastReadAt { get; init; }

    /// <summary>A new, pending suggestion from the engine's plan, with its deterministic id.</summary>
    public static Suggestion FromPlan(string mailboxId, SuggestionPlan plan, DateTimeOffset plannedAt) => new()
    {
        Id = IdFor(mailboxId, plan.PersonKey, plan.Kind, plannedAt),
        PersonKey = plan.PersonKey,
        DisplayName = plan.DisplayName.Length <= MaxDisplayName ? plan.DisplayName : plan.DisplayName[..MaxDisplayName],
        Kind = plan.Kind,
        State = SuggestionState.Pending,
        Reason = plan.Reason,
        Channel = plan.Channel,
        ChannelAdvice = plan.ChannelAdvice,
        DueAt = plan.DueAt,
        Priority = plan.Priority,
        CreatedAt = plannedAt,
    };

    /// <summary>A stable id for a suggestion: mailbox, person, kind and the day it was planned.</summary>
    public static string IdFor(string mailboxId, string personKey, SuggestionKind kind, DateTimeOffset plannedAt)
    {
        var text = $"{mailboxId}|{personKey}|{kind}|{plannedAt.UtcDateTime:yyyy-MM-dd}";
        return "gn-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32].ToLowerInvariant();
    }
}
