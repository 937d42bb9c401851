using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Planning;

/// <summary>A reason to reach out and the channel to use, in words a person would be glad to read.</summary>
public sealed record Reason(string Text, string Channel, string ChannelAdvice);

/// <summary>
/// Writes the purpose of a suggestion from the signals, most timely first: a move to a new company, a departure,
/// drift from a close rhythm, an anniversary of working together, advice from a senior person, returning someone's
/// effort, and otherwise the tier falling behind. The channel follows how you used to talk: coffee if you met,
/// email if you wrote.
/// </summary>
public static class ReasonWriter
{
    public const string Coffee = "coffee";
    public const string Email = "email";

    public static Reason Write(RelationshipAssessment person, DateTimeOffset now, string? organizationName, TimeSpan newsFor)
    {
        var first = DisplayNames.FirstName(person.DisplayName);
        var lastContact = person.LastContact is { } last
            ? (last.Subject is { Length: > 0 } subject
                ? $"your last thread was \"{Trim(subject)}\" ({Wording.Day(last.At)})"
                : $"your last contact was {Wording.ChannelName(last.Channel)} on {Wording.Day(last.At)}")
            : null;

        string text;
        if (person.Move is { At: { } movedAt } move && now - movedAt <= newsFor && move.NewDomain is { } domain)
        {
            var company = Addresses.CompanyFromDomain(domain);
            text = (person.IsDrifting ? $"You used to talk {person.PeakRhythm}; {first} moved to {company} in {Wording.Month(movedAt, now)}. "
                                      : $"{first} moved to {company} in {Wording.Month(movedAt, now)}. ")
                   + "Congratulate them on the new role and ask how the first months are going.";
        }
        else if (person.Move is { At: { } leftAt, AccountClosed: true } && now - leftAt <= newsFor)
        {
            text = $"{first} left {organizationName ?? "the organisation"} in {Wording.Month(leftAt, now)}. " +
                   "Ask where they landed and how it is going; people who move on are the ones who open doors later.";
        }
        else if (person.IsDrifting && person.LastContact is { } drifted)
        {
            text = $"You used to talk {person.PeakRhythm}; your last contact was {Wording.Ago(drifted.At, now)}. " +
                   $"Pick up where you left off{(lastContact is null ? "." : ": " + lastContact + ".")}";
        }
        else if (Anniversary(person, now) is { } years)
        {
            text = $"It is {Wording.Plural(years, "year")} since you first worked together ({Wording.MonthYear(person.FirstContact!.Value)}). " +
                   "A good moment to say thanks and share what you are working on now.";
        }
        else if (person.IsSenior)
        {
            text = $"Ask {first}'s advice on something you are working on; a short, specific question respects their time" +
                   (lastContact is null ? "." : $" ({lastContact}).");
        }
        else if (person.OutboundShare is < 0.35 && person.LastInbound is not null)
        {
            text = $"{first} has reached out more often than you have. Return the favour: offer help with something they are working on" +
                   (lastContact is null ? "." : $" ({lastContact}).");
        }
        else
        {
            var since = person.LastContact is { } l ? Wording.Span(now - l.At) : "a while";
            text = $"You aim for {Touches(person.Cadence)} with {(person.Tier == Tier.Inner ? "your inner circle" : Wording.TierName(person.Tier) + " contacts")}, " +
                   $"and it has been {since}. Share a piece of news or an article {first} would enjoy" +
                   (lastContact is null ? "." : $"; {lastContact}.");
        }

        return Channel(person, first, text);
    }

    private static Reason Channel(RelationshipAssessment person, string first, string text)
    {
        if (person.Move?.NewAddress is { } newAddress)
        {
            return new Reason(text, Email, $"A short email to {first}'s new address, {newAddress}.");
        }

        if (person.MeetingShare >= 0.3 && !person.IsSenior)
        {
            return new Reason(text, Coffee, $"Coffee or a call: you used to meet, so invite {first} to catch up.");
        }

        return new Reason(text, Email, person.LastInbound is null && person.LastOutbound is null
            ? $"A short email to {first}."
            : $"A short email: you mostly wrote to each other.");
    }

    /// <summary>Whole years since the first contact, when today is within three weeks of that anniversary.</summary>
    private static int? Anniversary(RelationshipAssessment person, DateTimeOffset now)
    {
        if (person.FirstContact is not { } first)
        {
            return null;
        }

        var years = (int)Math.Round((now - first).TotalDays / 365.25);
        if (years < 1)
        {
            return null;
        }

        var anniversary = first.AddYears(years);
        return Math.Abs((now - anniversary).TotalDays) <= 21 ? years : null;
    }

    private static string Touches(Cadence cadence)
    {
        var perYear = cadence.TouchesPerYear;
        return perYear >= 2 ? $"about {Wording.Number((int)Math.Round(perYear))} touches a year" : "a touch or two a year";
    }

    private static string Trim(string subject)
    {
        var clean = new string(subject.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length <= 60 ? clean : clean[..57] + "...";
    }
}
