using System.Text.RegularExpressions;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Scoring;

/// <summary>
/// Tiers and cadences. The tier comes from the stronger of today's strength and the remembered peak (the peak fades
/// by half over <see cref="EngineOptions.PeakMemory"/>): inner circle at 55 or more, regular at 25, distant below.
/// Very senior people default to distant; a person's override always wins.
/// </summary>
internal sealed class TierPolicy
{
    private readonly EngineOptions _options;
    private readonly Regex _seniorTitle;
    private readonly HashSet<string> _seniorAddresses;
    private readonly Cadence?[] _cadences = new Cadence?[3];

    public TierPolicy(EngineOptions options, UserState state)
    {
        _options = options;
        var words = options.SeniorTitles.Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => Regex.Escape(w.Trim()));
        _seniorTitle = new Regex(@"(?<![\p{L}])(" + string.Join('|', words) + @")(?![\p{L}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        _seniorAddresses = new HashSet<string>(state.SeniorAddresses.Select(Addresses.Normalize).OfType<string>(), StringComparer.Ordinal);
    }

    /// <summary>Strength, or the peak as still remembered today, whichever is higher.</summary>
    public double TierScore(StrengthProfile profile, DateTimeOffset now) =>
        TierScore(profile.Strength, profile.PeakStrength, profile.PeakAt, now, _options.PeakMemory);

    /// <summary>The same for a scored person: the peak fades with <paramref name="peakMemory"/> as its half-life.</summary>
    public static double TierScore(double strength, double peak, DateTimeOffset? peakAt, DateTimeOffset now, TimeSpan peakMemory) =>
        peakAt is { } at ? Math.Max(strength, peak * Math.Pow(2, -(now - at).TotalDays / peakMemory.TotalDays)) : strength;

    public TierDecision TierFor(string key, DirectoryPerson? person, StrengthProfile profile, PersonPreference? preference, DateTimeOffset now)
    {
        var senior = preference?.Senior == true || _seniorAddresses.Contains(key) ||
                     (person?.JobTitle is { Length: > 0 } title && _seniorTitle.IsMatch(title));
        if (preference?.TierOverride is { } chosen)
        {
            return new TierDecision(chosen, TierReason.SetByYou, senior, chosen, 0);
        }

        var score = TierScore(profile, now);
        var tier = score >= _options.InnerThreshold ? Tier.Inner : score >= _options.RegularThreshold ? Tier.Regular : Tier.Distant;
        return senior && tier != Tier.Distant
            ? new TierDecision(Tier.Distant, TierReason.Senior, true, tier, score)
            : new TierDecision(tier, TierReason.Score, senior, tier, score);
    }

    /// <summary>The tier's cadence (one instance per tier: a cadence is a value).</summary>
    public Cadence CadenceOf(Tier tier) => _cadences[(int)tier] ??= CadenceOf(_options, tier);

    public static Cadence CadenceOf(EngineOptions options, Tier tier)
    {
        var cadence = tier switch
        {
            Tier.Inner => options.Inner,
            Tier.Regular => options.Regular,
            _ => options.Distant,
        };
        return new Cadence(cadence.DueAfter, cadence.OverdueAfter);
    }
}

/// <summary>Why a person is in their tier.</summary>
internal enum TierReason : byte
{
    /// <summary>From strength or the remembered peak, against the thresholds.</summary>
    Score,

    /// <summary>A senior person the score would put closer: kept distant, fewer and well-chosen touches.</summary>
    Senior,

    /// <summary>The user's override.</summary>
    SetByYou,
}

/// <summary>A person's tier and how it was decided: <paramref name="ScoredTier"/> and <paramref name="Score"/> are what the score alone said.</summary>
internal readonly record struct TierDecision(Tier Tier, TierReason Reason, bool Senior, Tier ScoredTier, double Score)
{
    public bool Overridden => Reason == TierReason.SetByYou;
}
