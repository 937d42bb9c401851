using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Planning;

/// <summary>A reason to reach out and the channel to use, in words a person would be glad to read.</summary>
public sealed record Reason(string Text, string Channel, string ChannelAdvice);

/// <summary>
/// Writes the purpose of a suggestion from the signals, most timely first: a move to a new company, a departure,
/// drift from a close rhythm, an anniversary of working together, advice from a senior person, returning someone's
/// effort, and otherwise the tier falling behind. The channel follows how you used to talk: Teams if you mostly
/// chatted, coffee if you met, email if you wrote.
/// </summary>
public static class ReasonWriter
{
    public const string Coffee = "coffee";
    public const string Email = "email";
    public const string Teams = "teams";

    /// <summary>The reason and channel for one person. A first contact within 60 days of <paramref name="historyStart"/> (the earliest item in the mailbox) is where the data starts, not an anniversary.</summary>
    public static Reason Write(RelationshipAssessment person, DateTimeOffset now, string? organizationName, TimeSpan newsFor, DateTimeOffset? historyStart = null)
    {
        var who = Who.Of(person.DisplayName);

        string text;
        if (person.Move is { At: { } movedAt } move && now - movedAt <= newsFor && move.NewDomain is { } domain)
        {
            var company = Addresses.CompanyFromDomain(domain);
            text = (person.IsDrifting ? $"You used to talk {person.PeakRhythm}; {who.Subject(lower: true)} moved to {company} in {Wording.Month(movedAt, now)}. "
                                      : $"{who.Subject()} moved to {company} in {Wording.Month(movedAt, now)}. ")
                   + "Congratulate them on the new role and ask how the first months are going.";
        }
        else if (person.Move is { At: { } leftAt, AccountClosed: true } closed && now - leftAt <= newsFor)
        {
            var organisation = organizationName ?? "the organisation";
            text = (closed.DateEstimated
                       ? $"{who.Possessive()} {organisation} account has been closed; the last mail from it was in {Wording.Month(leftAt, now)}. "
                       : $"{who.Subject()} left {organisation} in {Wording.Month(leftAt, now)}. ") +
                   "Ask where they landed and how it is going; people who move on are the ones who open doors later.";
        }
        else if (person.Move is { AccountClosed: true, NewDomain: null } && person.LastContact is { } lastHeard)
        {
            text = $"{who.Subject()} {who.Has} left {organizationName ?? "the organisation"}, and you last talked {Wording.Ago(lastHeard.At, now)}. " +
                   "Ask how things are going and where they are now; a former colleague is worth keeping.";
        }
        else if (person.IsDrifting && person.LastContact is { } drifted)
        {
            text = $"You used to talk {person.PeakRhythm}, and it has been {Wording.Span(now - drifted.At)} since " +
                   (drifted.Subject is { Length: > 0 } threadSubject
                       ? $"your last thread, \"{Trim(threadSubject)}\" ({Wording.Day(drifted.At)}). "
                       : $"{Wording.ChannelName(drifted.Channel)} on {Wording.Day(drifted.At)}. ") +
                   "Pick up where you left off.";
        }
        else if (Anniversary(person, now, historyStart) is { } years)
        {
            var anniversary = person.FirstContact!.Value.AddYears(years);
            text = (anniversary > now
                       ? $"It will soon be {Wording.Plural(years, "year")} since you first got in touch ({Wording.MonthYear(person.FirstContact.Value)}). "
                       : $"It has just been {Wording.Plural(years, "year")} since you first got in touch ({Wording.MonthYear(person.FirstContact.Value)}). ") +
                   "A good moment to say thanks and share what you are working on now.";
        }
        else if (person.IsSenior)
        {
            text = $"Ask {who.Possessive(lower: true)} advice on something you are working on; a short, specific question respects their time.";
        }
        else if (person.OutboundShare is < 0.35 && person.LastInbound is not null)
        {
            text = $"{who.Subject()} {who.Has} reached out more often than you have. Return the favour: offer help with something they are working on.";
        }
        else
        {
            var since = person.LastContact is { } l ? Wording.Span(now - l.At) : "a while";
            text = $"You aim for {Wording.Touches(person.Cadence)} with {(person.Tier == Tier.Inner ? "your inner circle" : Wording.TierName(person.Tier) + " contacts")}, " +
                   $"and it has been {since}. Share a piece of news or an article {who.Subject(lower: true)} would enjoy.";
        }

        return Channel(person, who, text);
    }

    private static Reason Channel(RelationshipAssessment person, Who who, string text)
    {
        if (person.Move?.NewAddress is { } newAddress)
        {
            return new Reason(text, Email, $"Write to {who.Possessive(lower: true)} new address, {newAddress}.");
        }

        if (person.Move is { AccountClosed: true })
        {
            return new Reason(text, Email, $"{who.Possessive()} work mailbox is closed: reach them through LinkedIn, a personal address you have, or a colleague you both know.");
        }

        if (person.ChatShare >= 0.4 && person.ChatShare >= person.MeetingShare)
        {
            return new Reason(text, Teams, "You usually chat on Teams: send a message.");
        }

        if (person.MeetingShare >= 0.3 && !person.IsSenior)
        {
            return new Reason(text, Coffee, $"Suggest a coffee or a call: you used to meet.");
        }

        return new Reason(text, Email, person.LastInbound is null && person.LastOutbound is null
            ? $"Write {who.Object} a short email."
            : "Write a short email: you mostly wrote to each other.");
    }

    /// <summary>Whole years since the first contact, when today is within three weeks of that anniversary.</summary>
    private static int? Anniversary(RelationshipAssessment person, DateTimeOffset now, DateTimeOffset? historyStart)
    {
        if (person.FirstContact is not { } first || (historyStart is { } start && first - start < TimeSpan.FromDays(60)))
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

    private static string Trim(string subject)
    {
        var clean = new string(subject.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length <= 60 ? clean : clean[..57] + "...";
    }

    /// <summary>How a sentence names the person: their first name, or "they" when they have no name to go by.</summary>
    private readonly record struct Who(string? First)
    {
        public static Who Of(string displayName) => new(DisplayNames.FirstNameOrNull(displayName));

        public string Object => First ?? "them";

        public string Has => First is null ? "have" : "has";

        public string Subject(bool lower = false) => First ?? (lower ? "they" : "They");

        public string Possessive(bool lower = false) => First is { } first ? first + "'s" : lower ? "their" : "Their";
    }
}
