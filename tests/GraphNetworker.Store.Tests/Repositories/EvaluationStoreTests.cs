using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Configuration;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Store.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Store.Tests.Repositories;

public sealed class EvaluationStoreTestsOnSqlite(SqliteServer server) : EvaluationStoreTests<SqliteServer>(server);

public sealed class EvaluationStoreTestsOnPostgres(PostgresServer server) : EvaluationStoreTests<PostgresServer>(server);

/// <summary>What the engine reads back is what sync stored; what it writes replaces the last assessment atomically.</summary>
public abstract class EvaluationStoreTests<TServer>(TServer server) : StoreTest<TServer>(server)
    where TServer : StoreServer
{
    private static readonly Participant Owner = new("avery.chen@contoso.com", "Avery Chen", ParticipantRole.To);

    private EvaluationStamp Stamp => new(null, Clock.GetUtcNow().AddDays(1), "engine");

    [Fact]
    public async Task StreamInteractions_StoredItems_MapBackFaithfully()
    {
        var mailbox = (await TestData.AddMailboxAsync(Db, Utc("2026-01-01T00:00:00Z"), Ct)).Id;
        var other = (await TestData.AddMailboxAsync(Db, Utc("2026-01-01T00:00:00Z"), Ct)).Id;
        await using var services = Db.Services(Clock);
        var sync = services.GetRequiredService<SyncStore>();
        await sync.TrackFolderAsync(TestData.Fence(mailbox), TestData.Folder(TestData.Inbox, "inbox"), FolderKind.Mail, Ct);
        await sync.TrackFolderAsync(TestData.Fence(mailbox), new MailFolder(SyncCursor.CalendarFolderId, "Calendar", null, null), FolderKind.Calendar, Ct);
        await sync.TrackFolderAsync(TestData.Fence(other), TestData.Folder(TestData.Inbox, "inbox"), FolderKind.Mail, Ct);

        var newsletter = TestData.Mail(TestData.MessageId("e1"), Utc("2026-02-20T07:30:15.250Z"), InteractionKind.EmailReceived,
            new Participant("news@updates.fabrikam.com", "Fabrikam News", ParticipantRole.From), Owner, new Participant("team@contoso.com", null, ParticipantRole.Cc));
        newsletter = newsletter with { Bulk = BulkSignals.ListUnsubscribe | BulkSignals.PrecedenceBulk | BulkSignals.ClassifiedOther, ParticipantCount = 40 };
        var sent = TestData.Mail(TestData.MessageId("e2"), Utc("2026-02-21T18:05:00Z"), InteractionKind.EmailSent,
            new Participant("avery.chen@contoso.com", "Avery Chen", ParticipantRole.From), new Participant("dana.whitfield@fabrikam.com", "Dana Whitfield", ParticipantRole.To),
            new Participant("lee.park@northwind.com", "Lee Park", ParticipantRole.Bcc));
        sent = sent with { Subject = "Quarterly review" };
        var meeting = TestData.Meeting(TestData.MessageId("e3"), Utc("2026-02-24T14:00:00Z"), TimeSpan.FromMinutes(45),
            new Participant("dana.whitfield@fabrikam.com", "Dana Whitfield", ParticipantRole.Organizer, MeetingResponse.Organizer),
            new Participant("avery.chen@contoso.com", "Avery Chen", ParticipantRole.Attendee, MeetingResponse.TentativelyAccepted),
            new Participant("room-4.12@contoso.com", "Room 4.12", ParticipantRole.Attendee, MeetingResponse.Accepted, IsResource: true));
        meeting = meeting with { OwnerResponse = MeetingResponse.TentativelyAccepted, IsCancelled = true };
        var hold = TestData.Meeting(TestData.MessageId("e4"), Utc("2026-03-03T12:00:00Z"), TimeSpan.FromMinutes(30));
        hold = hold with { IsOwnHold = true };
        await sync.CommitPageAsync(TestData.Fence(mailbox), new DeltaPage(TestData.Inbox, [newsletter, sent], [], null, "https://graph.microsoft.com/delta?$deltatoken=m", 0), Ct);
        await sync.CommitPageAsync(TestData.Fence(mailbox), new DeltaPage(SyncCursor.CalendarFolderId, [meeting, hold], [], null, "https://graph.microsoft.com/delta?$deltatoken=c", 0), Ct);
        await sync.CommitPageAsync(TestData.Fence(other), new DeltaPage(TestData.Inbox, [TestData.Mail(TestData.MessageId("x1"), Utc("2026-02-20T00:00:00Z"))], [], null, "https://graph.microsoft.com/delta?$deltatoken=o", 0), Ct);

        // The engine takes items in any order; the store streams them in key order.
        var streamed = (await services.GetRequiredService<EvaluationStore>().StreamInteractionsAsync(mailbox, Ct).ToListAsync(Ct)).OrderBy(i => i.ItemId, StringComparer.Ordinal).ToList();

        Assert.Equal([TestData.MessageId("e1"), TestData.MessageId("e2"), TestData.MessageId("e3"), TestData.MessageId("e4")], streamed.Select(i => i.ItemId));
        var (n, s, m, h) = (streamed[0], streamed[1], streamed[2], streamed[3]);
        Assert.Equal((InteractionKind.EmailReceived, new DateTimeOffset(2026, 2, 20, 7, 30, 15, 250, TimeSpan.Zero), TimeSpan.Zero), (n.Kind, n.OccurredAt, n.OccurredAt.Offset));
        Assert.Equal(newsletter.Participants, n.Participants.Select(p => p with { Correspondent = 0 }));
        Assert.Null(n.Participants[2].DisplayName);
        Assert.Equal(40, n.ParticipantCount);
        Assert.Equal(BulkSignals.ClassifiedOther | BulkSignals.ListUnsubscribe | BulkSignals.PrecedenceBulk, n.Bulk);
        Assert.Equal((newsletter.MessageKey, newsletter.WebLink), (n.MessageKey, n.WebLink));
        Assert.NotNull(n.MessageKey);

        Assert.Equal((InteractionKind.EmailSent, "Quarterly review", BulkSignals.None), (s.Kind, s.Subject, s.Bulk));
        Assert.Equal([ParticipantRole.From, ParticipantRole.To, ParticipantRole.Bcc], s.Participants.Select(p => p.Role));

        Assert.Equal(InteractionKind.Meeting, m.Kind);
        Assert.Equal(new DateTimeOffset(2026, 2, 24, 14, 45, 0, TimeSpan.Zero), m.EndsAt);
        Assert.Equal((true, MeetingResponse.TentativelyAccepted, false), (m.IsCancelled, m.OwnerResponse, m.IsOwnHold));
        Assert.Equal([MeetingResponse.Organizer, MeetingResponse.TentativelyAccepted, MeetingResponse.Accepted], m.Participants.Select(p => p.Response));
        Assert.True(m.Participants[2].IsResource);
        Assert.True(h.IsOwnHold);
        Assert.Empty(h.Participants);

        // Each address and name carries the mailbox's number for it (its correspondent), the same on every item, one
        // number per pair, and one string per pair: the engine knows a participant by the number.
        var read = streamed.SelectMany(i => i.Participants).ToList();
        Assert.All(read, p => Assert.True(p.Correspondent > 0));
        var numbers = read.GroupBy(p => (p.Address, p.DisplayName)).ToList();
        Assert.All(numbers, pair => Assert.Single(pair.Select(p => p.Correspondent).Distinct()));
        Assert.Equal(numbers.Count, numbers.Select(pair => pair.First().Correspondent).Distinct().Count());
        var dana = read.Where(p => p.Address == "dana.whitfield@fabrikam.com").ToList();
        Assert.Equal(2, dana.Count);
        Assert.Same(dana[0].Address, dana[1].Address);
    }

    [Fact]
    public async Task StreamInteractions_LargeMailbox_ReadsAPageAtATime()
    {
        const int Rows = 3000;
        var mailbox = (await TestData.AddMailboxAsync(Db, Utc("2026-01-01T00:00:00Z"), Ct)).Id;
        await using var services = Db.Services(Clock);
        var sync = services.GetRequiredService<SyncStore>();
        await sync.TrackFolderAsync(TestData.Fence(mailbox), TestData.Folder(TestData.Inbox, "inbox"), FolderKind.Mail, Ct);
        var at = Utc("2026-02-01T08:00:00Z");
        foreach (var page in Enumerable.Range(0, Rows).Select(i => TestData.Mail(TestData.MessageId("p" + i), at.AddMinutes(i))).Chunk(1000))
        {
            await sync.CommitPageAsync(TestData.Fence(mailbox), new DeltaPage(TestData.Inbox, page, [], "https://graph.microsoft.com/next", null, 0), Ct);
        }

        var store = services.GetRequiredService<EvaluationStore>();
        Assert.Equal(Rows, await store.StreamInteractionsAsync(mailbox, Ct).CountAsync(Ct));

        // A retrying execution strategy (PostgreSQL, SQL Server) makes a provider buffer a whole result set. Paged, the
        // stream holds one page: with every row deleted after the first item was read, the rest of that page still
        // arrives and nothing after it.
        await using var stream = store.StreamInteractionsAsync(mailbox, Ct).GetAsyncEnumerator(Ct);
        Assert.True(await stream.MoveNextAsync());
        await services.GetRequiredService<MailboxPurge>().PurgeAsync(mailbox, ScopeState.Purged, Ct);
        var read = 1;
        while (await stream.MoveNextAsync())
        {
            read++;
        }

        Assert.Equal(EvaluationStore.PageSize, read);
    }

    [Fact]
    public async Task SaveAssessmentAsync_SecondAssessment_ReplacesTheFirst()
    {
        var mailbox = (await TestData.AddMailboxAsync(Db, Utc("2026-01-01T00:00:00Z"), Ct)).Id;
        await using var services = Db.Services(Clock);
        var store = services.GetRequiredService<EvaluationStore>();
        var first = Clock.GetUtcNow();
        await store.SaveAssessmentAsync(TestData.Fence(mailbox), Assessment(first, [Person("dana.whitfield@fabrikam.com", 80), Person("lee.park@northwind.com", 20)], focus: ["lee.park@northwind.com"]), Stamp, Ct);

        Clock.Advance(TimeSpan.FromDays(1));
        var second = Clock.GetUtcNow();
        await store.SaveAssessmentAsync(TestData.Fence(mailbox), Assessment(second, [Person("lee.park@northwind.com", 35), Person("sam.ortiz@contoso.com", 60)], focus: ["sam.ortiz@contoso.com"]), Stamp, Ct);

        await using var db = Db.CreateContext();
        var rows = (await services.GetRequiredService<ReportQueries>().RelationshipsAsync(mailbox, Ct)).OrderBy(r => r.Assessment.PersonKey).ToList();
        Assert.Equal(["lee.park@northwind.com", "sam.ortiz@contoso.com"], rows.Select(r => r.Assessment.PersonKey));
        Assert.Equal((35.0, (int?)null), (rows[0].Assessment.Strength, rows[0].FocusRank));
        Assert.Equal((60.0, (int?)1), (rows[1].Assessment.Strength, rows[1].FocusRank));
        Assert.All(rows, r => Assert.Equal(second, r.EvaluatedAt));
        Assert.Equal(["You write every week."], rows[1].Assessment.Why);
        Assert.Equal(second.UtcDateTime, (await TestData.ReadMailboxAsync(Db, mailbox, Ct)).LastEvaluatedAt);
    }

    [Fact]
    public async Task SaveAssessmentAsync_WrittenAsRows_ReadsBackEveryFieldTheEngineSet_AndNullsWhereItSetNone()
    {
        var mailbox = (await TestData.AddMailboxAsync(Db, Utc("2026-01-01T00:00:00Z"), Ct)).Id;
        await using var services = Db.Services(Clock);
        var store = services.GetRequiredService<EvaluationStore>();
        var at = new DateTimeOffset(2026, 2, 26, 10, 15, 30, 123, TimeSpan.Zero);
        var full = Person("dana.whitfield@fabrikam.com", 71.25) with
        {
            DisplayName = "Dana Whitfield", Addresses = ["dana.whitfield@fabrikam.com", "dana@fabrikam.com"],
            LastContact = new ContactPoint(at, ContactChannel.Meeting, TestData.MessageId("c"), "https://outlook.office365.com/owa/?ItemID=c", "Quarterly review"),
            LastOutbound = new ContactPoint(at.AddDays(-1), ContactChannel.EmailSent, TestData.MessageId("o"), null, "Re: plan"),
            LastInbound = new ContactPoint(at.AddDays(-2), ContactChannel.EmailReceived, TestData.MessageId("i"), "https://outlook.office365.com/owa/?ItemID=i", null),
            LastMeeting = new ContactPoint(at, ContactChannel.Meeting, TestData.MessageId("c"), null, new string('s', 300)),
            NextMeeting = at.AddDays(9), FirstContact = at.AddYears(-3), PeakStrength = 93.5, PeakAt = at.AddMonths(-7), Trend = Trend.Fading, Tier = Tier.Inner,
            TierOverridden = true, Cadence = new Cadence(TimeSpan.FromDays(7), TimeSpan.FromDays(10.5)), DueAt = at.AddDays(3), OverdueAt = at.AddDays(6),
            Status = RelationshipStatus.Overdue, SnoozedUntil = at.AddDays(30), Why = ["You used to talk weekly.", "Last contact: a meeting."], IsSenior = true,
            JobTitle = "Director", IsDrifting = false, PeakRhythm = "weekly", Move = new MoveSignal(at.AddMonths(-1), "northwind.com", "dana@northwind.com", AccountClosed: true, DateEstimated: false),
            MeetingShare = 0.375, OutboundShare = 0.625, CountedItems = 412, IgnoredItems = 17, Priority = 8.125,
        };
        var bare = new RelationshipAssessment
        {
            PersonKey = "x500:/o=contoso/ou=exchange/cn=recipients/cn=jsmith", DisplayName = "jsmith (Exchange account)", Addresses = [], Cadence = new Cadence(TimeSpan.FromDays(365), TimeSpan.FromDays(400)),
            Status = RelationshipStatus.Excluded, ExcludedReason = "Contact one way only.",
        };

        await store.SaveAssessmentAsync(TestData.Fence(mailbox), Assessment(at.AddHours(1), [full, bare], focus: [full.PersonKey]), Stamp, Ct);

        var rows = (await services.GetRequiredService<ReportQueries>().RelationshipsAsync(mailbox, Ct)).ToDictionary(r => r.Assessment.PersonKey);
        var expected = full with { LastMeeting = full.LastMeeting with { Subject = new string('s', 255) } };
        Assert.Equal(Text(expected), Text(rows[full.PersonKey].Assessment));
        Assert.Equal(Text(bare), Text(rows[bare.PersonKey].Assessment));
        Assert.Equal(((int?)1, (int?)null), (rows[full.PersonKey].FocusRank, rows[bare.PersonKey].FocusRank));
        Assert.All(rows.Values, r => Assert.Equal(at.AddHours(1), r.EvaluatedAt));

        static string Text(RelationshipAssessment r) => System.Text.Json.JsonSerializer.Serialize(r);
    }

    [Fact]
    public async Task SaveAssessmentAsync_FailsPartWay_KeepsThePreviousAssessment()
    {
        var mailbox = (await TestData.AddMailboxAsync(Db, Utc("2026-01-01T00:00:00Z"), Ct)).Id;
        await using var services = Db.Services(Clock);
        var store = services.GetRequiredService<EvaluationStore>();
        var first = Clock.GetUtcNow();
        await store.SaveAssessmentAsync(TestData.Fence(mailbox), Assessment(first, [Person("dana.whitfield@fabrikam.com", 80)], focus: []), Stamp, Ct);

        // An assessment the database cannot take (one person twice) fails after the old rows were deleted in the transaction.
        Clock.Advance(TimeSpan.FromDays(1));
        var broken = Assessment(Clock.GetUtcNow(), [Person("lee.park@northwind.com", 30), Person("lee.park@northwind.com", 31)], focus: []);
        await Assert.ThrowsAnyAsync<Exception>(() => store.SaveAssessmentAsync(TestData.Fence(mailbox), broken, Stamp, Ct));

        var row = Assert.Single(await services.GetRequiredService<ReportQueries>().RelationshipsAsync(mailbox, Ct)).Assessment;
        Assert.Equal(("dana.whitfield@fabrikam.com", 80.0), (row.PersonKey, row.Strength));
        Assert.Equal(first.UtcDateTime, (await TestData.ReadMailboxAsync(Db, mailbox, Ct)).LastEvaluatedAt);
    }

    [Fact]
    public async Task SaveAssessmentAsync_WithItsPlannedSuggestions_StoresBothOrNeither()
    {
        var mailbox = (await TestData.AddMailboxAsync(Db, Utc("2026-01-01T00:00:00Z"), Ct)).Id;
        await using var services = Db.Services(Clock);
        var store = services.GetRequiredService<EvaluationStore>();
        var outlook = services.GetRequiredService<SuggestionStore>();
        var plan = new SuggestionPlan("lee.park@northwind.com", "Lee Park", SuggestionKind.Task, "You used to talk weekly.", "email", "A short note works.",
            Clock.GetUtcNow().AddDays(3), 5);

        // One checkpoint: an assessment the database cannot take (one person twice) stores neither it nor its suggestions,
        // so the mailbox stays due and the next cycle plans them again, rather than being scored with its plan lost.
        var broken = new MailboxAssessment(Clock.GetUtcNow(), [Person("lee.park@northwind.com", 30), Person("lee.park@northwind.com", 31)], [], [plan], []);
        await Assert.ThrowsAnyAsync<Exception>(() => store.SaveAssessmentAsync(TestData.Fence(mailbox), broken, Stamp, storePlanned: true, Ct));
        Assert.Empty(await outlook.ActiveAsync(mailbox, Ct));
        Assert.Null((await TestData.ReadMailboxAsync(Db, mailbox, Ct)).LastEvaluatedAt);

        var saved = new MailboxAssessment(Clock.GetUtcNow(), [Person("lee.park@northwind.com", 30)], ["lee.park@northwind.com"], [plan], []);
        await store.SaveAssessmentAsync(TestData.Fence(mailbox), saved, Stamp, storePlanned: true, Ct);

        var pending = Assert.Single(await outlook.ActiveAsync(mailbox, Ct));
        Assert.Equal(("lee.park@northwind.com", SuggestionState.Pending), (pending.PersonKey, pending.State));
        var row = await TestData.ReadMailboxAsync(Db, mailbox, Ct);
        Assert.NotNull(row.LastEvaluatedAt);

        // A planned suggestion is an input of the next evaluation: the mailbox is due again, as when they were stored apart.
        Assert.NotEqual(row.EvaluatedInputsAt, row.InputsChangedAt);

        // Without storePlanned (suggestions not written to Outlook) only the assessment is stored.
        await store.SaveAssessmentAsync(TestData.Fence(mailbox), saved with { NewSuggestions = [plan with { PersonKey = "sam.ortiz@contoso.com" }] }, Stamp, Ct);
        Assert.Single(await outlook.ActiveAsync(mailbox, Ct));
    }

    [Fact]
    public async Task SaveAssessmentAsync_LinkProposedAgain_RecordedOnceAndTheUsersDecisionKept()
    {
        var mailbox = (await TestData.AddMailboxAsync(Db, Utc("2026-01-01T00:00:00Z"), Ct)).Id;
        await using var services = Db.Services(Clock);
        var store = services.GetRequiredService<EvaluationStore>();
        var moved = new PersonLink("sam@contoso.com", "sam@northwind.com", "sam@contoso.com", "sam@northwind.com", "Sam's account closed; the same name writes from northwind.com.");
        await store.SaveAssessmentAsync(TestData.Fence(mailbox), Assessment(Clock.GetUtcNow(), [], focus: [], links: [moved]), Stamp, Ct);
        await using (var db = Db.CreateContext())
        {
            var entry = db.Entry(await db.PersonLinks.SingleAsync(l => EF.Property<string>(l, Shadow.MailboxId) == mailbox, Ct));
            entry.Property(Shadow.Verdict).CurrentValue = false;
            entry.Property(Shadow.DecidedAt).CurrentValue = Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(Ct);
        }

        Clock.Advance(TimeSpan.FromDays(1));
        var another = new PersonLink("kim@contoso.com", "kim@adatum.com", "kim@contoso.com", "kim@adatum.com", "Kim moved to Adatum.");
        await store.SaveAssessmentAsync(TestData.Fence(mailbox), Assessment(Clock.GetUtcNow(), [], focus: [], links: [moved, another]), Stamp, Ct);

        await using var check = Db.CreateContext();
        var links = await check.PersonLinks.AsNoTracking().Where(l => EF.Property<string>(l, Shadow.MailboxId) == mailbox).OrderBy(l => l.FromKey)
            .Select(l => new { l.FromKey, Verdict = EF.Property<bool?>(l, Shadow.Verdict), l.Reason }).ToListAsync(Ct);
        Assert.Equal([("kim@contoso.com", (bool?)null), ("sam@contoso.com", false)], links.Select(l => (l.FromKey, l.Verdict)));
        Assert.Equal(another.Reason, links[0].Reason);
    }

    [Fact]
    public async Task LoadUserStateAsync_StoredDecisions_ReturnsWhatTheEngineMustRespect()
    {
        var mailbox = (await TestData.AddMailboxAsync(Db, Utc("2025-01-01T00:00:00Z"), Ct)).Id;
        var other = (await TestData.AddMailboxAsync(Db, Utc("2025-01-01T00:00:00Z"), Ct)).Id;
        var now = Clock.GetUtcNow().UtcDateTime;
        var adminRule = $"*@newsletter-{Guid.NewGuid():N}.example";
        await using (var db = Db.CreateContext())
        {
            Add(db, mailbox, new PersonPreference("lee.park@northwind.com", Tier.Distant));
            Add(db, mailbox, new PersonPreference("dana.whitfield@fabrikam.com", null, true, new DateTimeOffset(now.AddDays(14), TimeSpan.Zero), true));
            Add(db, other, new PersonPreference("lee.park@northwind.com", Muted: true));
            Add(db, mailbox, Suggestion(mailbox, "recent", SuggestionState.Completed, now.AddDays(-10), resolved: now.AddDays(-8)));
            Add(db, mailbox, Suggestion(mailbox, "old-not-a-relationship", SuggestionState.NotARelationship, now.AddYears(-4), resolved: now.AddYears(-4)));
            Add(db, mailbox, Suggestion(mailbox, "old-completed", SuggestionState.Completed, now.AddYears(-4), resolved: now.AddYears(-4)));
            Add(db, other, Suggestion(other, "others", SuggestionState.Open, now.AddDays(-1)));
            Stored(db, new ExclusionRule(adminRule, RuleScope.Admin, "Marketing"), (Shadow.MailboxId, null), (Shadow.CreatedAt, now));
            Stored(db, new ExclusionRule("fabrikam-support.com", RuleScope.Personal), (Shadow.MailboxId, mailbox), (Shadow.CreatedAt, now));
            Stored(db, new ExclusionRule("northwind.com", RuleScope.Personal), (Shadow.MailboxId, other), (Shadow.CreatedAt, now));
            Stored(db, new LinkDecision("sam@contoso.com", "sam@northwind.com", true), (Shadow.MailboxId, mailbox), (Shadow.Verdict, true), (Shadow.CreatedAt, now), (Shadow.DecidedAt, now));
            Stored(db, new LinkDecision("kim@contoso.com", "kim@adatum.com", false), (Shadow.MailboxId, mailbox), (Shadow.Verdict, false), (Shadow.CreatedAt, now), (Shadow.DecidedAt, now));
            Stored(db, new LinkDecision("jo@contoso.com", "jo@tailspin.com", true) { Reason = "Jo moved." }, (Shadow.MailboxId, mailbox), (Shadow.CreatedAt, now));
            await db.SaveChangesAsync(Ct);
        }

        await using var services = Db.Services(Clock);
        var state = await services.GetRequiredService<EvaluationStore>().LoadUserStateAsync(mailbox, ["ceo@contoso.com"], Ct);

        Assert.Equal(
            [new PersonPreference("dana.whitfield@fabrikam.com", null, true, new DateTimeOffset(now.AddDays(14), TimeSpan.Zero), true), new PersonPreference("lee.park@northwind.com", Tier.Distant)],
            state.Preferences.OrderBy(p => p.PersonKey));
        Assert.Equal(["old-not-a-relationship", "recent"], state.Suggestions.Select(s => s.Id.Split(':')[0]).Order());
        var recent = state.Suggestions.Single(s => s.Id.StartsWith("recent:", StringComparison.Ordinal));
        Assert.Equal((SuggestionState.Completed, new DateTimeOffset(now.AddDays(-8), TimeSpan.Zero)), (recent.State, recent.ResolvedAt));
        Assert.Contains(new ExclusionRule(adminRule, RuleScope.Admin, "Marketing"), state.Rules);
        Assert.Contains(new ExclusionRule("fabrikam-support.com", RuleScope.Personal), state.Rules);
        Assert.DoesNotContain(state.Rules, r => r.Pattern == "northwind.com");
        Assert.Equal([new LinkDecision("kim@contoso.com", "kim@adatum.com", false), new LinkDecision("sam@contoso.com", "sam@northwind.com", true)], state.Links.OrderBy(l => l.FromKey));
        Assert.Equal(["ceo@contoso.com"], state.SeniorAddresses);
    }

    private static DateTime Utc(string iso) => TestData.Utc(iso);

    private static RelationshipAssessment Person(string key, double strength) => new()
    {
        PersonKey = key,
        DisplayName = key.Split('@')[0],
        Addresses = [key],
        Cadence = new Cadence(TimeSpan.FromDays(14), TimeSpan.FromDays(28)),
        LastContact = new ContactPoint(new DateTimeOffset(2026, 2, 26, 10, 0, 0, TimeSpan.Zero), ContactChannel.EmailSent, TestData.MessageId("lc"), "https://outlook.office365.com/owa/?ItemID=x", null),
        Strength = strength,
        PeakStrength = strength + 5,
        Tier = Tier.Regular,
        Status = RelationshipStatus.Due,
        Why = ["You write every week."],
        Priority = strength / 10,
    };

    private static MailboxAssessment Assessment(DateTimeOffset at, IReadOnlyList<RelationshipAssessment> people, IReadOnlyList<string> focus, IReadOnlyList<PersonLink>? links = null) =>
        new(at, people, focus, [], links ?? []);

    private static Suggestion Suggestion(string mailbox, string id, SuggestionState state, DateTime created, DateTime? resolved = null) => new()
    {
        Id = $"{id}:{mailbox}",
        PersonKey = "dana.whitfield@fabrikam.com",
        DisplayName = "Dana Whitfield",
        Kind = SuggestionKind.Task,
        State = state,
        Reason = "You used to talk weekly.",
        Channel = "email",
        ChannelAdvice = "A short note works.",
        DueAt = new DateTimeOffset(created.AddDays(3), TimeSpan.Zero),
        CreatedAt = new DateTimeOffset(created, TimeSpan.Zero),
        ResolvedAt = resolved is { } r ? new DateTimeOffset(r, TimeSpan.Zero) : null,
    };

    /// <summary>Adds an engine type as a row, with the values only storage keeps.</summary>
    private static void Stored<T>(GraphNetworkerDbContext db, T entity, params (string Name, object? Value)[] shadows)
        where T : class
    {
        var entry = db.Entry(entity);
        foreach (var (name, value) in shadows)
        {
            entry.Property(name).CurrentValue = value;
        }

        entry.State = EntityState.Added;
    }

    private static void Add<T>(GraphNetworkerDbContext db, string mailbox, T entity)
        where T : class
    {
        var entry = db.Entry(entity);
        entry.Property(Shadow.MailboxId).CurrentValue = mailbox;
        if (entry.Metadata.FindProperty(Shadow.UpdatedAt) is not null)
        {
            entry.Property(Shadow.UpdatedAt).CurrentValue = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        }

        entry.State = EntityState.Added;
    }
}
