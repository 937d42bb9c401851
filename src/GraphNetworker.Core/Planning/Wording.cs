using System.Globalization;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Planning;

/// <summary>Small pieces of plain English for reasons and explanations.</summary>
public static class Wording
{
    private static readonly string[] Small =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    public static string Number(int value) => value >= 0 && value < Small.Length ? Small[value] : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>"three weeks", "five months", "two years".</summary>
    public static string Span(TimeSpan span)
    {
        var days = Math.Max(0, (int)Math.Floor(span.TotalDays));
        if (days < 1)
        {
            return "less than a day";
        }

        if (days < 14)
        {
            return Plural(days, "day");
        }

        if (days < 60)
        {
            return Plural(days / 7, "week");
        }

        if (days < 730)
        {
            return Plural((int)Math.Round(days / 30.44), "month");
        }

        return Plural(days / 365, "year");
    }

    public static string Ago(DateTimeOffset at, DateTimeOffset now) => Span(now - at) + " ago";

    /// <summary>"14 March 2026".</summary>
    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"May" in the current year, "May 2025" otherwise.</summary>
    public static string Month(DateTimeOffset at, DateTimeOffset now) =>
        at.UtcDateTime.ToString(at.Year == now.Year ? "MMMM" : "MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"May 2025".</summary>
    public static string MonthYear(DateTimeOffset at) => at.UtcDateTime.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A cadence in words: "about six touches a year", or "once or twice a year" for the distant tier.</summary>
    public static string Touches(Cadence cadence) =>
        cadence.TouchesPerYear >= 2 ? $"about {Number((int)Math.Round(cadence.TouchesPerYear))} touches a year" : "once or twice a year";

    /// <summary>The sentence form: "three exchanges" → "Three exchanges".</summary>
    public static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    public static string Plural(int count, string unit) => $"{Number(count)} {unit}{(count == 1 ? string.Empty : "s")}";

    public static string TierName(Tier tier) => tier switch
    {
        Tier.Inner => "inner circle",
        Tier.Regular => "regular",
        _ => "distant",
    };

    public static string ChannelName(ContactChannel channel) => channel switch
    {
        ContactChannel.EmailSent => "an email you sent",
        ContactChannel.EmailReceived => "an email they sent you",
        ContactChannel.Meeting => "a meeting",
        ContactChannel.TeamsChatSent or ContactChannel.TeamsChatReceived => "a Teams chat",
        ContactChannel.TeamsCall => "a Teams call",
        _ => "a suggestion you completed",
    };

    /// <summary>" (including two Teams calls), and five Teams chat touches (…)", or nothing when there was no Teams contact.</summary>
    public static string TeamsClause(int chatTouches, int calls)
    {
        var clause = calls > 0 ? $" (including {Plural(calls, "Teams call")})" : string.Empty;
        return chatTouches switch
        {
            0 => clause,
            1 => clause + ", and one Teams chat touch (a chat counts once a day, at its last message)",
            _ => clause + $", and {Number(chatTouches)} Teams chat touches (a chat counts once a day, at its last message)",
        };
    }

    /// <summary>"very strong" … "faint", for strength in words.</summary>
    public static string StrengthWords(double strength) => strength switch
    {
        >= 80 => "very strong",
        >= 55 => "strong",
        >= 25 => "moderate",
        >= 8 => "light",
        _ => "faint",
    };
}
