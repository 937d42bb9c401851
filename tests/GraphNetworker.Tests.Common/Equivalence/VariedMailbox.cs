using System.Globalization;
using GraphNetworker.Core;
using GraphNetworker.Core.Model;
using Microsoft.Extensions.Time.Testing;

namespace GraphNetworker.Tests.Common.Equivalence;

/// <summary>One mailbox to evaluate: the engine's whole input, and the moment it is evaluated at.</summary>
public sealed record MailboxCase(
    string Name, EngineOptions Options, DateTimeOffset Now, DirectoryFacts Directory, IReadOnlyList<Interaction> Items, UserState State)
{
    /// <summary>The engine's whole answer for this mailbox over <paramref name="items"/> (its own, or the same in another form), as text.</summary>
    public string AnswerFrom(IReadOnlyList<Interaction> items) =>
        AssessmentWriter.Write(new RelationshipEngine(Options, new FakeTimeProvider(Now)).Evaluate(Directory, items, State));
}

/// <summary>
/// A deterministic, deliberately untidy mailbox from a seed: directory colleagues with aliases and X500 DNs, leavers,
/// seniors, Teams ids; outsiders under many spellings and names (handles, "Doe, John", capitals, Notes names); noise
/// (role, robot, number-only, machine-generated and system addresses, groups, rooms, bulk, list and Bcc mail, mass
/// mail); meetings held, declined, cancelled, unanswered, future and our own holds; Teams chats and calls; copies in two
/// folders, replays, ties at one instant, future-dated mail; movers; and a user's preferences, suggestions, rules and
/// link decisions. Everything the engine reads varies, so a change in any rule shows in its answer.
/// </summary>
public sealed class VariedMailbox
{
    private const string OwnerPrimary = "alex.morgan@contoso.com";
    private const string Dn = "/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=";

    private static readonly string[] Firsts =
        ["Dana", "Lee", "Sam", "Robin", "Kim", "Jordan", "Avery", "Casey", "Morgan", "Riley", "Jamie", "Quinn", "Drew", "Taylor", "Parker", "Reese", "Skyler", "Emerson", "Rowan", "Hayden"];

    private static readonly string[] Lasts =
        ["Smith", "Park", "Lee", "Garcia", "Nguyen", "O'Neil", "McDonald", "Parker-Smith", "Okafor", "Ivanova", "Rossi", "Schmidt", "Tanaka", "Dubois", "Silva", "Kowalski", "Haddad", "Larsen", "Moreau", "Brown"];

    private static readonly string[] Titles =
        ["Engineer", "Senior Engineer", "VP Sales", "Chief of Staff", "Partner Manager", "Vice President, Operations", "Analyst", "Co-Founder", "Director", "Chairman of the Board"];

    private static readonly string[] Domains =
        ["fabrikam.com", "northwind.example", "adatum.co.uk", "gmail.com", "litware.example", "mail.tailspin.example", "spam.example", "wingtip.example"];

    private static readonly string[] Subjects =
        ["Quarterly review", "Re: budget", "Lunch?", "Contract draft", "Fw: slides", "Intro", "Catch up", "Re: Re: the plan\u0007"];

    private readonly Random _random;
    private readonly DateTimeOffset _now;
    private readonly List<Interaction> _items = [];
    private readonly List<Person> _people = [];
    private readonly List<DirectoryPerson> _directory = [];
    private int _next;

    private VariedMailbox(int seed, DateTimeOffset now)
    {
        _random = new Random(seed);
        _now = now;
    }

    /// <summary>The mailboxes the golden file holds: several seeds, sizes, clocks and option sets.</summary>
    public static IReadOnlyList<MailboxCase> All() =>
    [
        Build("default-options", seed: 1, colleagues: 24, outsiders: 40, At("2026-11-22T12:00:00Z"), new EngineOptions()),
        Build("spring-clock", seed: 2, colleagues: 30, outsiders: 55, At("2026-05-03T08:30:00Z"), new EngineOptions()),
        Build("tight-options", seed: 3, colleagues: 20, outsiders: 35, At("2026-11-22T12:00:00Z"), TightOptions()),
        Build("no-organisation-name", seed: 4, colleagues: 16, outsiders: 60, At("2027-01-10T23:59:59Z"), new EngineOptions(), organizationName: null),
        Build("large", seed: 5, colleagues: 60, outsiders: 120, At("2026-11-22T12:00:00Z"), new EngineOptions()),
    ];

