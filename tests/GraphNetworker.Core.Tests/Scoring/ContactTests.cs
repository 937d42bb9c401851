using GraphNetworker.Core.Model;
using GraphNetworker.Core.Scoring;
using static GraphNetworker.Core.Tests.Scenario;

namespace GraphNetworker.Core.Tests.Scoring;

public sealed class ContactTests
{
    private static double StrengthOf(Action<Scenario> build, string person = "dana@fabrikam.com")
    {
        var s = new Scenario();
        build(s);
        s.Sent(DaysAgo(400), person); // keeps single-item scenarios from being cold inbound; decays to almost nothing
        return s.Person(person).Strength;
    }

    [Fact]
    public void Weight_OutboundDirectMail_CountsMoreThanInbound()
    {
        var outbound = StrengthOf(s => s.Sent(DaysAgo(1), "dana@fabrikam.com"));
        var inbound = StrengthOf(s => s.Received(DaysAgo(1), "dana@fabrikam.com"));

        Assert.True(outbound > inbound, $"outbound {outbound} should beat inbound {inbound}");
    }

    [Fact]
    public void Weight_ToCountsMoreThanCc()
    {
        var s = new Scenario();
        s.SentCc(DaysAgo(1), "dana@fabrikam.com", "lee@fabrikam.com");

        var result = s.Evaluate();

        var dana = result.Relationships.Single(r => r.PersonKey == "dana@fabrikam.com");
        var lee = result.Relationships.Single(r => r.PersonKey == "lee@fabrikam.com");
        Assert.True(dana.Strength > lee.Strength);
    }

    [Fact]
    public void Weight_FallsWithTheNumberOfRecipients()
    {
        var alone = StrengthOf(s => s.Sent(DaysAgo(1), "dana@fabrikam.com"));
        var withFour = StrengthOf(s => s.Sent(DaysAgo(1), "dana@fabrikam.com", "a@x.com", "b@x.com", "c@x.com"));

        Assert.True(alone > withFour);
        Assert.True(withFour > 0);
    }

