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
        { "List-Unsubscribe", BulkSignals.ListUnsubscribe },
        { "List-Unsubscribe, and Graph classified it as Other", BulkSignals.ListUnsubscribe | BulkSignals.ClassifiedOther },
        { "List-Id", BulkSignals.ListId },
        { "Precedence: bulk or list", BulkSignals.PrecedenceBulk },
        { "Auto-Submitted: auto-generated", BulkSignals.AutoSubmitted },
    };

    [Theory]
    [MemberData(nameof(BulkMail))]
    public void Evaluate_BulkSignal_NeverCountsAsContact(string because, BulkSignals bulk)
    {
        var s = new Scenario();
        s.Received(DaysAgo(3), "dana@news.fabrikam.com", bulk: bulk);
        s.Received(DaysAgo(10), "dana@news.fabrikam.com", bulk: bulk);

        var sender = s.Person("dana@news.fabrikam.com");

        Assert.True(sender.Status == RelationshipStatus.Excluded, because);
        Assert.Equal("Only bulk mail (newsletters or mailing lists): two messages.", sender.ExcludedReason);
        Assert.Null(sender.LastContact);
    }

    [Fact]
    public void Evaluate_ColleagueWhoseMailLandsInFocusedOther_IsTwoWayContactNotBulk()
    {
        var s = new Scenario();
        s.Received(DaysAgo(40), "dana@fabrikam.com", "Dana Smith", bulk: BulkSignals.ClassifiedOther);
        s.Sent(DaysAgo(39), "dana@fabrikam.com");
        s.Received(DaysAgo(5), "dana@fabrikam.com", "Dana Smith", bulk: BulkSignals.ClassifiedOther);

        var dana = s.Person("dana@fabrikam.com");

        Assert.NotEqual(RelationshipStatus.Excluded, dana.Status);
        Assert.Equal(DaysAgo(5), dana.LastInbound!.At);
        Assert.Equal(3, dana.CountedItems);
    }

    [Fact]
    public void Evaluate_SenderOnlyInFocusedOtherNeverAnswered_IsColdInboundNotBulk()
    {
        var s = new Scenario();
        s.Received(DaysAgo(20), "sam@vendor.example", "Sam Seller", bulk: BulkSignals.ClassifiedOther);
        s.Received(DaysAgo(10), "sam@vendor.example", "Sam Seller", bulk: BulkSignals.ClassifiedOther);

        var sam = s.Person("sam@vendor.example");

        Assert.Equal(RelationshipStatus.Excluded, sam.Status);
        Assert.Equal("Only ever wrote to you (two messages); you never replied or met.", sam.ExcludedReason);
    }

    [Fact]
    public void Evaluate_SenderNobodyInTheTenantEverAnswered_ExcludedAsASystemWithItsReason()
    {
        var s = new Scenario();
        s.Directory = s.Directory with { UnansweredSenders = [new UnansweredSender("Jordan.Lee@vendor.example", 5)] };
        s.Received(DaysAgo(30), "jordan.lee@vendor.example", "Jordan Lee");
        s.Received(DaysAgo(20), "jordan.lee@vendor.example", "Jordan Lee");

        var sender = s.Person("jordan.lee@vendor.example");

        Assert.Equal(RelationshipStatus.Excluded, sender.Status);
        Assert.Equal("Writes to five mailboxes in your organisation, and nobody has ever answered or met it: a system or a mass sender, not a person.", sender.ExcludedReason);
    }

    [Fact]
    public void Evaluate_SenderNobodyElseAnsweredButThisOwnerDid_IsTracked()
    {
        var s = new Scenario();
        s.Directory = s.Directory with { UnansweredSenders = [new UnansweredSender("jordan.lee@vendor.example", 5)] };
        s.Received(DaysAgo(30), "jordan.lee@vendor.example", "Jordan Lee");
        s.Sent(DaysAgo(29), "jordan.lee@vendor.example");

        Assert.NotEqual(RelationshipStatus.Excluded, s.Person("jordan.lee@vendor.example").Status);
    }

    [Fact]
    public void Evaluate_DirectoryPersonNobodyAnswered_IsNeverJudgedByIt()
    {
        var s = new Scenario();
        s.Directory = s.Directory with
        {
            People = [new DirectoryPerson { PrimaryAddress = "ceo@contoso.com", DisplayName = "Casey Chief" }],
            UnansweredSenders = [new UnansweredSender("ceo@contoso.com", 40)],
        };
        s.Received(DaysAgo(30), "ceo@contoso.com");
        s.Received(DaysAgo(20), "ceo@contoso.com");

        Assert.DoesNotContain("nobody has ever answered", s.Person("ceo@contoso.com").ExcludedReason ?? string.Empty, StringComparison.Ordinal);
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

    [Theory]
    [InlineData("gas_daily@platts.example", "A system or department address ('daily' in gas_daily@platts.example), not a person.")]
    [InlineData("transportation.parking@contoso.com", "A system or department address ('parking' in transportation.parking@contoso.com), not a person.")]
    [InlineData("arsystem@mailman.contoso.com", "A no-reply or role address ('system'), not a person.")]
    [InlineData("it.helpdesk@contoso.com", "A no-reply or role address ('helpdesk'), not a person.")]
    [InlineData("8005550142@pager.example", "A number-only address ('8005550142'): a system or a phone gateway, not a person.")]
    [InlineData("713-555-0100@fax.example", "A number-only address ('713-555-0100'): a system or a phone gateway, not a person.")]
    [InlineData("traveldeals_033509@travel.example", "A machine-generated address ('traveldeals_033509'), not a person.")]
    [InlineData("2.4411.17-kq7tz28_ab.1@music.example", "A machine-generated address ('2.4411.17-kq7tz28_ab.1'), not a person.")]
    public void Evaluate_SystemLookingAddressEvenWhenAnswered_ExcludedWithReason(string address, string reason)
    {
        var s = new Scenario();
        s.Received(DaysAgo(40), address);
        s.Sent(DaysAgo(39), address);
        s.Received(DaysAgo(20), address);

        var sender = s.Person(address);

        Assert.Equal(RelationshipStatus.Excluded, sender.Status);
        Assert.Equal(reason, sender.ExcludedReason);
    }

    [Theory]
    [InlineData("dsmith12@isp.example")]
    [InlineData("leeparker00@mail.example")]
    [InlineData("dana703@home.example")]
    [InlineData("dsmith48213@isp.example")]
    [InlineData("a123456@insurer.example")]
    [InlineData("christine112@isp.example")]
    [InlineData("steve.jobs@apple.example")]
    [InlineData("kayla.sales@fabrikam.com")]
    public void Evaluate_PersonalAddressWithDigitsOrAnAmbiguousWord_WrittenTo_IsTracked(string address)
    {
        var s = new Scenario();
        s.Exchange(address, DaysAgo(200), DaysAgo(100), 14);

        Assert.NotEqual(RelationshipStatus.Excluded, s.Person(address).Status);
    }

    [Fact]
    public void Evaluate_AmbiguousSystemWord_ExcludedOnlyWhenNeverWrittenTo()
    {
        var s = new Scenario();
        s.Received(DaysAgo(40), "hr.london@fabrikam.com");
        s.SentCc(DaysAgo(39), "lee@fabrikam.com", "hr.london@fabrikam.com");
        s.Received(DaysAgo(40), "steve.jobs@apple.example", "Steve Jobs");
        s.Sent(DaysAgo(39), "steve.jobs@apple.example");

        var hr = s.Person("hr.london@fabrikam.com");

        Assert.Equal(RelationshipStatus.Excluded, hr.Status);
        Assert.Equal("Reads like a system or a department ('hr' in hr.london@fabrikam.com), and you never wrote to it: not a person.", hr.ExcludedReason);
        Assert.NotEqual(RelationshipStatus.Excluded, s.Person("steve.jobs@apple.example").Status);
    }

    [Fact]
    public void Evaluate_NamedLikeASystemAndOnlyCopied_ExcludedWithReason()
    {
        var s = new Scenario();
        s.Received(DaysAgo(40), "hrcoe@contoso.com", "Benefits Hotline");
        s.SentCc(DaysAgo(39), "lee@fabrikam.com", "hrcoe@contoso.com");

        var hotline = s.Person("hrcoe@contoso.com");

        Assert.Equal("Named like a system or a department ('benefits' in \"Benefits Hotline\"), and you never wrote to it: not a person.", hotline.ExcludedReason);
    }

    [Fact]
    public void Evaluate_OwnersPersonalAddressOutsideTheDirectory_ExcludedAsTheOwnersOwn()
    {
        var s = new Scenario();
        s.Directory = s.Directory with { Owner = s.Directory.Owner with { DisplayName = "Dana Smith" } };
        s.Exchange("dsmith@home.example", DaysAgo(100), DaysAgo(20), 7, "Smith, Dana");

        var self = s.Person("dsmith@home.example");

        Assert.Equal(RelationshipStatus.Excluded, self.Status);
        Assert.Equal("Your own address elsewhere: it carries your name (Dana Smith).", self.ExcludedReason);
    }

    [Fact]
    public void Evaluate_NoListHeadersAtAll_ListAndRobotMailStillExcluded()
    {
        // Graph may refuse internetMessageHeaders: without them, addresses, recipients and behaviour still tell.
        var s = new Scenario();
        for (var day = 5; day < 60; day += 7)
        {
            s.Add(InteractionKind.EmailReceived, DaysAgo(day), [new("company.announcements@contoso.com", "Announcements", ParticipantRole.From), new("all.worldwide@contoso.com", null, ParticipantRole.To)]);
            s.Received(DaysAgo(day + 1), "newsalert@research.example", "NewsAlert");
            s.Add(InteractionKind.EmailReceived, DaysAgo(day + 2),
                [new("dana@fabrikam.com", "Dana", ParticipantRole.From), new(Owner, "Me", ParticipantRole.To), .. Enumerable.Range(1, 20).Select(i => new Participant($"p{i}@fabrikam.com", null, ParticipantRole.To))]);
        }

        var result = s.Evaluate();

        Assert.All(result.Relationships, r => Assert.Equal(RelationshipStatus.Excluded, r.Status));
        Assert.Empty(result.NewSuggestions);
    }
}
