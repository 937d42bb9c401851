using System.Text.RegularExpressions;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Planning;

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
    private readonly string?[] _cadenceSentences = new string?[3];

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

    public (Tier Tier, bool Overridden, bool Senior) TierFor(
        string key, DirectoryPerson? person, StrengthProfile profile, PersonPreference? preference, DateTimeOffset now, List<string> why)
    {
        var senior = preference?.Senior == true || _seniorAddresses.Contains(key) ||
                     (person?.JobTitle is { Length: > 0 } title && _seniorTitle.IsMatch(title));
        if (preference?.TierOverride is { } chosen)
        {
            why.Add($"Tier {Wording.TierName(chosen)}: set by you. {CadenceSentence(chosen)}");
            return (chosen, true, senior);
        }

        var score = TierScore(profile, now);
        var tier = score >= _options.InnerThreshold ? Tier.Inner : score >= _options.RegularThreshold ? Tier.Regular : Tier.Distant;
        var basis = score > profile.Strength + 0.5 ? $"remembered peak {score:0}" : $"strength {score:0}";
        if (senior && tier != Tier.Distant)
        {
            why.Add($"Tier distant: senior role{(person?.JobTitle is { } t ? $" ({t})" : string.Empty)}, so fewer, well-chosen touches " +
                    $"({basis} would make it {Wording.TierName(tier)}). {CadenceSentence(Tier.Distant)}");
            return (Tier.Distant, false, true);
        }

        var rule = tier switch
        {
            Tier.Inner => $"{basis} is at least {_options.InnerThreshold:0}",
            Tier.Regular => $"{basis} is between {_options.RegularThreshold:0} and {_options.InnerThreshold:0}",
            _ => $"{basis} is below {_options.RegularThreshold:0}",
        };
        why.Add($"Tier {Wording.TierName(tier)}: {rule}. {CadenceSentence(tier)}");
        return (tier, false, senior);
    }

    public Cadence CadenceOf(Tier tier)
    {
        var options = tier switch
        {
            Tier.Inner => _options.Inner,
            Tier.Regular => _options.Regular,
            _ => _options.Distant,
        };
        return new Cadence(options.DueAfter, options.OverdueAfter);
    }

    private string CadenceSentence(Tier tier) => _cadenceSentences[(int)tier] ??= DescribeCadence(tier);

    private string DescribeCadence(Tier tier)
    {
        var cadence = CadenceOf(tier);
        return $"Cadence: {Wording.Touches(cadence)} (due after {cadence.DueDays} days, overdue after {(int)cadence.OverdueAfter.TotalDays}).";
    }
}
