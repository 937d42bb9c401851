using System.Runtime.InteropServices;
using GraphNetworker.Core.Scoring;

namespace GraphNetworker.Core.Model;

/// <summary>The channel of a contact.</summary>
public enum ContactChannel
{
    EmailSent,
    EmailReceived,
    Meeting,

    /// <summary>The user completed a GraphNetworker suggestion: they reached out by some channel we cannot see.</summary>
    Suggestion,

    /// <summary>A Teams chat whose last message (that day) the owner wrote.</summary>
    TeamsChatSent,

    /// <summary>A Teams chat whose last message (that day) someone else wrote.</summary>
    TeamsChatReceived,

    /// <summary>A Teams call that took place.</summary>
    TeamsCall,
}

/// <summary>Whether a relationship is getting stronger or weaker (current strength against 90 days ago).</summary>
public enum Trend
{
    Steady,
    Rising,
    Fading,
}

/// <summary>One qualifying contact: when, which channel, and the item to open.</summary>
public sealed record ContactPoint(DateTimeOffset At, ContactChannel Channel, string? ItemId, string? WebLink, string? Subject);

/// <summary>A cadence: contact is due after <see cref="DueAfter"/> and overdue after <see cref="OverdueAfter"/>.</summary>
public sealed record Cadence(TimeSpan DueAfter, TimeSpan OverdueAfter)
{
    public int DueDays => (int)Math.Round(DueAfter.TotalDays);

    /// <summary>About how many touches a year this cadence means.</summary>
    public double TouchesPerYear => 365.0 / DueAfter.TotalDays;
}

/// <summary>
/// A person who left the organisation or moved to another company. When the directory does not say when an account
/// closed, <see cref="At"/> is the last mail from it and <see cref="DateEstimated"/> is true.
/// </summary>
public sealed record MoveSignal(DateTimeOffset? At, string? NewDomain, string? NewAddress, bool AccountClosed, bool DateEstimated = false);

/// <summary>Two identities the engine linked as one person who moved (reversible with a <see cref="LinkDecision"/>).</summary>
public sealed record PersonLink(string FromKey, string ToKey, string FromAddress, string ToAddress, string Reason);

