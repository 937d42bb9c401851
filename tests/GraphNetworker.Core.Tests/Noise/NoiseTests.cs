using GraphNetworker.Core.Model;
using static GraphNetworker.Core.Tests.Scenario;

namespace GraphNetworker.Core.Tests.Noise;

public sealed class NoiseTests
{
    [Theory]
    [InlineData("noreply@github.com")]
    [InlineData("no-reply@accounts.example.com")]
    [InlineData("do-not-reply@bank.example")]
    [InlineData("mailer-daemon@contoso.com")]
    [InlineData("postmaster@fabrikam.com")]
    [InlineData("notifications@service.example")]
    [InlineData("calendar@fabrikam.com")]
    [InlineData("dse_noreply@vendor.example")]
    public void Evaluate_RoleOrNoReplyAddress_ExcludedWithReason(string address)
    {
        var s = new Scenario();
        s.Sent(DaysAgo(10), address);
        s.Received(DaysAgo(9), address);

        var person = s.Person(address.ToLowerInvariant());

        Assert.Equal(RelationshipStatus.Excluded, person.Status);
        Assert.Contains("no-reply or role address", person.ExcludedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_DistributionList_ExcludedAsGroup()
    {
        var s = new Scenario();
        s.Directory = s.Directory with { GroupAddresses = ["eng-all@contoso.com"] };
        s.Sent(DaysAgo(10), "eng-all@contoso.com");

        var group = s.Person("eng-all@contoso.com");

        Assert.Equal(RelationshipStatus.Excluded, group.Status);
        Assert.Equal("A distribution list or group, not a person.", group.ExcludedReason);
    }

    [Fact]
    public void Evaluate_RoomOnMeeting_ExcludedAsResource_AndDoesNotDiluteTheMeeting()
    {
        var s = new Scenario();
        s.Directory = s.Directory with { ResourceAddresses = ["room-4.12@contoso.com"] };
        s.Add(InteractionKind.Meeting, DaysAgo(5),
        [
            new(Owner, "Me", ParticipantRole.Organizer, MeetingResponse.Organizer),
            new("dana@fabrikam.com", "Dana", ParticipantRole.Attendee, MeetingResponse.Accepted),
            new("room-4.12@contoso.com", "Room 4.12", ParticipantRole.Attendee, MeetingResponse.Accepted, IsResource: true),
        ], participantCount: 3);

        var result = s.Evaluate();

        Assert.Equal("A room or resource, not a person.", result.Relationships.Single(r => r.PersonKey == "room-4.12@contoso.com").ExcludedReason);
        var oneOnOne = new Scenario();
        oneOnOne.Meeting(DaysAgo(5), "dana@fabrikam.com");
        Assert.Equal(oneOnOne.Person("dana@fabrikam.com").Strength, result.Relationships.Single(r => r.PersonKey == "dana@fabrikam.com").Strength);
    }

    public static TheoryData<string, BulkSignals> BulkMail => new()
    {
        { "Graph classified it as Other", BulkSignals.ClassifiedOther },
        { "List-Unsubscribe", BulkSignals.ListUnsubscribe },
        { "List-Id", BulkSignals.ListId },
        { "Precedence: bulk or list", BulkSignals.PrecedenceBulk },
        { "Auto-Submitted: auto-generated", BulkSignals.AutoSubmitted },
    };

    [Theory]
    [MemberData(nameof(BulkMail))]
    public void Evaluate_BulkSignal_NeverCountsAsContact(string because, BulkSignals bulk)
    {
        var s = new Scenario();
        s.Received(DaysAgo(3), "weekly@news.fabrikam.com", bulk: bulk);
        s.Received(DaysAgo(10), "weekly@news.fabrikam.com", bulk: bulk);

        var sender = s.Person("weekly@news.fabrikam.com");

        Assert.True(sender.Status == RelationshipStatus.Excluded, because);
        Assert.Equal("Only bulk mail (newsletters or mailing lists): two messages.", sender.ExcludedReason);
        Assert.Null(sender.LastContact);
    }

    [Fact]
    public void Evaluate_ColdInboundNeverAnswered_Excluded()
    {
        var s = new Scenario();
        s.Received(DaysAgo(30), "sales.rep@vendor.example", "Sam Seller");
        s.Received(DaysAgo(20), "sales.rep@vendor.example", "Sam Seller");
        s.Received(DaysAgo(10), "sales.rep@vendor.example", "Sam Seller");

        var cold = s.Person("sales.rep@vendor.example");

        Assert.Equal(RelationshipStatus.Excluded, cold.Status);
        Assert.Equal("Only ever wrote to you (three messages); you never replied or met.", cold.ExcludedReason);
    }

    [Fact]
    public void Evaluate_InboundThenAnswered_NotCold()
    {
        var s = new Scenario();
        s.Received(DaysAgo(30), "sam@vendor.example");
        s.Sent(DaysAgo(29), "sam@vendor.example");
        s.Received(DaysAgo(20), "sam@vendor.example");
        s.Sent(DaysAgo(19), "sam@vendor.example");

        Assert.NotEqual(RelationshipStatus.Excluded, s.Person("sam@vendor.example").Status);
    }

    [Theory]
    [InlineData("dana@fabrikam.com", RuleScope.Personal, "Blocked by you (rule 'dana@fabrikam.com').")]
    [InlineData("fabrikam.com", RuleScope.Admin, "Blocked by your administrator (rule 'fabrikam.com').")]
    [InlineData("@fabrikam.com", RuleScope.Admin, "Blocked by your administrator (rule '@fabrikam.com').")]
    [InlineData("*@*.fabrikam.com", RuleScope.Personal, null)]
    [InlineData("dana*@*", RuleScope.Personal, "Blocked by you (rule 'dana*@*').")]
    [InlineData("*.com", RuleScope.Admin, "Blocked by your administrator (rule '*.com').")]
    public void Evaluate_BlocklistRule_ExcludesMatchingPeopleOnly(string pattern, RuleScope scope, string? expected)
    {
        var s = new Scenario();
        s.State = new UserState { Rules = [new ExclusionRule(pattern, scope)] };
        s.Exchange("dana@fabrikam.com", DaysAgo(100), DaysAgo(10), 7);

        var dana = s.Person("dana@fabrikam.com");

        Assert.Equal(expected, dana.ExcludedReason);
    }

    [Fact]
    public void Evaluate_DomainRule_CoversSubdomains()
    {
        var s = new Scenario();
        s.State = new UserState { Rules = [new ExclusionRule("fabrikam.com", RuleScope.Admin)] };
        s.Exchange("dana@eu.fabrikam.com", DaysAgo(100), DaysAgo(10), 7);

        Assert.Equal(RelationshipStatus.Excluded, s.Person("dana@eu.fabrikam.com").Status);
    }

    [Fact]
    public void Evaluate_BlockedAlias_ExcludesTheWholePerson()
    {
        var s = new Scenario();
        s.Directory = s.Directory with { People = [new DirectoryPerson { PrimaryAddress = "lee@contoso.com", Addresses = ["smtp:lee.ceo@contoso.com"] }] };
        s.State = new UserState { Rules = [new ExclusionRule("lee.ceo@contoso.com", RuleScope.Admin)] };
        s.Exchange("lee@contoso.com", DaysAgo(100), DaysAgo(10), 7);
        s.Sent(DaysAgo(5), "lee.ceo@contoso.com");

        Assert.Equal(RelationshipStatus.Excluded, s.Person("lee@contoso.com").Status);
    }

    [Fact]
    public void Evaluate_EveryoneSeen_IsListed_EvenWhenExcluded()
    {
        var s = new Scenario();
        s.Received(DaysAgo(1), "noreply@github.com");
        s.Received(DaysAgo(1), "letter@news.example", bulk: BulkSignals.ListUnsubscribe);
        s.Received(DaysAgo(1), "cold@vendor.example");
        s.Exchange("dana@fabrikam.com", DaysAgo(100), DaysAgo(10), 7);

        var result = s.Evaluate();

        Assert.Equal(4, result.Relationships.Count);
        Assert.All(result.Relationships.Where(r => r.Status == RelationshipStatus.Excluded), r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.ExcludedReason));
            Assert.StartsWith("Excluded: ", r.Why[0], StringComparison.Ordinal);
        });
    }
}
