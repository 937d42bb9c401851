using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Noise;
using GraphNetworker.Core.Planning;

namespace GraphNetworker.Core.Scoring;

/// <summary>
/// Turns one person's ledger into an assessment: exclusion, strength, tier, cadence, status, drift and moves. Every
/// decision is made here; the sentence that explains each is written by <see cref="WhyLines"/> when it is read.
/// </summary>
internal sealed class RelationshipScorer(
    EngineOptions options,
    IdentityResolver resolver,
    NoiseClassifier noise,
    UserState state,
    EvaluationContext evaluation,
    DateTimeOffset now)
{
    private static readonly IReadOnlyList<Suggestion> NoSuggestions = [];

    private readonly StrengthCalculator _calculator = new(options);
    private readonly StatusPolicy _status = new(options, now);
    private readonly TierPolicy _tiers = new(options, state);
    private readonly (string First, string Last)? _ownerName = DisplayNames.FullNameEnds(resolver.OwnerName);
    private readonly Dictionary<string, PersonPreference> _preferences =
        state.Preferences.GroupBy(p => p.PersonKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    private readonly Dictionary<string, List<Suggestion>> _suggestions = state.Suggestions
        .GroupBy(s => s.PersonKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

    /// <summary>
    /// Scores one person (<paramref name="number"/> in the evaluation, by which their assessment finds their ledger
    /// again), given their events in the order recorded, which are sorted by time in place.
    /// </summary>
    public RelationshipAssessment Score(ref ContactLedger ledger, Span<ContactEvent> events, int number)
    {
        var key = ledger.Key;
        var person = resolver.DirectoryPersonOf(key);
        var seenWith = ledger.Extras?.MoreAddresses is null ? JustTheKey(key) : ledger.Addresses();

        // The directory's name, else the name people wrote most for this person, else their address: never a handle made into a name.
        var name = DisplayNames.Clean(person?.DisplayName) ?? ledger.BestName() ?? DisplayNames.AddressAsName(key, seenWith);
        var profile = _calculator.Profile(events, now);
        var preference = _preferences.GetValueOrDefault(key);
        IReadOnlyList<Suggestion> history = _suggestions.TryGetValue(key, out var made) ? made : NoSuggestions;
        var tier = _tiers.TierFor(key, person, profile, preference, now);
        var cadence = _tiers.CadenceOf(tier.Tier);
        var move = MoveOf(ledger, person);
        var lastContact = ledger.Contacts.Latest(evaluation.Ledgers.Texts).At;
        var firstContact = events.Length > 0 ? new DateTimeOffset(events[0].Ticks, TimeSpan.Zero) : (DateTimeOffset?)null;

        // Drift needs a rhythm worth missing (weekly or every couple of weeks at the peak), not just a high peak.
        var drifting = profile.PeakStrength >= options.InnerThreshold * 0.8 && profile.Strength <= profile.PeakStrength * 0.5 &&
                       profile.PeakRhythm is not null && profile.PeakRhythm != StrengthCalculator.MonthlyRhythm;

        var realName = person is null && DisplayNames.IsAddress(name) ? null : name;
        var mutedByYou = preference?.Muted == true;
        var verdict = VerdictOn(ledger, seenWith, person, tier.Overridden, move, realName, mutedByYou || HasNotARelationship(history));
        StatusDecision? status = verdict is null
            ? _status.Decide(
                new StatusInputs(cadence, tier.Tier, Max(lastContact, ledger.LastCompletedSuggestion), move, profile.Strength, profile.PeakStrength,
                    profile.PeakAt, ledger.Contacts.Outbound.At, ledger.Contacts.Meeting.At, ledger.NextMeetingAt, drifting),
                preference,
                history)
            : null;

        var reasons = new WhyFacts(
            tier.Reason, tier.ScoredTier, tier.Score,
            HasContact: ledger.CountedItems > 0 || ledger.CompletedSuggestions > 0,
            TwoWay: profile.Balance >= 0.5,
            WritesMore: profile.Outbound > profile.Inbound,
            profile.StrengthThen,
            mutedByYou,
            DistantContact: status is not null && tier.Tier == Tier.Distant && !tier.Overridden && tier.Score < options.RegularThreshold && firstContact is not null,
            status?.Reason ?? default,
            status?.News ?? false);
        return new RelationshipAssessment
        {
            PersonKey = key,
            DisplayName = name,
            ListedAddresses = seenWith.Length == 1 ? null : SortedInPlace(seenWith),
            Evaluated = (evaluation, number, reasons),
            NextMeeting = ledger.NextMeetingAt,
            FirstContact = firstContact,
            Strength = profile.Strength,
            PeakStrength = profile.PeakStrength,
            PeakAt = profile.PeakAt,
            Trend = TrendOf(profile),
            Tier = tier.Tier,
            TierOverridden = tier.Overridden,
            Cadence = cadence,
            DueAt = status?.DueAt,
            OverdueAt = status?.OverdueAt,
            Status = status?.Status ?? verdict!.Status,
            ExcludedReason = verdict?.ExcludedReason,
            SnoozedUntil = status?.SnoozedUntil,
            IsSenior = tier.Senior,
            JobTitle = person?.JobTitle,
            IsDrifting = drifting,
            PeakRhythm = profile.PeakRhythm,
            Move = move,
            MeetingShare = Share(profile.Meetings - profile.Chats, profile.Outbound + profile.Inbound + profile.Meetings),
            ChatShare = Share(profile.Chats, profile.Outbound + profile.Inbound + profile.Meetings),
            OutboundShare = profile.Outbound + profile.Inbound > 0 ? Share(profile.Outbound, profile.Outbound + profile.Inbound) : null,
            CountedItems = ledger.CountedItems,
            IgnoredItems = ledger.IgnoredItems,
            Priority = status?.Priority ?? 0,
        };
    }

    /// <summary>
    /// Why a person is not a relationship, or is muted, in the order the rules are tried (not a person, muted, the
    /// owner elsewhere, what the history holds, a system never written to); null when they are tracked.
    /// </summary>
    private Verdict? VerdictOn(
        in ContactLedger ledger, string[] seenWith, DirectoryPerson? person, bool overridden, MoveSignal? move, string? realName, bool muted)
    {
        if (noise.Classify(ledger.Key, seenWith, person is not null, ledger.SeenAsResource) is { } noisy)
        {
            return Verdict.Excluded(noisy);
        }

        if (muted)
        {
            return Verdict.Muted;
        }

        if (!overridden && person is null && _ownerName is { } owner && DisplayNames.FullNameEnds(realName) is { } theirs && theirs == owner)
        {
            return Verdict.Excluded($"Your own address elsewhere: it carries your name ({realName}).");
        }

        // Nobody in the tenant ever answered them, and neither did this owner (the tenant-wide fact is from the last
        // cycle: an answer since then, here, wins).
        if (!overridden && !AnsweredHere(ledger) && noise.ClassifyUnanswered(seenWith, person is not null) is { } unanswered)
        {
            return Verdict.Excluded(unanswered);
        }

        if (!overridden && move is null && ContentExclusion(ledger) is { } reason)
        {
            return Verdict.Excluded(reason);
        }

        if (!overridden && ledger.WrittenToItems == 0 && noise.ClassifyUnaddressed(seenWith, person is not null, realName) is { } unaddressed)
        {
            return Verdict.Excluded(unaddressed);
        }

        return null;
    }

    /// <summary>The owner wrote to them, met them, chatted with them, acted on a suggestion about them or has a meeting coming.</summary>
    private static bool AnsweredHere(in ContactLedger ledger) =>
        ledger.OutboundItems > 0 || ledger.MeetingItems > 0 || ledger.ChatItems > 0 || ledger.CompletedSuggestions > 0 || ledger.NextMeetingAt is not null;

    private static bool HasNotARelationship(IReadOnlyList<Suggestion> history)
    {
        foreach (var suggestion in history)
        {
            if (suggestion.State == SuggestionState.NotARelationship)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Exclusions decided from what the history holds: bulk, list or mass mail only, contact one way only.</summary>
    private string? ContentExclusion(in ContactLedger ledger)
    {
        if (ledger.CountedItems == 0 && ledger.CompletedSuggestions == 0)
        {
            if (ledger.NextMeetingAt is not null)
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
        if (ledger.MeetingItems > 0 || ledger.ChatItems > 0 || ledger.CompletedSuggestions > 0 || ledger.NextMeetingAt is not null ||
            (ledger.OutboundItems > 0 && ledger.InboundItems > 0))
        {
            return null;
        }

        return ledger.OutboundItems == 0
            ? $"Only ever wrote to you ({Wording.Plural(ledger.InboundItems, "message")}); you never replied or met."
            : $"Only you ever wrote ({Wording.Plural(ledger.OutboundItems, "message")}); they never wrote back or met.";
    }

    private static MoveSignal? MoveOf(in ContactLedger ledger, DirectoryPerson? person)
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
            : new MoveSignal(ledger.LastSeenAt, null, null, AccountClosed: true, DateEstimated: true);
    }

    /// <summary>The addresses in order, as the assessment lists them (the array is the ledger's fresh copy, read by nothing else after).</summary>
    private static string[] SortedInPlace(string[] addresses)
    {
        Array.Sort(addresses, StringComparer.Ordinal);
        return addresses;
    }

    /// <summary>
    /// The key as a list of one, for the rules that read a person's addresses while they are scored: one array, reused
    /// for everyone seen with their key alone (most people), whose assessment then lists the key without a list of its own.
    /// </summary>
    private string[] JustTheKey(string key)
    {
        _justTheKey[0] = key;
        return _justTheKey;
    }

    private readonly string[] _justTheKey = new string[1];

    private static Trend TrendOf(StrengthProfile profile)
    {
        const double Change = 8;
        var change = profile.Strength - profile.StrengthThen;
        return change >= Change ? Trend.Rising : change <= -Change ? Trend.Fading : Trend.Steady;
    }

    private static double Share(double part, double total) => total <= 0 ? 0 : Math.Round(part / total, 2);

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;

    /// <summary>Not a relationship (and why), or one the user muted.</summary>
    private sealed record Verdict(RelationshipStatus Status, string? ExcludedReason)
    {
        public static readonly Verdict Muted = new(RelationshipStatus.Muted, null);

        public static Verdict Excluded(string reason) => new(RelationshipStatus.Excluded, reason);
    }
}