    private static EngineOptions TightOptions() => new()
    {
        HalfLife = TimeSpan.FromDays(30),
        StrengthScale = 4,
        MassThreshold = 6,
        PeakMemory = TimeSpan.FromDays(365),
        InnerThreshold = 60,
        RegularThreshold = 20,
        Inner = new CadenceOptions { DueAfter = TimeSpan.FromDays(30), OverdueAfter = TimeSpan.FromDays(45) },
        FocusListSize = 5,
        WeeklyTaskBudget = 5,
        WeeklyHoldBudget = 2,
        MaxOpenSuggestions = 8,
        MoveIsNewsFor = TimeSpan.FromDays(365),
        MoveQuietPeriod = TimeSpan.FromDays(10),
        JustContacted = TimeSpan.FromDays(10),
        SeniorTitles = ["director", "chief"],
        SystemWords = ["daily", "parking", "team"],
    };

    private static MailboxCase Build(
        string name, int seed, int colleagues, int outsiders, DateTimeOffset now, EngineOptions options, string? organizationName = "Contoso")
    {
        var mailbox = new VariedMailbox(seed, now);
        mailbox.AddColleagues(colleagues, seed);
        mailbox.AddOutsiders(outsiders);
        mailbox.AddNoise();
        mailbox.AddMovers();
        foreach (var person in mailbox._people)
        {
            mailbox.Relate(person);
        }

        mailbox.AddCrowdAndTies();
        var directory = new DirectoryFacts
        {
            Owner = new OwnerIdentity(OwnerPrimary, ["SMTP:alex.morgan@contoso.com", "smtp:amorgan@contoso.com", "X500:" + Dn + "amorgan"], seed % 2 == 0 ? null : "Alex Morgan"),
            People = [.. mailbox._directory],
            GroupAddresses = ["all-staff@contoso.com", "SMTP:Team-DL@contoso.com"],
            ResourceAddresses = ["room.4b@contoso.com"],
            OrganizationDomains = ["contoso.com", " Contoso.co.uk "],
            OrganizationName = organizationName,
        };
        return new MailboxCase(name, options, now, directory, mailbox._items, mailbox.State());
    }

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private void AddColleagues(int count, int seed)
    {
        // The owner is in the directory too, with an alias only the directory knows.
        _directory.Add(new DirectoryPerson
        {
            PrimaryAddress = OwnerPrimary,
            DisplayName = "Morgan, Alex",
            Addresses = ["smtp:alex.m@contoso.com"],
            UserId = "00000000-0000-4000-8000-00000000a1ec",
        });

        for (var i = 0; i < count; i++)
        {
            var first = Firsts[i % Firsts.Length];
            var last = Lasts[(i + (i / Firsts.Length) + seed) % Lasts.Length];
            var handle = (first[0] + Letters(last) + i.ToString(CultureInfo.InvariantCulture)).ToLowerInvariant();
            var primary = $"{first}.{Letters(last)}{i}@contoso.com".ToLowerInvariant();
            var userId = $"{i:x8}-1111-4000-8000-{seed:x12}";
            var left = i % 9 == 4;
            var entry = new DirectoryPerson
            {
                PrimaryAddress = i % 5 == 0 ? primary.ToUpperInvariant() : primary,
                UserId = i % 4 == 3 ? null : userId,
                DisplayName = i % 7 == 6 ? null : i % 3 == 0 ? $"{last}, {first}" : $"{first} {last}",
                Addresses = ["SMTP:" + primary, $"smtp:{handle}@contoso.com", "X500:" + Dn + handle],
                JobTitle = i % 6 == 5 ? null : Titles[(i * 7) % Titles.Length],
                HasLeft = left,
                LeftAt = left && i % 2 == 0 ? _now.AddDays(-_random.Next(10, 400)) : null,
            };
            _directory.Add(entry);
            _people.Add(new Person(primary, Kind.Colleague)
            {
                Spellings = [primary, "SMTP:" + primary.ToUpperInvariant(), $"{handle}@contoso.com", "/O=Contoso/OU=Exchange Administrative Group (FYDIBOHF23SPDLT)/CN=Recipients/CN=" + handle.ToUpperInvariant(), $" <{primary}> "],
                Names = [$"{first} {last}", $"{last}, {first}", null, handle, $"{first.ToUpperInvariant()} {last.ToUpperInvariant()}"],
                TeamsId = entry.UserId is null ? null : "teams:" + entry.UserId.ToUpperInvariant(),
            });
        }
    }

