using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using static GraphNetworker.Core.Tests.Scenario;

namespace GraphNetworker.Core.Tests.Planning;

/// <summary>
/// Precision on a mailbox built with the patterns real corporate mail has (no list headers at all, as when Graph
/// refuses them): broadcasts through lists, robots and feeds the owner sometimes answered, role and department
/// addresses, mailbox handles for names, Bcc copies, the owner's own private address, and quiet real relationships.
/// The budgets are opened wide so that every candidate the planner would ever reach is suggested at once.
/// </summary>
public sealed class PrecisionTests
{
    private const string Senior = "pat.president@contoso.com";
    private const string Quiet = "rowan.quiet@northwind.example";

    /// <summary>Addresses that are not people, whatever the owner did with them.</summary>
    private static readonly string[] NotPeople =
    [
        "all-staff@contoso.com", "noreply@expenses.example", "notifications@tracker.example", "gas_daily@markets.example",
        "arsystem@mailman.contoso.com", "transportation.parking@contoso.com", "it.helpdesk@contoso.com",
        "8005550100@pager.example", "deals_0334509@travel.example", "2.4411.17-x7k2_r.1@music.example",
        "announcements@contoso.com", "sales@vendor.example",
    ];

    /// <summary>People whose only names on mail are handles: suggestions call them by their address.</summary>
    private static readonly (string Address, string Handle)[] Handles =
    [
        ("vha0401@fabrikam.example", "Vha0401"), ("jsmith@vendor.example", "jsmith"), ("dana_smith@storage.example", "dana_smith"),
        ("jacquestc@fabrikam.example", "Jacquestc"), ("dwong@fabrikam.example", "+1 713 555 0100"),
    ];

