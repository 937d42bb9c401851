using System.Globalization;
using System.Runtime.CompilerServices;
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

        var months = (int)Math.Round(days / 30.44);
        if (months < 24)
        {
            return Plural(months, "month");
        }

        return Plural(Math.Max(2, days / 365), "year");
    }

    public static string Ago(DateTimeOffset at, DateTimeOffset now) => Span(now - at) + " ago";

    /// <summary>"14 March 2026" (the invariant culture's "d MMMM yyyy", written without parsing a format each time).</summary>
    public static string Day(DateTimeOffset at)
    {
        var day = at.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{day.Day} {MonthNames[day.Month - 1]} {day.Year:D4}");
    }

    /// <summary>"May" in the current year, "May 2025" otherwise.</summary>
    public static string Month(DateTimeOffset at, DateTimeOffset now) =>
        at.Year == now.Year ? MonthNames[at.UtcDateTime.Month - 1] : MonthYear(at);

    /// <summary>"May 2025".</summary>
    public static string MonthYear(DateTimeOffset at)
    {
        var day = at.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{MonthNames[day.Month - 1]} {day.Year:D4}");
    }

    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;

    /// <summary>A cadence in words: "about six touches a year", or "once or twice a year" for the distant tier.</summary>
    public static string Touches(Cadence cadence) =>
        cadence.TouchesPerYear >= 2 ? $"about {Number((int)Math.Round(cadence.TouchesPerYear))} touches a year" : "once or twice a year";

    /// <summary>The sentence form: "three exchanges" → "Three exchanges".</summary>
    public static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    public static string Plural(int count, string unit) => $"{Number(count)} {unit}{(count == 1 ? string.Empty : "s")}";

    /// <summary>The same, for a unit whose plural is not an added "s" ("one touch", "two touches").</summary>
    public static string Plural(int count, string singular, string plural) => $"{Number(count)} {(count == 1 ? singular : plural)}";

    /// <summary>
    /// "three exchanges". An exchange, wherever the product counts them, is one counted contact: a message sent or
    /// received, a meeting held (a Teams call included) or a Teams chat touch (a chat on a day with a message).
    /// </summary>
    public static string Exchanges(int count) => Plural(count, "exchange");

    /// <summary>
    /// What the counted contact was made of, naming only what happened: "two emails you sent, one you received, three
    /// meetings (including one Teams call) and two Teams chat touches (…)"; "no counted contact" when there was none.
    /// </summary>
    public static string ContactCounts(int sent, int received, int meetings, int calls, int chatTouches)
    {
        // Written into one buffer: the sentence is made for every person whose reasons are read.
        var parts = (sent > 0 ? 1 : 0) + (received > 0 ? 1 : 0) + (meetings > 0 ? 1 : 0) + (chatTouches > 0 ? 1 : 0);
        if (parts == 0)
        {
            return "no counted contact";
        }

        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture);
        var written = 0;
        if (sent > 0)
        {
            Next(ref text, ref written, parts);
            AppendPlural(ref text, sent, "email");
            text.AppendLiteral(" you sent");
        }

        if (received > 0)
        {
            Next(ref text, ref written, parts);
            if (sent > 0)
            {
                text.AppendLiteral(Number(received));
            }
            else
            {
                AppendPlural(ref text, received, "email");
            }

            text.AppendLiteral(" you received");
        }

        if (meetings > 0)
        {
            Next(ref text, ref written, parts);
            AppendPlural(ref text, meetings, "meeting");
            if (calls > 0)
            {
                text.AppendLiteral(" (including ");
                AppendPlural(ref text, calls, "Teams call");
                text.AppendLiteral(")");
            }
        }

        if (chatTouches > 0)
        {
            Next(ref text, ref written, parts);
            text.AppendLiteral(Number(chatTouches));
            text.AppendLiteral(chatTouches == 1 ? " Teams chat touch" : " Teams chat touches");
            text.AppendLiteral(" (a chat counts once a day, at its last message)");
        }

        return text.ToStringAndClear();

        // Parts are joined by commas, the last by "and".
        static void Next(ref DefaultInterpolatedStringHandler text, ref int written, int parts)
        {
            if (written > 0)
            {
                text.AppendLiteral(written == parts - 1 ? " and " : ", ");
            }

            written++;
        }

        static void AppendPlural(ref DefaultInterpolatedStringHandler text, int count, string unit)
        {
            text.AppendLiteral(Number(count));
            text.AppendLiteral(" ");
            text.AppendLiteral(unit);
            if (count != 1)
            {
                text.AppendLiteral("s");
            }
        }
    }

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