/// <summary>Everything the engine concluded about one person, with its reasons in plain words.</summary>
public sealed record RelationshipAssessment
{
    /// <summary>The stable key: the person's primary address (or an unresolved X500 DN as <c>x500:/o=…</c>).</summary>
    public required string PersonKey { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>Every address the person was seen with, in order (the key alone when nothing else was given).</summary>
    public IReadOnlyList<string> Addresses { get => _listedAddresses ?? [PersonKey]; init => _listedAddresses = value; }

    /// <summary>The engine's list, or none when the person was seen with their key alone (most are): no array of one per person.</summary>
    internal string[]? ListedAddresses
    {
        init => _listedAddresses = value;
    }

    /// <summary>The latest of <see cref="LastOutbound"/>, <see cref="LastInbound"/> and <see cref="LastMeeting"/>.</summary>
    public ContactPoint? LastContact { get => PointOn(Side.Latest); init => (_given, _givenSides) = Give(Side.Latest, value); }

    public ContactPoint? LastOutbound { get => PointOn(Side.Outbound); init => (_given, _givenSides) = Give(Side.Outbound, value); }

    public ContactPoint? LastInbound { get => PointOn(Side.Inbound); init => (_given, _givenSides) = Give(Side.Inbound, value); }

    public ContactPoint? LastMeeting { get => PointOn(Side.Meeting); init => (_given, _givenSides) = Give(Side.Meeting, value); }

    /// <summary>
    /// What the engine decided and where its facts are: the evaluation, this person's number in it, and the facts the
    /// reasons are written from. The latest contacts and counts are read from the evaluation's ledgers when asked (each
    /// contact point is made when it is read), kept once per evaluation rather than copied into every assessment.
    /// </summary>
    internal (EvaluationContext Evaluation, int Person, WhyFacts Facts) Evaluated
    {
        init => (_evaluation, _person, _whyFacts) = value;
    }

    /// <summary>The latest contact of any kind, without making its point.</summary>
    internal LatestContact LastContactHeld => IsGiven(Side.Latest) ? LatestContact.Of(_given![(int)Side.Latest]) : HeldOn(Side.Latest);

    /// <summary>When the latest contact of any kind was, without making its point.</summary>
    internal DateTimeOffset? LastContactAt => LastContactHeld.At;

    /// <summary>The next meeting already on the calendar with this person, if any.</summary>
    public DateTimeOffset? NextMeeting { get => _nextMeeting.Value; init => _nextMeeting = new(value); }

    public DateTimeOffset? FirstContact { get => _firstContact.Value; init => _firstContact = new(value); }

    public double Strength { get; init; }

    public double PeakStrength { get; init; }

    public DateTimeOffset? PeakAt { get => _peakAt.Value; init => _peakAt = new(value); }

    public Trend Trend { get => (Trend)_trendValue; init => _trendValue = (byte)value; }

    public Tier Tier { get => (Tier)_tierValue; init => _tierValue = (byte)value; }

    public bool TierOverridden { get; init; }

    public required Cadence Cadence { get; init; }

    /// <summary>When the next touch is due (null when there is nothing to time it from).</summary>
    public DateTimeOffset? DueAt { get => _dueAt.Value; init => _dueAt = new(value); }

    public DateTimeOffset? OverdueAt { get => _overdueAt.Value; init => _overdueAt = new(value); }

    public RelationshipStatus Status { get => (RelationshipStatus)_statusValue; init => _statusValue = (byte)value; }

    public string? ExcludedReason { get; init; }

    public DateTimeOffset? SnoozedUntil { get => _snoozedUntil.Value; init => _snoozedUntil = new(value); }

    /// <summary>The reasons behind the score, tier and status, one sentence each (the engine's are written when first read).</summary>
    public IReadOnlyList<string> Why
    {
        get => Volatile.Read(ref _whyText) ?? WriteWhy();
        init => _whyText = value;
    }

    public bool IsSenior { get; init; }

    public string? JobTitle { get; init; }

    /// <summary>Strength has fallen far from a high peak ("you used to talk weekly").</summary>
    public bool IsDrifting { get; init; }

    /// <summary>How often you talked around the peak, in words ("weekly"), if there was a rhythm.</summary>
    public string? PeakRhythm { get; init; }

    public MoveSignal? Move { get; init; }

    /// <summary>Share of the relationship's weight that came from meetings (0–1): a hint for the channel to suggest.</summary>
    public double MeetingShare { get; init; }

    /// <summary>Share of the relationship's weight that came from Teams chats (0–1): "you usually chat on Teams".</summary>
    public double ChatShare { get; init; }

    /// <summary>Decayed outbound weight over decayed inbound weight, or null when nothing was sent or received.</summary>
    public double? OutboundShare { get => double.IsNaN(_outboundShareValue) ? null : _outboundShareValue; init => _outboundShareValue = value ?? double.NaN; }

    /// <summary>Items counted as contact, and items seen but not counted (bulk, mass mail, declined, cancelled…).</summary>
    public int CountedItems { get; init; }

    public int IgnoredItems { get; init; }

    /// <summary>Ranking for the focus list: higher is more worth a suggestion now (0 when not due).</summary>
    public double Priority { get; init; }

    // Kept smaller than the properties they back (an evaluation makes one assessment per person); the names are not the
    // properties' own, so EF Core maps the properties rather than taking these for their backing fields.
    private readonly IReadOnlyList<string>? _listedAddresses;
    private readonly double _outboundShareValue = double.NaN;
    private readonly byte _trendValue;
    private readonly byte _tierValue;
    private readonly byte _statusValue;

    // Contact points: from the evaluation's ledgers, unless given (by a store reading its rows, a test, or a with-expression).
    private readonly EvaluationContext? _evaluation;
    private readonly int _person;
    private readonly ContactPoint?[]? _given;
    private readonly byte _givenSides;

    private enum Side
    {
        Outbound,
        Inbound,
        Meeting,
        Latest,
    }

    private bool IsGiven(Side side) => (_givenSides & (1 << (int)side)) != 0;

    /// <summary>The point on one side: as given, else made from what the engine's ledger holds, else none.</summary>
    private ContactPoint? PointOn(Side side) => IsGiven(side) ? _given![(int)side] : _evaluation is null ? null : HeldOn(side).ToPoint(_evaluation.Ledgers.Texts);

    private LatestContact HeldOn(Side side)
    {
        if (_evaluation is null)
        {
            return default;
        }

        ref readonly var contacts = ref _evaluation.Ledgers[_person].Contacts;
        return side switch
        {
            Side.Outbound => contacts.Outbound,
            Side.Inbound => contacts.Inbound,
            Side.Meeting => contacts.Meeting,
            _ => contacts.Latest(_evaluation.Ledgers.Texts),
        };
    }

    // A copy each time: a with-expression shares the array with the record it copies.
    private (ContactPoint?[] Given, byte Sides) Give(Side side, ContactPoint? point)
    {
        var given = _given is null ? new ContactPoint?[4] : (ContactPoint?[])_given.Clone();
        given[(int)side] = point;
        return (given, (byte)(_givenSides | (1 << (int)side)));
    }

    // The reasons as read (or given), else what writes them: held here rather than in an object of their own per person.
    private IReadOnlyList<string>? _whyText;
    private readonly WhyFacts _whyFacts;

    private IReadOnlyList<string> WriteWhy()
    {
        if (_evaluation is null)
        {
            return [];
        }

        // Two readers at once may both write the sentences; they are the same, and the first kept is the one everyone sees.
        var written = new WhyLines(_evaluation, _whyFacts, _person).Write(this);
        return Interlocked.CompareExchange(ref _whyText, written, null) ?? written;
    }

    // The six instants in ten bytes each rather than twenty-four: an engine run makes one assessment per person.
    private readonly PackedInstant _nextMeeting;
    private readonly PackedInstant _firstContact;
    private readonly PackedInstant _peakAt;
    private readonly PackedInstant _dueAt;
    private readonly PackedInstant _overdueAt;
    private readonly PackedInstant _snoozedUntil;
}

/// <summary>
/// A <see cref="DateTimeOffset"/>? in ten bytes (its UTC ticks plus one, zero for none, and its offset in minutes) where a
/// nullable one takes twenty-four. Equal when the instants are, whatever their offsets, as two <see cref="DateTimeOffset"/>s are.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 2)]
internal readonly struct PackedInstant(DateTimeOffset? value) : IEquatable<PackedInstant>
{
    private readonly long _ticksPlusOne = value is { } at ? at.UtcTicks + 1 : 0;
    private readonly short _offsetMinutes = value is { } at2 ? (short)at2.TotalOffsetMinutes : (short)0;

    public DateTimeOffset? Value => _ticksPlusOne == 0
        ? null
        : new DateTimeOffset(_ticksPlusOne - 1, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(_offsetMinutes));

    public bool Equals(PackedInstant other) => _ticksPlusOne == other._ticksPlusOne;

    public override bool Equals(object? obj) => obj is PackedInstant other && Equals(other);

    public override int GetHashCode() => _ticksPlusOne.GetHashCode();
}

/// <summary>The engine's answer for one mailbox.</summary>
public sealed record MailboxAssessment(
    DateTimeOffset EvaluatedAt,
    IReadOnlyList<RelationshipAssessment> Relationships,
    IReadOnlyList<string> FocusList,
    IReadOnlyList<SuggestionPlan> NewSuggestions,
    IReadOnlyList<PersonLink> Links);