    [Fact]
    public void Plan_RealLookingMailbox_NeverSuggestsARoleListRobotOrHandleAsAName()
    {
        var result = Mailbox().Evaluate();

        Assert.NotEmpty(result.NewSuggestions);
        Assert.DoesNotContain(result.NewSuggestions, s => NotPeople.Contains(s.PersonKey));
        Assert.All(result.NewSuggestions, s => Assert.True(
            DisplayNames.IsAddress(s.DisplayName) || !DisplayNames.IsHandle(s.DisplayName, s.PersonKey), $"{s.DisplayName} is a handle"));
        foreach (var (address, handle) in Handles)
        {
            var suggestion = Assert.Single(result.NewSuggestions, s => s.PersonKey == address);
            Assert.Equal(address, suggestion.DisplayName);
            Assert.DoesNotContain(handle, suggestion.Reason, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(NotPeople.Length, result.Relationships.Count(r => NotPeople.Contains(r.PersonKey)));
        Assert.All(result.Relationships.Where(r => NotPeople.Contains(r.PersonKey)), r =>
        {
            Assert.Equal(RelationshipStatus.Excluded, r.Status);
            Assert.False(string.IsNullOrWhiteSpace(r.ExcludedReason));
        });
    }

    [Fact]
    public void Plan_RealLookingMailbox_SuggestsOnlyPeopleInTwoWayContact()
    {
        var result = Mailbox().Evaluate();
        var people = result.Relationships.ToDictionary(r => r.PersonKey);

        Assert.All(result.NewSuggestions, s =>
        {
            var person = people[s.PersonKey];
            Assert.True((person.LastOutbound is not null && person.LastInbound is not null) || person.LastMeeting is not null, $"{s.PersonKey} had no two-way contact");
        });
        Assert.DoesNotContain(result.NewSuggestions, s => s.PersonKey is "cold.caller@vendor.example" or "unanswered@fabrikam.example" or "only.via.list@contoso.com" or "dsmith@home.example");
    }

    [Fact]
    public void Evaluate_RealLookingMailbox_TracksQuietRealRelationships()
    {
        var result = Mailbox().Evaluate();
        var people = result.Relationships.ToDictionary(r => r.PersonKey);

        foreach (var quiet in new[] { Senior, Quiet })
        {
            Assert.NotEqual(RelationshipStatus.Excluded, people[quiet].Status);
            Assert.Equal(Tier.Distant, people[quiet].Tier);
            Assert.Contains(result.NewSuggestions, s => s.PersonKey == quiet);
        }

        Assert.Contains(people[Quiet].Why, w => w.EndsWith("; a distant contact.", StringComparison.Ordinal));
        Assert.Equal(Tier.Inner, people["dana.close@contoso.com"].Tier);
        Assert.Equal("Dana Close", people["dana.close@contoso.com"].DisplayName);
    }

    /// <summary>One owner's two years, with every pattern at least once.</summary>
    private static Scenario Mailbox()
    {
        var s = new Scenario();
        s.Options.WeeklyTaskBudget = 50;
        s.Options.MaxOpenSuggestions = 50;
        s.Options.FocusListSize = 100;
        s.Directory = s.Directory with
        {
            Owner = s.Directory.Owner with { DisplayName = "Dana Smith" },
            People =
            [
                new DirectoryPerson { PrimaryAddress = Senior, DisplayName = "Pat President", JobTitle = "President", Addresses = ["X500:/O=CONTOSO/OU=NA/CN=RECIPIENTS/CN=PPRESIDENT"] },
                new DirectoryPerson { PrimaryAddress = "dana.close@contoso.com", DisplayName = "Dana Close" },
            ],
            GroupAddresses = ["all-staff@contoso.com"],
        };

        // A close colleague, weekly for a year and a half, then quiet for five months.
        s.Exchange("dana.close@contoso.com", DaysAgo(700), DaysAgo(150), 7);

        // The president: four exchanges in two years, one through the X500 form of the address.
        foreach (var days in new[] { 700, 560, 420, 280 })
        {
            s.Sent(DaysAgo(days), Senior);
            s.Received(DaysAgo(days - 1), days == 420 ? "/O=CONTOSO/OU=NA/CN=RECIPIENTS/CN=Ppresident" : Senior, "President, Pat");
        }

        // A quiet external contact: three exchanges in two years.
        s.Sent(DaysAgo(650), Quiet);
        s.Received(DaysAgo(640), Quiet, "Quiet, Rowan");
        s.Sent(DaysAgo(300), Quiet);

        // Robots, feeds, role and department addresses, some of them answered once; no list headers anywhere.
        foreach (var robot in NotPeople.Where(a => a != "all-staff@contoso.com"))
        {
            for (var days = 600; days > 30; days -= 45)
            {
                s.Received(DaysAgo(days), robot, robot == "announcements@contoso.com" ? "Contoso Announcements" : null);
            }

            s.Sent(DaysAgo(400), robot);
        }

        // The all-staff list: the owner writes to it, and a colleague's mail reaches the owner only through it.
        s.Sent(DaysAgo(200), "all-staff@contoso.com");
        for (var days = 500; days > 20; days -= 30)
        {
            s.Add(InteractionKind.EmailReceived, DaysAgo(days), [new("only.via.list@contoso.com", "Lee List", ParticipantRole.From), new("all-staff@contoso.com", null, ParticipantRole.To)]);
            s.Add(InteractionKind.EmailReceived, DaysAgo(days - 1), [new("dana.close@contoso.com", "Close, Dana", ParticipantRole.From), new(Owner, "Me", ParticipantRole.Bcc)]);
        }

        // Handles for names: real two-way contacts whose mail never carried a real name.
        foreach (var (address, handle) in Handles)
        {
            s.Exchange(address, DaysAgo(600), DaysAgo(300), 30, handle);
        }

        // Cold inbound, unanswered outbound, the owner's own private address, and mass mail from a colleague.
        for (var days = 400; days > 10; days -= 20)
        {
            s.Received(DaysAgo(days), "cold.caller@vendor.example", "Cole Caller");
            s.Sent(DaysAgo(days + 1), "unanswered@fabrikam.example");
        }

        s.Exchange("dsmith@home.example", DaysAgo(500), DaysAgo(100), 14, "Smith, Dana");
        s.Received(DaysAgo(30), "dana.close@contoso.com", "Dana Close", recipients: 40);
        return s;
    }
}