    [Fact]
    public void Evaluate_MailAboveMassThreshold_NeverRefreshesLastContact()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(298), DaysAgo(200), 7);
        var everyone = Enumerable.Range(1, 16).Select(i => $"colleague{i}@contoso.com").Append("dana@fabrikam.com").ToArray();
        s.Sent(DaysAgo(2), everyone);

        var dana = s.Person("dana@fabrikam.com");

        Assert.Equal(DaysAgo(200).AddHours(3), dana.LastContact!.At);
        Assert.Contains(dana.Why, w => w.Contains("one mass mail", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_MailAtMassThreshold_StillCounts()
    {
        var s = new Scenario();
        var fifteen = Enumerable.Range(1, 14).Select(i => $"colleague{i}@contoso.com").Append("dana@fabrikam.com").ToArray();
        s.Sent(DaysAgo(2), fifteen);

        Assert.Equal(DaysAgo(2), s.Person("dana@fabrikam.com").LastContact!.At);
    }

    [Fact]
    public void Evaluate_OneOnOneMeeting_WeighsMoreThanSmallMeeting_AndLargeMeetingNothing()
    {
        var oneOnOne = StrengthOf(s => s.Meeting(DaysAgo(1), "dana@fabrikam.com"));
        var small = StrengthOf(s => s.Meeting(DaysAgo(1), "dana@fabrikam.com", "a@x.com", "b@x.com", "c@x.com"));
        var large = StrengthOf(s => s.Meeting(DaysAgo(1), [.. Enumerable.Range(1, 20).Select(i => $"p{i}@x.com"), "dana@fabrikam.com"]));
        var none = StrengthOf(_ => { });

        Assert.True(oneOnOne > small);
        Assert.True(small > none);
        Assert.Equal(none, large);
    }

    [Fact]
    public void Evaluate_MeetingOnlyCountsIfHeld()
    {
        var s = new Scenario();
        s.MeetingWith(DaysAgo(5), ["cancelled@fabrikam.com"], cancelled: true);
        s.MeetingWith(DaysAgo(5), ["ownerdeclined@fabrikam.com"], owner: MeetingResponse.Declined);
        s.MeetingWith(DaysAgo(5), ["theydeclined@fabrikam.com"], theirs: MeetingResponse.Declined);
        s.MeetingWith(DaysAgo(5), ["held@fabrikam.com"]);

        var result = s.Evaluate().Relationships.ToDictionary(r => r.PersonKey);

        Assert.Null(result["cancelled@fabrikam.com"].LastContact);
        Assert.Null(result["ownerdeclined@fabrikam.com"].LastContact);
        Assert.Null(result["theydeclined@fabrikam.com"].LastContact);
        Assert.Equal(DaysAgo(5), result["held@fabrikam.com"].LastMeeting!.At);
        Assert.Equal("Only meetings that were cancelled or declined: one meeting.", result["cancelled@fabrikam.com"].ExcludedReason);
    }

    [Fact]
    public void Evaluate_FutureMeeting_IsAlreadyScheduled_NotContact()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(396), DaysAgo(200), 7);
        s.Meeting(Now.AddDays(3), "dana@fabrikam.com");

        var dana = s.Person("dana@fabrikam.com");

        Assert.Equal(Now.AddDays(3), dana.NextMeeting);
        Assert.Equal(DaysAgo(200).AddHours(3), dana.LastContact!.At);
        Assert.Equal(RelationshipStatus.Ok, dana.Status);
        Assert.Contains(dana.Why, w => w.StartsWith("Already scheduled", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(200)]
    public void Evaluate_CopyOfAMessageAnyDistanceLater_CountsOnce(int itemsBetween)
    {
        // The engine takes items in batches: a copy in the same batch as its message, at the edge of one or several
        // batches later is the same message.
        var s = new Scenario();
        var message = s.Received(DaysAgo(30), "dana@fabrikam.com", "Dana Smith");
        for (var i = 0; i < itemsBetween; i++)
        {
            s.Sent(DaysAgo(29), $"colleague{i}@fabrikam.com");
        }

        s.Items.Add(message with { ItemId = message.ItemId + "-copy" });
        s.Sent(DaysAgo(5), "dana@fabrikam.com");

        var dana = s.Person("dana@fabrikam.com");

        Assert.Equal(2, dana.CountedItems);
        Assert.Equal(message.ItemId, dana.LastInbound?.ItemId);
        Assert.Equal("Dana Smith", dana.DisplayName);
    }

    [Fact]
    public void Evaluate_NameWrittenMostOften_IsTheName()
    {
        // Spellings are counted by fingerprint: the spelling written most wins over the one written first.
        var s = new Scenario();
        for (var i = 0; i < 70; i++)
        {
            s.Received(DaysAgo(100 - i), "dana@fabrikam.com", i % 3 == 0 ? "Dana Smith-Jones" : "Dana Smith");
        }

        s.Sent(DaysAgo(2), "dana@fabrikam.com");

        Assert.Equal("Dana Smith", s.Person("dana@fabrikam.com").DisplayName);
    }

    [Fact]
    public void Evaluate_LastContact_PerChannelWithItemAndLink()
    {
        var s = new Scenario();
        var sent = s.Sent(DaysAgo(30), "dana@fabrikam.com");
        var received = s.Received(DaysAgo(20), "dana@fabrikam.com");
        var meeting = s.Meeting(DaysAgo(10), "dana@fabrikam.com");

        var dana = s.Person("dana@fabrikam.com");

        Assert.Equal(new ContactPoint(DaysAgo(10), ContactChannel.Meeting, meeting.ItemId, meeting.WebLink, null), dana.LastContact);
        Assert.Equal(new ContactPoint(DaysAgo(30), ContactChannel.EmailSent, sent.ItemId, sent.WebLink, null), dana.LastOutbound);
        Assert.Equal(new ContactPoint(DaysAgo(20), ContactChannel.EmailReceived, received.ItemId, received.WebLink, null), dana.LastInbound);
        Assert.Equal(dana.LastContact, dana.LastMeeting);
    }

    [Fact]
    public void Evaluate_OwnHoldWithoutAttendees_IsNotAMeeting()
    {
        var s = new Scenario();
        s.Items.Add(s.Meeting(DaysAgo(3), "dana@fabrikam.com") with { ItemId = "hold", IsOwnHold = true });
        s.Items.RemoveAt(0);

        Assert.Null(s.Evaluate().Relationships.Single().LastContact);
    }

    [Theory]
    [InlineData(InteractionKind.EmailSent, ParticipantRole.To, 1, 1.0)]
    [InlineData(InteractionKind.EmailSent, ParticipantRole.Cc, 1, 0.5)]
    [InlineData(InteractionKind.EmailSent, ParticipantRole.To, 4, 0.5)]
    [InlineData(InteractionKind.EmailReceived, ParticipantRole.From, 1, 0.6)]
    [InlineData(InteractionKind.Meeting, ParticipantRole.Attendee, 1, 2.0)]
    [InlineData(InteractionKind.Meeting, ParticipantRole.Attendee, 4, 1.0)]
    [InlineData(InteractionKind.EmailSent, ParticipantRole.To, 15, 0.258)]
    [InlineData(InteractionKind.EmailSent, ParticipantRole.To, 16, 0.0)]
    [InlineData(InteractionKind.Meeting, ParticipantRole.Attendee, 15, 0.516)]
    [InlineData(InteractionKind.Meeting, ParticipantRole.Attendee, 16, 0.0)]
    public void Weigh_DocumentedWeights(InteractionKind kind, ParticipantRole role, int others, double expected)
    {
        var weighting = new ContactWeighting(new EngineOptions());
        var item = new Interaction { ItemId = "x", Kind = kind, OccurredAt = DaysAgo(1), Participants = [] };

        var weight = weighting.Weigh(item, new Participant("dana@fabrikam.com", null, role), ParticipantRole.To, others, Now);

        Assert.Equal(expected, weight.Weight, 3);
    }

    [Theory]
    [InlineData("through a distribution list", null)]
    [InlineData("as Bcc", ParticipantRole.Bcc)]
    public void Evaluate_InboundNotAddressedToOwner_NeverSetsLastContact(string because, ParticipantRole? ownerRole)
    {
        var s = new Scenario();
        s.Sent(DaysAgo(60), "dana@fabrikam.com");
        s.Received(DaysAgo(59), "dana@fabrikam.com");
        List<Participant> participants = [new("dana@fabrikam.com", "Dana", ParticipantRole.From), new("all-staff@contoso.com", null, ParticipantRole.To)];
        if (ownerRole is { } role)
        {
            participants.Add(new(Owner, "Me", role));
        }

        s.Add(InteractionKind.EmailReceived, DaysAgo(2), [.. participants]);

        var dana = s.Person("dana@fabrikam.com");

        Assert.True(DaysAgo(59) == dana.LastInbound!.At, because);
        Assert.Contains(dana.Why, w => w.Contains("one message that reached you through a list or as Bcc", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_SenderOnlySeenThroughLists_ExcludedWithReason()
    {
        var s = new Scenario();
        for (var day = 3; day <= 30; day += 9)
        {
            s.Add(InteractionKind.EmailReceived, DaysAgo(day), [new("lee@contoso.com", "Lee", ParticipantRole.From), new("all-staff@contoso.com", null, ParticipantRole.To)]);
        }

        var lee = s.Person("lee@contoso.com");

        Assert.Equal(RelationshipStatus.Excluded, lee.Status);
        Assert.Equal("Only mail that reached you through a list or as Bcc: four messages, none addressed to you.", lee.ExcludedReason);
        Assert.Null(lee.LastContact);
    }

    [Fact]
    public void Evaluate_OwnerOnToByOneAddressAndCcByAnother_WeighsAsTo()
    {
        var onTo = new Scenario();
        onTo.Sent(DaysAgo(400), "dana@fabrikam.com");
        onTo.Received(DaysAgo(1), "dana@fabrikam.com");
        var both = new Scenario();
        both.Sent(DaysAgo(400), "dana@fabrikam.com");
        both.Add(InteractionKind.EmailReceived, DaysAgo(1),
        [
            new("dana@fabrikam.com", "Dana", ParticipantRole.From),
            new("me.alias@contoso.com", null, ParticipantRole.Cc),
            new("/o=Contoso/ou=Exchange/cn=Recipients/cn=ME", null, ParticipantRole.To),
        ]);

        Assert.Equal(onTo.Person("dana@fabrikam.com").Strength, both.Person("dana@fabrikam.com").Strength);
    }

    [Fact]
    public void Evaluate_OwnerOnlyOnCcThroughAnAlias_CountsAsCc()
    {
        var s = new Scenario();
        s.Sent(DaysAgo(400), "dana@fabrikam.com");
        s.Add(InteractionKind.EmailReceived, DaysAgo(1),
            [new("dana@fabrikam.com", "Dana", ParticipantRole.From), new("lee@contoso.com", null, ParticipantRole.To), new("SMTP:Me.Alias@contoso.com", null, ParticipantRole.Cc)]);

        Assert.Equal(DaysAgo(1), s.Person("dana@fabrikam.com").LastInbound!.At);
    }

    [Fact]
    public void Evaluate_PersonWrittenTwiceAsAliasAndX500_CountsOnceForTheMassThreshold()
    {
        var s = new Scenario();
        s.Directory = s.Directory with
        {
            People = [new DirectoryPerson { PrimaryAddress = "lee@contoso.com", Addresses = ["smtp:lee.w@contoso.com", "X500:/O=CONTOSO/OU=NA/CN=RECIPIENTS/CN=LEE"] }],
        };
        var fifteen = Enumerable.Range(1, 13).Select(i => $"colleague{i}@contoso.com").Append("dana@fabrikam.com").Append("lee@contoso.com").ToArray();
        s.Add(InteractionKind.EmailSent, DaysAgo(2),
        [
            new(Owner, "Me", ParticipantRole.From),
            .. fifteen.Select(a => new Participant(a, null, ParticipantRole.To)),
            new("lee.w@contoso.com", null, ParticipantRole.Cc),
            new("/O=CONTOSO/OU=NA/CN=RECIPIENTS/CN=Lee", null, ParticipantRole.Cc),
        ]);
        var listedOnce = new Scenario();
        listedOnce.Sent(DaysAgo(2), fifteen);

        var dana = s.Person("dana@fabrikam.com");

        Assert.Equal(DaysAgo(2), dana.LastContact!.At);
        Assert.Equal(listedOnce.Person("dana@fabrikam.com").Strength, dana.Strength);
        Assert.Equal(listedOnce.Person("lee@contoso.com").Strength, s.Person("lee@contoso.com").Strength);
    }

    [Fact]
    public void Evaluate_RecipientsBeyondThoseKept_StillCountTowardsTheMassThreshold()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(298), DaysAgo(200), 7);
        s.Add(InteractionKind.EmailReceived, DaysAgo(2), [new("dana@fabrikam.com", "Dana", ParticipantRole.From), new(Owner, "Me", ParticipantRole.To)], participantCount: 40);

        Assert.Equal(DaysAgo(200).AddHours(3), s.Person("dana@fabrikam.com").LastInbound!.At);
    }

    [Fact]
    public void Evaluate_MailToACrowdWithSomeListedTwice_EachPersonDilutesItOnce()
    {
        // Forty people and a raised mass threshold: more people on one item than the engine counts in a short list.
        static double DanaWith(int others, bool listTwice)
        {
            var s = new Scenario();
            s.Options.MassThreshold = 100;
            string[] crowd = ["dana@fabrikam.com", .. Enumerable.Range(1, others - 1).Select(i => $"person{i}@fabrikam.com")];
            string[] twice = listTwice ? ["DANA@fabrikam.com", "SMTP:person39@fabrikam.com", "person1+news@fabrikam.com"] : [];
            s.Sent(DaysAgo(1), [.. crowd, .. twice]);
            return s.Person("dana@fabrikam.com").Strength;
        }

        Assert.Equal(DanaWith(40, listTwice: false), DanaWith(40, listTwice: true));
        Assert.True(DanaWith(40, listTwice: true) > DanaWith(80, listTwice: false));
    }
}
