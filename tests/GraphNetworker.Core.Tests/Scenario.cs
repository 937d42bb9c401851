using Microsoft.Extensions.Time.Testing;
using System.Globalization;
using GraphNetworker.Core.Model;
using GraphNetworker.Tests.Common;

namespace GraphNetworker.Core.Tests;

/// <summary>Builds one owner's mailbox in a few readable lines and evaluates it on a fixed clock.</summary>
internal sealed class Scenario
{
    public const string Owner = "me@contoso.com";
    public static readonly DateTimeOffset Now = At("2026-11-22T12:00:00Z");

    private int _next;

    public List<Interaction> Items { get; } = [];

    public EngineOptions Options { get; } = new();

    public DirectoryFacts Directory { get; set; } = new()
    {
        Owner = new OwnerIdentity(Owner, ["SMTP:me@contoso.com", "smtp:me.alias@contoso.com", "X500:/o=Contoso/ou=Exchange/cn=Recipients/cn=me"]),
        OrganizationDomains = ["contoso.com"],
        OrganizationName = "Contoso",
    };

    public UserState State { get; set; } = UserState.Empty;

    public FakeTimeProvider Clock { get; } = new(Now);

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static DateTimeOffset DaysAgo(double days) => Now.AddDays(-days);

    public Interaction Sent(DateTimeOffset at, params string[] to) =>
        Add(InteractionKind.EmailSent, at, [new Participant(Owner, "Me", ParticipantRole.From), .. to.Select(a => new Participant(a, null, ParticipantRole.To))]);

    public Interaction SentCc(DateTimeOffset at, string to, string cc) =>
        Add(InteractionKind.EmailSent, at, [new(Owner, "Me", ParticipantRole.From), new(to, null, ParticipantRole.To), new(cc, null, ParticipantRole.Cc)]);

    public Interaction Received(DateTimeOffset at, string from, string? name = null, BulkSignals? bulk = null, int recipients = 1) =>
        Add(InteractionKind.EmailReceived, at, [new(from, name, ParticipantRole.From), new(Owner, "Me", ParticipantRole.To)], bulk, participantCount: recipients + 1);

    public Interaction Meeting(DateTimeOffset at, params string[] attendees) => MeetingWith(at, attendees);

    public Interaction MeetingWith(
        DateTimeOffset at,
        string[] attendees,
        bool cancelled = false,
        MeetingResponse owner = MeetingResponse.Accepted,
        MeetingResponse theirs = MeetingResponse.Accepted) =>
        Add(
            InteractionKind.Meeting,
            at,
            [new(Owner, "Me", ParticipantRole.Organizer, MeetingResponse.Organizer), .. attendees.Select(a => new Participant(a, null, ParticipantRole.Attendee, theirs))],
            cancelled: cancelled,
            ownerResponse: owner);

    /// <summary>Two-way mail every <paramref name="everyDays"/> days between two moments (both inclusive).</summary>
    public void Exchange(string with, DateTimeOffset from, DateTimeOffset to, double everyDays, string? name = null)
    {
        for (var at = from; at <= to; at = at.AddDays(everyDays))
        {
            Sent(at, with);
            Received(at.AddHours(3), with, name);
        }
    }

    public Interaction Add(
        InteractionKind kind,
        DateTimeOffset at,
        Participant[] participants,
        BulkSignals? bulk = null,
        bool cancelled = false,
        MeetingResponse ownerResponse = MeetingResponse.None,
        int? participantCount = null)
    {
        var id = $"AAMkAD-{++_next:D6}=";
        var item = new Interaction
        {
            ItemId = id,
            Kind = kind,
            OccurredAt = at,
            Participants = participants,
            ParticipantCount = participantCount ?? 0,
            InternetMessageId = kind == InteractionKind.Meeting ? null : $"<{id}@contoso.com>",
            WebLink = $"https://outlook.office365.com/owa/?ItemID={id}",
            Bulk = bulk ?? BulkSignals.None,
            IsCancelled = cancelled,
            OwnerResponse = ownerResponse,
        };
        Items.Add(item);
        return item;
    }

    public MailboxAssessment Evaluate() => new RelationshipEngine(Options, Clock).Evaluate(Directory, Items, State);

    public RelationshipAssessment Person(string key) => Evaluate().Relationships.Single(r => r.PersonKey == key);

    /// <summary>A suggestion made earlier, with what the user did about it.</summary>
    public static Suggestion Made(string id, string personKey, SuggestionKind kind, DateTimeOffset createdAt, SuggestionState state, DateTimeOffset? resolvedAt = null) => new()
    {
        Id = id,
        PersonKey = personKey,
        DisplayName = personKey,
        Kind = kind,
        State = state,
        Reason = "earlier",
        Channel = "email",
        ChannelAdvice = "write",
        DueAt = createdAt.AddDays(7),
        CreatedAt = createdAt,
        ResolvedAt = resolvedAt,
    };
}
