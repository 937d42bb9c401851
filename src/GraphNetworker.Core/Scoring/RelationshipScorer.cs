using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Noise;
using GraphNetworker.Core.Planning;

namespace GraphNetworker.Core.Scoring;

/// <summary>
/// Turns one person's ledger into an assessment: exclusion, strength, tier, cadence, status, drift and moves, each
/// with the sentence that explains it.
/// </summary>
internal sealed class RelationshipScorer(
    EngineOptions options,
    IdentityResolver resolver,
    NoiseClassifier noise,
    DirectoryIndex directory,
    UserState state,
    DateTimeOffset now)
{
    private readonly StrengthCalculator _calculator = new(options);
    private readonly StatusPolicy _status = new(options, now);
    private readonly TierPolicy _tiers = new(options, state);
    private readonly Dictionary<string, PersonPreference> _preferences =
        state.Preferences.GroupBy(p => p.PersonKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    private readonly ILookup<string, Suggestion> _suggestions = state.Suggestions.ToLookup(s => s.PersonKey, StringComparer.Ordinal);

    public RelationshipAssessment Score(ContactLedger ledger)
    {
        var person = resolver.DirectoryPersonOf(ledger.Key);
        // The directory's name, else the name people wrote most for this person, else their address: never a handle made into a name.
        var name = DisplayNames.Clean(person?.DisplayName) ?? ledger.BestName() ?? DisplayNames.AddressAsName(ledger.Key, ledger.Addresses);
        var profile = _calculator.Profile(ledger.Events, now);
        var preference = _preferences.GetValueOrDefault(ledger.Key);
        var history = _suggestions[ledger.Key].ToList();
        var why = new List<string>();

        var (tier, overridden, senior) = _tiers.TierFor(ledger.Key, person, profile, preference, now, why);
        var cadence = _tiers.CadenceOf(tier);
        var move = MoveOf(ledger, person);
        // Drift needs a rhythm worth missing (weekly or every couple of weeks at the peak), not just a high peak.
        var drifting = profile.PeakStrength >= options.InnerThreshold * 0.8 && profile.Strength <= profile.PeakStrength * 0.5 &&
                       profile.PeakRhythm is not null && profile.PeakRhythm != StrengthCalculator.MonthlyRhythm;

        var assessment = new RelationshipAssessment
        {
            PersonKey = ledger.Key,
            DisplayName = name,
            Addresses = [.. ledger.Addresses.Order(StringComparer.Ordinal)],
            LastContact = ledger.LastAny,
            LastOutbound = ledger.LastOutbound,
            LastInbound = ledger.LastInbound,
            LastMeeting = ledger.LastMeeting,
            NextMeeting = ledger.NextMeeting,
            FirstContact = ledger.Events.Count > 0 ? new DateTimeOffset(ledger.Events[0].Ticks, TimeSpan.Zero) : null,
            Strength = profile.Strength,
            PeakStrength = profile.PeakStrength,
            PeakAt = profile.PeakAt,
            Trend = TrendOf(profile),
            Tier = tier,
            TierOverridden = overridden,
            Cadence = cadence,
            IsSenior = senior,
            JobTitle = person?.JobTitle,
            IsDrifting = drifting,
            PeakRhythm = profile.PeakRhythm,
            Move = move,
            MeetingShare = Share(profile.Meetings - profile.Chats, profile.Outbound + profile.Inbound + profile.Meetings),
            ChatShare = Share(profile.Chats, profile.Outbound + profile.Inbound + profile.Meetings),
            OutboundShare = profile.Outbound + profile.Inbound > 0 ? Share(profile.Outbound, profile.Outbound + profile.Inbound) : null,
            CountedItems = ledger.CountedItems,
            IgnoredItems = ledger.IgnoredItems,
        };

        ExplainScore(ledger, profile, why);
        var realName = person is null && DisplayNames.IsAddress(name) ? null : name;
        if (Addresses.IsTeamsUser(ledger.Key))
        {
            why.Add("Known only as a Teams user: Graph gave no email address for them, so mail with them (if any) is counted apart.");
        }

        if (noise.Classify(ledger.Key, ledger.Addresses, person is not null, ledger.SeenAsResource) is { } noisy)
        {
            return Excluded(assessment, noisy, why);
        }

        var mute = preference?.Muted == true ? "Muted: you asked never to suggest this person."
            : history.Any(s => s.State == SuggestionState.NotARelationship) ? "Muted: you marked a suggestion \"not a relationship\"."
            : null;
        if (mute is not null)
        {
            why.Add(mute);
            return assessment with { Status = RelationshipStatus.Muted, Why = why };
        }

        if (!overridden && person is null && DisplayNames.SameFullName(realName, resolver.OwnerName))
        {
            return Excluded(assessment, $"Your own address elsewhere: it carries your name ({realName}).", why);
        }

        if (!overridden && move is null && ContentExclusion(ledger) is { } reason)
        {
            return Excluded(assessment, reason, why);
        }

        if (!overridden && ledger.WrittenToItems == 0 && noise.ClassifyUnaddressed(ledger.Key, ledger.Addresses, person is not null, realName) is { } unaddressed)
        {
            return Excluded(assessment, unaddressed, why);
        }

        if (tier == Tier.Distant && !overridden && _tiers.TierScore(profile, now) < options.RegularThreshold && assessment.FirstContact is { } first)
        {
            // Little history is a distant relationship, said plainly: it is tracked on the long cadence, with a low priority.
            why.Insert(1, $"{Wording.Capitalize(Wording.Plural(ledger.CountedItems, "exchange"))} in {Wording.Span(now - first)}; a distant contact.");
        }

        return _status.Apply(assessment, ledger, preference, history, why, directory.OrganizationName);
    }

    private static RelationshipAssessment Excluded(RelationshipAssessment assessment, string reason, List<string> why)
    {
        why.Insert(0, "Excluded: " + reason);
        return assessment with { Status = RelationshipStatus.Excluded, ExcludedReason = reason, Why = why, Priority = 0 };
    }

    /// <summary>Exclusions decided from what the history holds: bulk, list or mass mail only, contact one way only.</summary>
    private string? ContentExclusion(ContactLedger ledger)
    {
        if (ledger.CountedItems == 0 && ledger.CompletedSuggestions == 0)
        {
            if (ledger.NextMeeting is not null)
            {
                return null;
            }

            var bulk = ledger.IgnoredFor(IgnoredBecause.Bulk);
            var list = ledger.IgnoredFor(IgnoredBecause.NotAddressed);
            var mass = ledger.IgnoredFor(IgnoredBecause.MassMail) + ledger.IgnoredFor(IgnoredBecause.LargeMeeting);
            var unheld = ledger.IgnoredFor(IgnoredBecause.Cancelled) + ledger.IgnoredFor(IgnoredBecause.OwnerDeclined) + ledger.IgnoredFor(IgnoredBecause.TheyDeclined);
            if (bulk > 0 && bulk >= mass && bulk >= unheld)
            {
                return $"Only bulk mail (newsletters or mailing lists): {Wording.Plural(bulk, "message")}.";
            }

            if (list > 0 && list >= mass && list >= unheld)
            {
                return $"Only mail that reached you through a list or as Bcc: {Wording.Plural(list, "message")}, none addressed to you.";
            }

            if (mass > 0 && mass >= unheld)
            {
                return $"Only mass mail or large meetings (over {options.MassThreshold} people): {Wording.Plural(mass, "item")}.";
            }

            if (unheld > 0)
            {
                return $"Only meetings that were cancelled or declined: {Wording.Plural(unheld, "meeting")}.";
            }

            return "Never in direct contact: only seen alongside others on mail.";
        }

        // A relationship is contact both ways: mail each way, a held meeting, a Teams chat or call (a conversation), or a
        // suggestion the user acted on. How much history there is decides the tier, the cadence and the priority, never
        // whether the person is tracked.
        if (ledger.MeetingItems > 0 || ledger.ChatItems > 0 || ledger.CompletedSuggestions > 0 || ledger.NextMeeting is not null ||
            (ledger.OutboundItems > 0 && ledger.InboundItems > 0))
        {
            return null;
        }

        return ledger.OutboundItems == 0
            ? $"Only ever wrote to you ({Wording.Plural(ledger.InboundItems, "message")}); you never replied or met."
            : $"Only you ever wrote ({Wording.Plural(ledger.OutboundItems, "message")}); they never wrote back or met.";
    }

    private MoveSignal? MoveOf(ContactLedger ledger, DirectoryPerson? person)
    {
        if (ledger.MovedTo is { } moved)
        {
            return new MoveSignal(moved.Since, Addresses.DomainOf(moved.Address), moved.Address, person?.HasLeft == true);
        }

        if (person?.HasLeft != true)
        {
            return null;
        }

        return person.LeftAt is { } left
            ? new MoveSignal(left, null, null, AccountClosed: true)
            : new MoveSignal(ledger.LastSeen, null, null, AccountClosed: true, DateEstimated: true);
    }

    private static Trend TrendOf(StrengthProfile profile)
    {
        const double Change = 8;
        var change = profile.Strength - profile.StrengthThen;
        return change >= Change ? Trend.Rising : change <= -Change ? Trend.Fading : Trend.Steady;
    }

    private static double Share(double part, double total) => total <= 0 ? 0 : Math.Round(part / total, 2);

    private void ExplainScore(ContactLedger ledger, StrengthProfile profile, List<string> why)
    {
        if (ledger.CountedItems == 0 && ledger.CompletedSuggestions == 0)
        {
            why.Add("Strength 0: no mail or held meeting counted as contact yet.");
        }
        else
        {
            why.Add($"Strength {profile.Strength:0}/100 ({Wording.StrengthWords(profile.Strength)}) from {Wording.Plural(ledger.OutboundItems, "email")} you sent, " +
                    $"{Wording.Number(ledger.InboundItems)} you received and {Wording.Plural(ledger.MeetingItems, "meeting")}{Wording.TeamsClause(ledger.ChatItems, ledger.CallItems)}; " +
                    $"recent contact counts most (weight halves every {options.HalfLife.TotalDays:0} days).");
            why.Add(profile.Balance >= 0.5 ? "Two-way: you both reach out." :
                profile.Outbound > profile.Inbound ? "Mostly one-way: you write more than they answer, so it counts for less." :
                "Mostly one-way: they write more than you answer, so it counts for less.");
        }

        if (profile.PeakAt is { } peakAt && profile.PeakStrength > profile.Strength + 5)
        {
            var rhythm = profile.PeakRhythm is null ? string.Empty : $", when you talked {profile.PeakRhythm}";
            why.Add($"Peak {profile.PeakStrength:0} in {Wording.Month(peakAt, now)}{rhythm}.");
        }

        if (TrendOf(profile) is not Trend.Steady and var trend)
        {
            why.Add($"{trend}: strength was {profile.StrengthThen:0} ninety days ago.");
        }

        var ignored = new List<string>();
        AddIgnored(ignored, ledger.IgnoredFor(IgnoredBecause.Bulk), "bulk message");
        AddIgnored(ignored, ledger.IgnoredFor(IgnoredBecause.NotAddressed), "message that reached you through a list or as Bcc", "messages that reached you through a list or as Bcc");
        AddIgnored(ignored, ledger.IgnoredFor(IgnoredBecause.MassMail), $"mass mail (over {options.MassThreshold} recipients)", "mass mails");
        AddIgnored(ignored, ledger.IgnoredFor(IgnoredBecause.LargeMeeting), "large meeting");
        AddIgnored(ignored, ledger.IgnoredFor(IgnoredBecause.Cancelled), "cancelled meeting");
        AddIgnored(ignored, ledger.IgnoredFor(IgnoredBecause.OwnerDeclined), "meeting you declined", "meetings you declined");
        AddIgnored(ignored, ledger.IgnoredFor(IgnoredBecause.TheyDeclined), "meeting they declined", "meetings they declined");
        AddIgnored(ignored, ledger.IgnoredFor(IgnoredBecause.FutureDated), "item dated in the future", "items dated in the future");
        if (ignored.Count > 0)
        {
            why.Add("Not counted: " + string.Join(", ", ignored) + ".");
        }
    }

    private static void AddIgnored(List<string> into, int count, string singular, string? plural = null)
    {
        if (count > 0)
        {
            into.Add(count == 1 ? "one " + singular : $"{Wording.Number(count)} {plural ?? singular + "s"}");
        }
    }
}
