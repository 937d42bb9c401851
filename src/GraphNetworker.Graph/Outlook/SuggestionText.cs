using System.Text;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Planning;

namespace GraphNetworker.Graph.Outlook;

/// <summary>The words a user reads in To Do and on their calendar: short, specific, and kind.</summary>
public static class SuggestionText
{
    public const string NotARelationshipStep = "Not a relationship: stop suggesting";

    /// <summary>What the suggestion was written from, at the foot of every task and hold: metadata only, Teams included when it is on.</summary>
    public const string Footer =
        "Written by GraphNetworker from the metadata of your mail and calendar, and of your Teams chats and calls when " +
        "Teams is turned on for your organisation; it never reads message bodies or chat messages.";

    public static string TaskTitle(Suggestion suggestion) => $"Reconnect with {suggestion.DisplayName}";

    public static string HoldSubject(Suggestion suggestion) => $"Coffee catch-up: {suggestion.DisplayName} (hold)";

    public static string NotARelationship(Suggestion suggestion) => $"{NotARelationshipStep} {DisplayNames.FirstName(suggestion.DisplayName)}";

    /// <summary>The task's notes: the reason, the channel, the last contact, the relationship in words, and how to answer.</summary>
    public static string TaskBody(Suggestion suggestion, RelationshipAssessment? relationship, DateTimeOffset now)
    {
        var first = DisplayNames.FirstName(suggestion.DisplayName);
        var text = new StringBuilder();
        text.AppendLine(suggestion.Reason).AppendLine();
        text.AppendLine(suggestion.ChannelAdvice).AppendLine();
        AppendContext(text, relationship, now);
        text.AppendLine();
        text.AppendLine("Done? Complete the task and the cadence starts again.");
        text.AppendLine($"Not now? Delete it and {first} is snoozed for {Cadence(relationship)}.");
        text.AppendLine($"Not someone to keep in touch with? Tick the step \"{NotARelationshipStep} {first}\".");
        text.AppendLine().Append(Footer);
        return text.ToString();
    }

    /// <summary>The hold's notes: why, with whom, and the one thing to do next.</summary>
    public static string HoldBody(Suggestion suggestion, RelationshipAssessment? relationship, DateTimeOffset now)
    {
        var first = DisplayNames.FirstName(suggestion.DisplayName);
        var text = new StringBuilder();
        text.AppendLine($"A time held for coffee with {suggestion.DisplayName}. Nobody has been invited: this hold is only on your calendar.").AppendLine();
        text.AppendLine(suggestion.Reason).AppendLine();
        AppendContext(text, relationship, now);
        text.AppendLine();
        text.AppendLine($"Invite {first} to this event, or delete this hold (then {first} is snoozed for {Cadence(relationship)}).");
        text.AppendLine().Append(Footer);
        return text.ToString();
    }

    private static void AppendContext(StringBuilder text, RelationshipAssessment? relationship, DateTimeOffset now)
    {
        if (relationship is null)
        {
            return;
        }

        if (relationship.LastContact is { } last)
        {
            text.Append($"Last contact: {Wording.ChannelName(last.Channel)} on {Wording.Day(last.At)} ({Wording.Ago(last.At, now)})");
            text.AppendLine(last.Subject is { Length: > 0 } subject ? $", \"{subject}\"." : ".");
        }

        var strength = relationship.PeakStrength > relationship.Strength + 10
            ? $"strength {relationship.Strength:0}/100 today, {relationship.PeakStrength:0} at its peak"
            : $"strength {relationship.Strength:0}/100";
        text.AppendLine($"Relationship: {Wording.TierName(relationship.Tier)} ({Wording.Touches(relationship.Cadence)}); {strength}.");
    }

    private static string Cadence(RelationshipAssessment? relationship) =>
        relationship is null ? "a while" : $"{relationship.Cadence.DueDays} days";
}