    private void AddOutsiders(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var first = Firsts[(i * 3) % Firsts.Length];
            var last = Lasts[(i * 7 + 3) % Lasts.Length];
            var domain = Domains[i % Domains.Length];
            var local = (i % 4) switch
            {
                0 => $"{first}.{Letters(last)}",
                1 => $"{first[0]}{Letters(last)}",
                2 => $"{first}_{Letters(last)}",
                _ => $"{Letters(last)}{i}",
            };
            var primary = $"{local}@{domain}".ToLowerInvariant();
            var names = (i % 5) switch
            {
                0 => new string?[] { $"{first} {last}", $"{last}, {first} (External)" },
                1 => [$"{first.ToUpperInvariant()} {last.ToUpperInvariant()}", null, local],
                2 => [$"{first} {last}@SALES", $"\"{first} {last}\" <{primary}>", $"{first} {last} [External]"],
                3 => [local, null, primary, "+1 (713) 555-0100"],
                _ => [$"{first.ToLowerInvariant()} {last.ToLowerInvariant()}", first],
            };
            var spellings = new List<string> { primary, primary.ToUpperInvariant(), $"{local}+news@{domain}", $"smtp:{primary}", $"mailto:{primary}" };
            if (i % 6 == 0)
            {
                // An outsider known to us only as a legacy DN from their own Exchange: it stays its own identity.
                spellings.Add($"/O=Fabrikam/OU=First Administrative Group/CN=Recipients/CN={local}");
            }

            _people.Add(new Person(primary, Kind.Outsider)
            {
                Spellings = [.. spellings],
                Names = names,
                TeamsId = i % 14 == 0 ? $"teams:guest-{i}-0000-4000" : i % 7 == 0 ? $"teams:{i:x8}-9c2d-4a1b-8000-0000000000{i:x2}" : null,
            });
        }

