namespace GraphNetworker.Core.Scoring;

/// <summary>The score of one relationship at one moment, with its history.</summary>
internal readonly record struct StrengthProfile(
    double Strength,
    double PeakStrength,
    DateTimeOffset? PeakAt,
    double StrengthThen,
    string? PeakRhythm,
    double Outbound,
    double Inbound,
    double Meetings,
    double Balance,
    double Chats = 0);

/// <summary>
/// The strength score. Every contact adds its weight, and weight halves every <see cref="EngineOptions.HalfLife"/>:
/// <c>W = Σ wᵢ · 2^(−ageᵢ / halfLife)</c>, summed per channel (sent, received, meetings; Teams chats and calls are two-way and count with meetings). Reciprocity
/// <c>b = (min(sent, received′) + meetings) / (max(sent, received′) + meetings)</c> (received′ is received weight in sent units, ÷ 0.6) scales it between one half (one-way)
/// and one (two-way): <c>A = W · (0.5 + 0.5·b)</c>. Strength is <c>100 · (1 − e^(−A / scale))</c>.
/// The peak is the highest strength at any contact in the history; the trend compares today with 90 days ago.
/// </summary>
internal sealed class StrengthCalculator(EngineOptions options)
{
    public static readonly TimeSpan TrendWindow = TimeSpan.FromDays(90);
    private static readonly long WeekTicks = TimeSpan.FromDays(7).Ticks;
    private const int RhythmWeeks = 12;

    /// <summary>The loosest rhythm: enough to describe, not enough to call its loss drift.</summary>
    public const string MonthlyRhythm = "about monthly";

    /// <summary>The profile of a person's events, which it sorts by time in place (the same sort as a list's, so ties stay put).</summary>
    public StrengthProfile Profile(Span<ContactEvent> events, DateTimeOffset now)
    {
        events.Sort();
        var lambda = Math.Log(2) / options.HalfLife.Ticks;
        var thenTicks = (now - TrendWindow).UtcTicks;
        double sent = 0, received = 0, meetings = 0, peak = 0, then = 0, chats = 0;
        long clock = events.Length > 0 ? events[0].Ticks : now.UtcTicks;
        long peakTicks = 0;
        var thenTaken = false;

        foreach (var contact in events)
        {
            if (!thenTaken && contact.Ticks > thenTicks)
            {
                then = StrengthAfterDecay(sent, received, meetings, Math.Exp(-lambda * (thenTicks - clock)));
                thenTaken = true;
            }

            var decay = Math.Exp(-lambda * (contact.Ticks - clock));
            sent *= decay;
            received *= decay;
            meetings *= decay;
            chats *= decay;
            clock = contact.Ticks;
            switch (contact.Side)
            {
                case ContactSide.Received:
                    received += contact.Weight;
                    break;
                case ContactSide.Meeting:
                    meetings += contact.Weight;
                    break;
                case ContactSide.Chat:
                    // A chat is an exchange: two-way, like a meeting, whoever wrote last.
                    meetings += contact.Weight;
                    chats += contact.Weight;
                    break;
                default:
                    sent += contact.Weight;
                    break;
            }

            var strength = Strength(sent, received, meetings);
            if (strength >= peak)
            {
                peak = strength;
                peakTicks = contact.Ticks;
            }
        }

        if (!thenTaken)
        {
            then = StrengthAfterDecay(sent, received, meetings, Math.Exp(-lambda * Math.Max(0, thenTicks - clock)));
        }

        var toNow = Math.Exp(-lambda * Math.Max(0, now.UtcTicks - clock));
        sent *= toNow;
        received *= toNow;
        meetings *= toNow;
        chats *= toNow;
        var current = Strength(sent, received, meetings);
        var peakAt = events.Length == 0 ? (DateTimeOffset?)null : new DateTimeOffset(peakTicks, TimeSpan.Zero);
        return new StrengthProfile(
            Round(current), Round(peak), peakAt, Round(then), events.Length == 0 ? null : Rhythm(events, peakTicks),
            sent, received, meetings, Balance(sent, received, meetings), chats);
    }

    /// <summary>The 0–100 score for decayed channel weights.</summary>
    public double Strength(double sent, double received, double meetings)
    {
        var total = sent + received + meetings;
        if (total <= 0)
        {
            return 0;
        }

        var adjusted = total * (0.5 + (0.5 * Balance(sent, received, meetings)));
        return 100 * (1 - Math.Exp(-adjusted / options.StrengthScale));
    }

    /// <summary>
    /// Two-way balance: 1 when both sides write as often (or you meet), near 0 when only one side writes. Received
    /// weight is first scaled back to sent units, so an even exchange is balanced although inbound mail weighs less.
    /// </summary>
    public static double Balance(double sent, double received, double meetings)
    {
        var answered = received * (ContactWeighting.SentTo / ContactWeighting.ReceivedAsTo);
        var high = Math.Max(sent, answered) + meetings;
        return high <= 0 ? 0 : (Math.Min(sent, answered) + meetings) / high;
    }

    private double StrengthAfterDecay(double sent, double received, double meetings, double decay) =>
        Strength(sent * decay, received * decay, meetings * decay);

    /// <summary>How often you were in touch in the twelve weeks up to the peak, in words.</summary>
    private static string? Rhythm(ReadOnlySpan<ContactEvent> sorted, long peakTicks)
    {
        var start = peakTicks - (RhythmWeeks * WeekTicks);
        Span<bool> weeks = stackalloc bool[RhythmWeeks];
        var (days, lastDay) = (0, -1L);
        foreach (var contact in sorted)
        {
            if (contact.Ticks <= start || contact.Ticks > peakTicks)
            {
                continue;
            }

            var week = (int)Math.Min(RhythmWeeks - 1, (peakTicks - contact.Ticks) / WeekTicks);
            weeks[week] = true;

            // Sorted by time, so the days in the window come in order: a new day is one unlike the last.
            var day = contact.Ticks / TimeSpan.TicksPerDay;
            days += day != lastDay ? 1 : 0;
            lastDay = day;
        }

        var activeWeeks = 0;
        foreach (var active in weeks)
        {
            activeWeeks += active ? 1 : 0;
        }

        return days >= 36 ? "almost every day"
            : activeWeeks >= 9 ? "weekly"
            : activeWeeks >= 5 ? "every couple of weeks"
            : activeWeeks >= 3 ? MonthlyRhythm
            : null;
    }

    private static double Round(double value) => Math.Round(value, 1);
}
