using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Planning;

namespace GraphNetworker.Core.Scoring;

/// <summary>What scoring decided about one person that the sentences need and the assessment does not carry.</summary>
internal readonly record struct WhyFacts(
    TierReason TierReason,
    Tier ScoredTier,
    double TierScore,
    bool HasContact,
    bool TwoWay,
    bool WritesMore,
    double StrengthThen,
    bool MutedByYou,
    bool DistantContact,
    StatusReason Status,
    bool News);

/// <summary>
/// The reasons behind one assessment, one sentence each. Scoring a mailbox decides everything and keeps, in each
/// assessment, the few numbers the sentences need; the text is written the first time someone reads them (people
/// someone looks at or stores), and it is exactly the text scoring would have written: the reason for the tier, the
/// score and what was not counted, then the exclusion or mute, or the last contact, news of a move and the status.
/// </summary>
internal readonly struct WhyLines(EvaluationContext context, WhyFacts facts, int person)
{
    private ref ContactLedger Ledger => ref context.Ledgers[person];

    public string[] Write(RelationshipAssessment a)
    {
        var why = new List<string>(8) { TierSentence(a) };
        ExplainScore(a, why);
        if (Addresses.IsTeamsUser(a.PersonKey))
        {
            why.Add("Known only as a Teams user: Graph gave no email address for them, so mail with them (if any) is counted apart.");
        }

        switch (a.Status)
        {
            case RelationshipStatus.Excluded:
                why.Insert(0, "Excluded: " + a.ExcludedReason);
                break;
            case RelationshipStatus.Muted:
                why.Add(facts.MutedByYou ? "Muted: you asked never to suggest this person." : "Muted: you marked a suggestion \"not a relationship\".");
                break;
            default:
                if (facts.DistantContact)
                {
                    // Little history is a distant relationship, said plainly: it is tracked on the long cadence, with a low priority.
                    why.Insert(1, $"{Wording.Capitalize(Wording.Exchanges(a.CountedItems))} in {Wording.Span(context.Now - a.FirstContact!.Value)}; a distant contact.");
                }

                ExplainStatus(a, why);
                break;
        }

        return [.. why];
    }

    private string TierSentence(RelationshipAssessment a)
    {
        if (facts.TierReason == TierReason.SetByYou)
        {
            return $"Tier {Wording.TierName(a.Tier)}: set by you. {context.CadenceSentence(a.Tier)}";
        }

        var culture = context.Culture;
        if (facts.TierReason == TierReason.Senior)
        {
            var basis = facts.TierScore > a.Strength + 0.5
                ? string.Create(culture, $"remembered peak {facts.TierScore:0}")
                : string.Create(culture, $"strength {facts.TierScore:0}");
            return $"Tier distant: senior role{(a.JobTitle is { } t ? $" ({t})" : string.Empty)}, so fewer, well-chosen touches " +
                   $"({basis} would make it {Wording.TierName(facts.ScoredTier)}). {context.CadenceSentence(Tier.Distant)}";
        }

        // One string for the sentence: it is written for every person whose reasons are read.
        var (name, cadence, score) = (Wording.TierName(facts.ScoredTier), context.CadenceSentence(facts.ScoredTier), facts.TierScore);
        var measure = score > a.Strength + 0.5 ? "remembered peak" : "strength";
        return facts.ScoredTier switch
        {
            Tier.Inner => string.Create(culture, $"Tier {name}: {measure} {score:0} is at least {context.InnerThreshold:0}. {cadence}"),
            Tier.Regular => string.Create(culture, $"Tier {name}: {measure} {score:0} is between {context.RegularThreshold:0} and {context.InnerThreshold:0}. {cadence}"),
            _ => string.Create(culture, $"Tier {name}: {measure} {score:0} is below {context.RegularThreshold:0}. {cadence}"),
        };
    }

    private void ExplainScore(RelationshipAssessment a, List<string> why)
    {
        var culture = context.Culture;
        if (!facts.HasContact)
        {
            why.Add("Strength 0: no mail or held meeting counted as contact yet.");
        }
        else
        {
            ref var ledger = ref Ledger;
            var from = ledger.CountedItems > 0
                ? Wording.ContactCounts(ledger.OutboundItems, ledger.InboundItems, ledger.MeetingItems, ledger.CallItems, ledger.ChatItems)
                : "the suggestions you completed";
            why.Add(string.Create(culture,
                $"Strength {a.Strength:0}/100 ({Wording.StrengthWords(a.Strength)}) from {from}; recent contact counts most (weight halves every {context.HalfLifeDays:0} days)."));
            why.Add(facts.TwoWay ? "Two-way: you both reach out." :
                facts.WritesMore ? "Mostly one-way: you write more than they answer, so it counts for less." :
                "Mostly one-way: they write more than you answer, so it counts for less.");
        }

        if (a.PeakAt is { } peakAt && a.PeakStrength > a.Strength + 5)
        {
            var rhythm = a.PeakRhythm is null ? string.Empty : $", when you talked {a.PeakRhythm}";
            why.Add(string.Create(culture, $"Peak {a.PeakStrength:0} in {Wording.Month(peakAt, context.Now)}{rhythm}."));
        }

        if (a.Trend is not Trend.Steady)
        {
            why.Add(string.Create(culture, $"{a.Trend}: strength was {facts.StrengthThen:0} ninety days ago."));
        }

        // Most people have nothing uncounted: the list (and the mass-mail wording) is made only for those who do.
        if (Ledger.Ignored is null)
        {
            return;
        }

        var ignored = new List<string>();
        AddIgnored(ignored, IgnoredFor(IgnoredBecause.Bulk), "bulk message");
        AddIgnored(ignored, IgnoredFor(IgnoredBecause.NotAddressed), "message that reached you through a list or as Bcc", "messages that reached you through a list or as Bcc");
        if (IgnoredFor(IgnoredBecause.MassMail) > 0)
        {
            AddIgnored(ignored, IgnoredFor(IgnoredBecause.MassMail), string.Create(culture, $"mass mail (over {context.MassThreshold} recipients)"), "mass mails");
        }

        AddIgnored(ignored, IgnoredFor(IgnoredBecause.LargeMeeting), "large meeting");
        AddIgnored(ignored, IgnoredFor(IgnoredBecause.Cancelled), "cancelled meeting");
        AddIgnored(ignored, IgnoredFor(IgnoredBecause.OwnerDeclined), "meeting you declined", "meetings you declined");
        AddIgnored(ignored, IgnoredFor(IgnoredBecause.TheyDeclined), "meeting they declined", "meetings they declined");
        AddIgnored(ignored, IgnoredFor(IgnoredBecause.FutureDated), "item dated in the future", "items dated in the future");
        if (ignored.Count > 0)
        {
            why.Add("Not counted: " + string.Join(", ", ignored) + ".");
        }
    }

    private void ExplainStatus(RelationshipAssessment a, List<string> why)
    {
        var now = context.Now;
        var last = a.LastContactHeld;
        if (last.At is { } at)
        {
            why.Add($"Last contact: {Wording.ChannelName(last.Channel)} on {Wording.Day(at)} ({Wording.Ago(at, now)}).");
        }

        if (Ledger.LastCompletedSuggestion is { } done && (last.At is not { } lastAt || done > lastAt))
        {
            why.Add($"Last touch: you completed a suggestion on {Wording.Day(done)}.");
        }

        var organization = context.OrganizationName ?? "the organisation";
        if (a.Move is { } move && facts.News)
        {
            why.Add(move.NewDomain is not null
                ? $"Moved to {move.NewDomain}: mail from {move.NewAddress} since {Wording.Day(move.At ?? now)}."
                : move.DateEstimated
                    ? $"Left {organization}: account closed; the last mail from it was in {Wording.Month(move.At ?? now, now)}."
                    : $"Left {organization}: account closed in {Wording.Month(move.At ?? now, now)}.");
        }

        why.Add(facts.Status switch
        {
            StatusReason.Snoozed => $"Snoozed until {Wording.Day(a.SnoozedUntil!.Value)}: you dismissed a suggestion or asked to wait.",
            StatusReason.AlreadyScheduled => $"Already scheduled: a meeting on {Wording.Day(a.NextMeeting!.Value)}.",
            StatusReason.NothingToTimeFrom => "Nothing to time a cadence from yet.",
            StatusReason.NotYetDue => $"Next touch due {Wording.Day(a.DueAt!.Value)}.",
            StatusReason.Overdue => string.Create(context.Culture,
                $"Overdue since {Wording.Day(a.OverdueAt!.Value)} ({Wording.TierName(a.Tier)} allows {(int)a.Cadence.OverdueAfter.TotalDays} days at most)."),
            _ => $"Due since {Wording.Day(a.DueAt!.Value)}.",
        });
        if (facts.Status is StatusReason.Due or StatusReason.Overdue && a.IsDrifting)
        {
            why.Add(string.Create(context.Culture, $"Drifting: you used to talk {a.PeakRhythm}; strength fell from {a.PeakStrength:0} to {a.Strength:0}."));
        }
    }

    private int IgnoredFor(IgnoredBecause reason) => Ledger.IgnoredFor(reason);

    private static void AddIgnored(List<string> into, int count, string singular, string? plural = null)
    {
        if (count > 0)
        {
            into.Add(count == 1 ? "one " + singular : $"{Wording.Number(count)} {plural ?? singular + "s"}");
        }
    }
}