        // Someone known only as a Teams guest, and the owner's own address elsewhere carrying the owner's name.
        _people.Add(new Person("teams:7f0e0000-guest-4000-8000-000000000001", Kind.Outsider) { Spellings = ["teams:7F0E0000-GUEST-4000-8000-000000000001"], Names = ["Guest Person"], TeamsOnly = true });
        _people.Add(new Person("alex.morgan@gmail.com", Kind.Outsider) { Spellings = ["Alex.Morgan@gmail.com"], Names = ["Alex Morgan", "Morgan, Alex"] });
    }

    private void AddNoise()
    {
        (string Address, string? Name)[] noise =
        [
            ("noreply@shop.example", "Shop"), ("info@vendor.example", "Vendor Info"), ("8005550142@pager.example", null),
            ("2.3894.22-how7spz28_ri.1@mailer.example", "Mailer"), ("gas_daily@energy.example", "Gas Daily"),
            ("hr.jones@fabrikam.com", "HR Jones"), ("sales.lee@northwind.example", "Lee Sales"), ("pat.doe@benefits.example", "Payroll Hotline"),
            ("travelcodeals_033509@deals.example", "Deals"), ("dse_noreply@bank.example", null), ("all-staff@contoso.com", "All Staff"),
            ("team-dl@contoso.com", "Team"), ("room.4b@contoso.com", "Room 4B"), ("news.weekly@press.example", "Weekly News"),
            ("jobs@careers.example", "Steve Jobs"), ("jobs.steve@apple.example", "Steve Jobs"), ("office.of.the.chairman@board.example", "Office of the Chairman"),
            ("dana.smith@spam.example", "Dana Smith"), ("a1b2c3d4e5f6g7h8i9j0k1l2@hash.example", null),
        ];
        foreach (var (address, name) in noise)
        {
            _people.Add(new Person(address, Kind.Noise) { Spellings = [address, address.ToUpperInvariant()], Names = [name] });
        }
    }

    private void AddMovers()
    {
        // A colleague who left and now writes from a new company; an outsider who moved after going quiet; an
        // ambiguous pair that must not link; and a pair the user linked (and one the user rejected).
        _directory.Add(new DirectoryPerson { PrimaryAddress = "zoe.quartermain@contoso.com", DisplayName = "Zoe Quartermain", HasLeft = true, LeftAt = _now.AddDays(-70) });
        _people.Add(new Person("zoe.quartermain@contoso.com", Kind.Mover) { Spellings = ["zoe.quartermain@contoso.com"], Names = ["Zoe Quartermain"], ActiveFrom = 700, ActiveTo = 75, Every = 6 });
        _people.Add(new Person("zoe@wingtip.example", Kind.Mover) { Spellings = ["Zoe@Wingtip.example"], Names = ["Zoe Quartermain"], ActiveFrom = 50, ActiveTo = 20, Every = 9 });

        _people.Add(new Person("yuki.abara@adatum.co.uk", Kind.Mover) { Spellings = ["yuki.abara@adatum.co.uk"], Names = ["Abara, Yuki"], ActiveFrom = 600, ActiveTo = 150, Every = 7 });
        _people.Add(new Person("yuki@litware.example", Kind.Mover) { Spellings = ["yuki@litware.example"], Names = ["Yuki Abara"], ActiveFrom = 100, ActiveTo = 40, Every = 12 });

        _people.Add(new Person("xavier.bell@northwind.example", Kind.Mover) { Spellings = ["xavier.bell@northwind.example"], Names = ["Xavier Bell"], ActiveFrom = 500, ActiveTo = 200, Every = 10 });
        _people.Add(new Person("xavier.bell@fabrikam.com", Kind.Mover) { Spellings = ["xavier.bell@fabrikam.com"], Names = ["Xavier Bell"], ActiveFrom = 480, ActiveTo = 190, Every = 14 });
        _people.Add(new Person("xavier@gmail.com", Kind.Mover) { Spellings = ["xavier@gmail.com"], Names = ["Xavier Bell"], ActiveFrom = 100, ActiveTo = 30, Every = 11 });

        _people.Add(new Person("robert@northwind.example", Kind.Mover) { Spellings = ["robert@northwind.example"], Names = ["Robert Brown"], ActiveFrom = 400, ActiveTo = 100, Every = 15 });
        _people.Add(new Person("bob@personal.example", Kind.Mover) { Spellings = ["bob@personal.example"], Names = ["Bob"], ActiveFrom = 60, ActiveTo = 5, Every = 8 });

        _people.Add(new Person("wren.castillo@litware.example", Kind.Mover) { Spellings = ["wren.castillo@litware.example"], Names = ["Wren Castillo"], ActiveFrom = 500, ActiveTo = 200, Every = 8 });
        _people.Add(new Person("wren.castillo@wingtip.example", Kind.Mover) { Spellings = ["wren.castillo@wingtip.example"], Names = ["Wren Castillo"], ActiveFrom = 150, ActiveTo = 25, Every = 10 });
    }

    /// <summary>The person's history: a rhythm over a stretch of time, or a handful of items, or one-way traffic.</summary>
    private void Relate(Person person)
    {
        if (person.Kind == Kind.Noise)
        {
            var count = _random.Next(1, 6);
            for (var i = 0; i < count; i++)
            {
                var at = DaysAgo(_random.NextDouble() * 700);
                switch (_random.Next(4))
                {
                    case 0:
                        Received(at, person, bulk: (BulkSignals)_random.Next(0, 32));
                        break;
                    case 1:
                        Received(at, person, ownerRole: ParticipantRole.Bcc);
                        break;
                    case 2:
                        Sent(at, [person], _random.Next(2) == 0 ? ParticipantRole.To : ParticipantRole.Cc);
                        break;
                    default:
                        Received(at, person);
                        break;
                }
            }

            return;
        }

        if (person.TeamsOnly)
        {
            for (var days = 200.0; days > 3; days -= 4 + (_random.NextDouble() * 10))
            {
                Chat(DaysAgo(days), _random.Next(2) == 0, [person]);
            }

            return;
        }

        var from = person.ActiveFrom ?? _random.Next(20, 720);
        var to = person.ActiveTo ?? Math.Max(0, from - _random.Next(5, 700));
        var every = person.Every ?? (_random.Next(5) == 0 ? _random.Next(1, 5) : _random.Next(5, 90));
        var shape = person.Kind == Kind.Mover ? 0 : _random.Next(10);
        for (var days = (double)from; days >= to; days -= every * (0.6 + (_random.NextDouble() * 0.8)))
        {
            var at = DaysAgo(days).AddMinutes(_random.Next(-600, 600));
            switch (shape)
            {
                case 7:
                    Received(at, person); // only they write: one-way inbound
                    break;
                case 8:
                    Sent(at, [person], ParticipantRole.To); // only the owner writes: one-way outbound
                    break;
                case 9 when days < from - (3 * every):
                    return; // a handful of items
                default:
                    Touch(at, person);
                    break;
            }
        }

        // Now and then a meeting already on the calendar, or mail dated in the future by a wrong clock.
        if (person.Kind == Kind.Mover)
        {
            return;
        }

        if (_random.Next(6) == 0)
        {
            Meeting(_now.AddDays(_random.Next(1, 40)), person);
        }

        if (_random.Next(25) == 0)
        {
            Received(_now.AddHours(_random.Next(1, 48)), person);
        }
    }

    /// <summary>One contact with the person by a channel that suits them, sometimes with others on it.</summary>
    private void Touch(DateTimeOffset at, Person person)
    {
        var roll = _random.Next(100);
        var colleague = person.Kind == Kind.Colleague;
        if (roll < 35)
        {
            Sent(at, [person, .. Others(person)], _random.Next(5) == 0 ? ParticipantRole.Cc : ParticipantRole.To);
        }
        else if (roll < 70)
        {
            Received(at, person, bulk: _random.Next(30) == 0 ? BulkSignals.ClassifiedOther : BulkSignals.None,
                ownerRole: _random.Next(6) == 0 ? ParticipantRole.Cc : ParticipantRole.To);
        }
        else if (roll < (colleague ? 85 : 92))
        {
            Meeting(at, person);
        }
        else if (person.TeamsId is not null || colleague)
        {
            if (_random.Next(4) == 0)
            {
                Call(at, person);
            }
            else
            {
                Chat(at, _random.Next(2) == 0, [person, .. _random.Next(3) == 0 ? Others(person) : []]);
            }
        }
        else
        {
            Received(at, person);
        }
    }

    private void AddCrowdAndTies()
    {
        var people = _people.Where(p => p.Kind is Kind.Colleague or Kind.Outsider && !p.TeamsOnly).ToList();
        // Mass mail and large meetings and chats; mail with only some recipients listed.
        for (var i = 0; i < 12; i++)
        {
            var at = DaysAgo(_random.NextDouble() * 600);
            var crowd = Enumerable.Range(0, 18).Select(_ => people[_random.Next(people.Count)]).ToList();
            switch (i % 4)
            {
                case 0:
                    Sent(at, crowd, ParticipantRole.To);
                    break;
                case 1:
                    Received(at, crowd[0], count: 40);
                    break;
                case 2:
                    Meeting(at, crowd[0], [.. crowd.Skip(1)]);
                    break;
                default:
                    Chat(at, i % 8 == 3, crowd);
                    break;
            }
        }

        // Items at exactly the same instant by different channels: ties must break the same way in any order.
        for (var i = 0; i < 10; i++)
        {
            var person = people[_random.Next(people.Count)];
            var at = DaysAgo(_random.Next(1, 300));
            Sent(at, [person], ParticipantRole.To);
            Received(at, person);
            Meeting(at, person);
            if (person.TeamsId is not null)
            {
                Chat(at, true, [person]);
            }
        }

        // Own coffee holds, and a meeting with a room and a projector.
        var host = people[0];
        Add(InteractionKind.Meeting, DaysAgo(12), [Me(ParticipantRole.Organizer, MeetingResponse.Organizer), Them(host, ParticipantRole.Attendee)], isOwnHold: true);
        Add(InteractionKind.Meeting, _now.AddDays(3), [Me(ParticipantRole.Organizer, MeetingResponse.Organizer)], isOwnHold: true);
        Add(InteractionKind.Meeting, DaysAgo(33), [
            Me(ParticipantRole.Organizer, MeetingResponse.Organizer), Them(host, ParticipantRole.Attendee, MeetingResponse.Accepted),
            new Participant("room.4b@contoso.com", "Room 4B", ParticipantRole.Attendee, MeetingResponse.Accepted, IsResource: true),
            new Participant("projector@contoso.com", "Projector", ParticipantRole.Attendee, MeetingResponse.Accepted, IsResource: true)]);

        // Text that is not an address, and an item with nobody but the owner.
        Add(InteractionKind.EmailReceived, DaysAgo(40), [new Participant("not an address", "Nobody", ParticipantRole.From), new Participant("", null, ParticipantRole.Cc), Me(ParticipantRole.To)]);
        Add(InteractionKind.EmailSent, DaysAgo(41), [Me(ParticipantRole.From), Me(ParticipantRole.To)]);
    }

    private UserState State()
    {
        var keys = _people.Where(p => p.Kind != Kind.Noise).Select(p => p.Key).ToList();
        string Pick() => keys[_random.Next(keys.Count)];
        var suggestions = new List<Suggestion>();
        SuggestionState[] resolved = [SuggestionState.Completed, SuggestionState.Dismissed, SuggestionState.NotARelationship, SuggestionState.Expired, SuggestionState.Completed];
        for (var i = 0; i < 26; i++)
        {
            var created = DaysAgo(_random.Next(8, 500) + _random.NextDouble());
            var state = resolved[_random.Next(resolved.Length)];
            suggestions.Add(Made(i, i == 0 ? "ghost@nowhere.example" : Pick(), _random.Next(3) == 0 ? SuggestionKind.Hold : SuggestionKind.Task, created, state,
                _random.Next(4) == 0 ? null : created.AddDays(_random.Next(0, 30))));
        }

        // Two open and one pending (the focus list starts with them), and this week's budget partly spent.
        suggestions.Add(Made(95, Pick(), SuggestionKind.Task, DaysAgo(20), SuggestionState.Open, null));
        suggestions.Add(Made(96, Pick(), SuggestionKind.Hold, DaysAgo(9), SuggestionState.Open, null));
        suggestions.Add(Made(97, Pick(), SuggestionKind.Task, DaysAgo(1), SuggestionState.Pending, null));
        suggestions.Add(Made(98, Pick(), SuggestionKind.Hold, DaysAgo(8), SuggestionState.Expired, DaysAgo(1)));
        suggestions.Add(Made(99, Pick(), SuggestionKind.Task, DaysAgo(10), SuggestionState.Completed, DaysAgo(1)));
        var snoozed = Pick();
        return new UserState
        {
            Preferences =
            [
                new PersonPreference(Pick(), TierOverride: Tier.Inner),
                new PersonPreference(Pick(), TierOverride: Tier.Distant),
                new PersonPreference(Pick(), TierOverride: Tier.Regular, Senior: true),
                new PersonPreference(Pick(), Muted: true),
                new PersonPreference(snoozed, SnoozedUntil: _now.AddDays(20)),
                new PersonPreference(snoozed, SnoozedUntil: _now.AddDays(45)),
                new PersonPreference(Pick(), SnoozedUntil: _now.AddDays(-5)),
                new PersonPreference(Pick(), Senior: true),
                new PersonPreference("hr.jones@fabrikam.com", TierOverride: Tier.Regular),
            ],
            Suggestions = suggestions,
            Rules =
            [
                new ExclusionRule("@spam.example", RuleScope.Admin, "spam"),
                new ExclusionRule("news*@*", RuleScope.Personal),
                new ExclusionRule("*.tailspin.example", RuleScope.Admin),
                new ExclusionRule(" SMTP:Sam_Lee@WINGTIP.example ", RuleScope.Personal),
                new ExclusionRule("   ", RuleScope.Admin),
            ],
            Links =
            [
                new LinkDecision("robert@northwind.example", "bob@personal.example", Accepted: true),
                new LinkDecision("yuki.abara@adatum.co.uk", "yuki@litware.example", Accepted: false),
                new LinkDecision("nobody@nowhere.example", "bob@personal.example", Accepted: true),
            ],
            SeniorAddresses = [Pick(), "SMTP:" + Pick().ToUpperInvariant(), "CEO"],
        };
    }

    private static Suggestion Made(int n, string personKey, SuggestionKind kind, DateTimeOffset createdAt, SuggestionState state, DateTimeOffset? resolvedAt) => new()
    {
        Id = $"gn-{n:D4}",
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

    private IEnumerable<Person> Others(Person besides)
    {
        var count = _random.Next(4) == 0 ? _random.Next(1, 4) : 0;
        for (var i = 0; i < count; i++)
        {
            var other = _people[_random.Next(_people.Count)];
            // Movers stay out of others' mail: their old address must go quiet for the move to show.
            if (other != besides && !other.TeamsOnly && other.Kind != Kind.Mover)
            {
                yield return other;
            }
        }
    }

    private void Sent(DateTimeOffset at, IReadOnlyList<Person> recipients, ParticipantRole role)
    {
        var participants = new List<Participant>();
        if (_random.Next(8) != 0)
        {
            participants.Add(Me(ParticipantRole.From));
        }

        for (var i = 0; i < recipients.Count; i++)
        {
            var recipientRole = i == 0 ? role : (ParticipantRole)_random.Next((int)ParticipantRole.To, (int)ParticipantRole.Bcc + 1);
            participants.Add(Them(recipients[i], recipientRole));
            if (_random.Next(15) == 0)
            {
                participants.Add(Them(recipients[i], ParticipantRole.Cc)); // listed twice: To and Cc, or two spellings
            }
        }

        var item = Add(InteractionKind.EmailSent, at, participants, count: _random.Next(20) == 0 ? participants.Count + _random.Next(1, 30) : 0);
        Copies(item);
    }

    private void Received(DateTimeOffset at, Person from, BulkSignals bulk = BulkSignals.None, ParticipantRole ownerRole = ParticipantRole.To, int count = 0)
    {
        var participants = new List<Participant> { Them(from, ParticipantRole.From) };
        if (ownerRole != ParticipantRole.Bcc || _random.Next(2) == 0)
        {
            participants.Add(Me(ownerRole));
        }

        if (_random.Next(10) == 0)
        {
            participants.Add(Me(ParticipantRole.Cc)); // an alias on Cc as well as the primary on To
        }

        foreach (var other in Others(from))
        {
            participants.Add(Them(other, _random.Next(2) == 0 ? ParticipantRole.To : ParticipantRole.Cc));
        }

        var item = Add(InteractionKind.EmailReceived, at, participants, bulk: bulk, count: count > 0 ? count : _random.Next(25) == 0 ? 17 + _random.Next(30) : 0);
        Copies(item);
    }

    private void Meeting(DateTimeOffset at, Person with, IReadOnlyList<Person>? more = null)
    {
        var ownerOrganizes = _random.Next(3) != 0;
        var ownerAnswer = ownerOrganizes ? MeetingResponse.Organizer : (MeetingResponse)_random.Next((int)MeetingResponse.Accepted, (int)MeetingResponse.NotResponded + 1);
        var participants = new List<Participant>
        {
            Me(ownerOrganizes ? ParticipantRole.Organizer : ParticipantRole.Attendee, ownerAnswer),
            Them(with, ownerOrganizes ? ParticipantRole.Attendee : ParticipantRole.Organizer,
                ownerOrganizes ? (MeetingResponse)_random.Next(0, (int)MeetingResponse.NotResponded + 1) : MeetingResponse.Organizer),
        };
        foreach (var other in more ?? [.. Others(with)])
        {
            participants.Add(Them(other, ParticipantRole.Attendee, _random.Next(5) == 0 ? MeetingResponse.Declined : MeetingResponse.Accepted));
        }

        if (_random.Next(12) == 0)
        {
            participants.Add(new Participant("ROOM.4B@contoso.com", "Room 4B", ParticipantRole.Attendee, MeetingResponse.Accepted, IsResource: _random.Next(2) == 0));
        }

        Add(InteractionKind.Meeting, at, participants, cancelled: _random.Next(15) == 0, ownerResponse: ownerAnswer, endsAt: at.AddMinutes(30 * _random.Next(1, 4)),
            messageId: _random.Next(10) == 0);
    }

    private void Chat(DateTimeOffset at, bool sentByOwner, IReadOnlyList<Person> members)
    {
        var participants = new List<Participant> { Me(sentByOwner ? ParticipantRole.From : ParticipantRole.Attendee) };
        for (var i = 0; i < members.Count; i++)
        {
            participants.Add(Them(members[i], !sentByOwner && i == 0 ? ParticipantRole.From : ParticipantRole.Attendee, teams: true));
        }

        Add(sentByOwner ? InteractionKind.TeamsChatSent : InteractionKind.TeamsChatReceived, at, participants, count: participants.Count, teams: true);
    }

    private void Call(DateTimeOffset at, Person with) =>
        Add(InteractionKind.TeamsCall, at, [Me(ParticipantRole.Organizer), Them(with, ParticipantRole.Attendee, teams: true)], count: 2, teams: true);

    /// <summary>The same message in a second folder (same Message-ID), or a replay of the same item.</summary>
    private void Copies(Interaction item)
    {
        var roll = _random.Next(30);
        if (roll == 0)
        {
            Insert(item with { ItemId = item.ItemId + "-copy" });
        }
        else if (roll == 1)
        {
            Insert(item);
        }
    }

    private Participant Me(ParticipantRole role, MeetingResponse response = MeetingResponse.None)
    {
        string[] spellings = ["alex.morgan@contoso.com", "Alex.Morgan@Contoso.com", "amorgan@contoso.com", "alex.morgan+list@contoso.com", "X500:" + Dn.ToUpperInvariant() + "AMORGAN", "alex.m@contoso.com"];
        return new Participant(spellings[_random.Next(4) == 0 ? _random.Next(spellings.Length) : 0], _random.Next(3) == 0 ? null : "Alex Morgan", role, response);
    }

    private Participant Them(Person person, ParticipantRole role, MeetingResponse response = MeetingResponse.None, bool teams = false)
    {
        var address = teams && person.TeamsId is not null && _random.Next(3) != 0
            ? person.TeamsId
            : person.Spellings[_random.Next(3) == 0 ? _random.Next(person.Spellings.Length) : 0];
        return new Participant(address, person.Names[_random.Next(person.Names.Length)], role, response);
    }

    private Interaction Add(
        InteractionKind kind,
        DateTimeOffset at,
        List<Participant> participants,
        BulkSignals bulk = BulkSignals.None,
        bool cancelled = false,
        MeetingResponse ownerResponse = MeetingResponse.None,
        DateTimeOffset? endsAt = null,
        int count = 0,
        bool isOwnHold = false,
        bool teams = false,
        bool messageId = true)
    {
        var id = teams ? $"19:chat-{++_next:D6}" : $"AAMkAD-{++_next:D6}=";
        // The conversation id the first model carried (never read, no longer kept) is drawn still, so the mailboxes stay as they were.
        _ = _random.Next(3) == 0 ? null : $"conv-{_random.Next(200)}";
        var item = new Interaction
        {
            ItemId = id,
            Kind = kind,
            OccurredAt = at,
            Participants = participants,
            ParticipantCount = count,
            InternetMessageId = teams || !messageId ? null : _random.Next(20) == 0 ? " " : $"<{id}@contoso.com>",
            Subject = _random.Next(3) == 0 ? null : Subjects[_random.Next(Subjects.Length)],
            WebLink = _random.Next(4) == 0 ? null : $"https://outlook.office365.com/owa/?ItemID={id}",
            Bulk = bulk,
            IsCancelled = cancelled,
            OwnerResponse = ownerResponse,
            EndsAt = endsAt,
            IsOwnHold = isOwnHold,
        };
        Insert(item);
        return item;
    }

    /// <summary>Items arrive in no particular order: each goes in at a random place, as a store's pages might give them.</summary>
    private void Insert(Interaction item) => _items.Insert(_random.Next(_items.Count + 1), item);

    private DateTimeOffset DaysAgo(double days) => _now.AddDays(-days);

    private static string Letters(string text) => new([.. text.Where(char.IsLetter)]);

    private enum Kind
    {
        Colleague,
        Outsider,
        Noise,
        Mover,
    }

    private sealed class Person(string key, Kind kind)
    {
        public string Key { get; } = key;

        public Kind Kind { get; } = kind;

        public required string[] Spellings { get; init; }

        public required string?[] Names { get; init; }

        public string? TeamsId { get; init; }

        public bool TeamsOnly { get; init; }

        public int? ActiveFrom { get; init; }

        public int? ActiveTo { get; init; }

        public double? Every { get; init; }
    }
}
