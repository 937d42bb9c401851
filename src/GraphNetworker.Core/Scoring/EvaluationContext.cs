using System.Globalization;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Planning;

namespace GraphNetworker.Core.Scoring;

/// <summary>
/// What every assessment of one evaluation shares: the clock, the rules as they were, the culture numbers are written
/// in, and the ledgers the pass counted, from which each assessment reads its own facts (its latest contacts, what was
/// counted and what was not) rather than keeping a copy.
/// </summary>
internal sealed class EvaluationContext
{
    private readonly string[] _cadenceSentences;

    public EvaluationContext(EngineOptions options, DateTimeOffset now, string? organizationName, LedgerTable ledgers)
    {
        Ledgers = ledgers;
        Now = now;
        OrganizationName = organizationName;
        HalfLifeDays = options.HalfLife.TotalDays;
        MassThreshold = options.MassThreshold;
        InnerThreshold = options.InnerThreshold;
        RegularThreshold = options.RegularThreshold;
        _cadenceSentences = [.. new[] { Tier.Inner, Tier.Regular, Tier.Distant }.Select(t => DescribeCadence(TierPolicy.CadenceOf(options, t)))];
    }

    /// <summary>Every person's ledger and latest contacts, as the pass left them (nothing changes them once scoring starts).</summary>
    public LedgerTable Ledgers { get; }

    public DateTimeOffset Now { get; }

    public string? OrganizationName { get; }

    /// <summary>Numbers in sentences are written as the evaluating thread would have written them, whoever reads them later.</summary>
    public CultureInfo Culture { get; } = CultureInfo.CurrentCulture;

    public double HalfLifeDays { get; }

    public int MassThreshold { get; }

    public double InnerThreshold { get; }

    public double RegularThreshold { get; }

    public string CadenceSentence(Tier tier) => _cadenceSentences[(int)tier];

    private string DescribeCadence(Cadence cadence) =>
        string.Create(Culture, $"Cadence: {Wording.Touches(cadence)} (due after {cadence.DueDays} days, overdue after {(int)cadence.OverdueAfter.TotalDays}).");
}
