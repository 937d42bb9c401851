using GraphNetworker.Core.Model;
using GraphNetworker.Core.Planning;
using static GraphNetworker.Core.Tests.Scenario;

namespace GraphNetworker.Core.Tests.Scoring;

/// <summary>Teams chats and calls as contact: one touch a day per chat at its last message, calls as held meetings.</summary>
public sealed class TeamsContactTests
{
    private const string Dana = "dana@contoso.com";

    [Fact]
    public void Evaluate_WeeklyChatWithAColleagueYouOnceMailed_IsOkWithATeamsLastContact()
    {
        var s = new Scenario();
        s.Exchange(Dana, DaysAgo(330), DaysAgo(160), 10);
        for (var days = 59; days >= 3; days -= 7)
        {
            s.Chat(DaysAgo(days), sentByOwner: days % 2 == 0, Dana);
        }

        var result = s.Evaluate();
        var dana = result.Relationships.Single(r => r.PersonKey == Dana);

        Assert.Equal(RelationshipStatus.Ok, dana.Status);
        Assert.Equal(DaysAgo(3), dana.LastContact!.At);
        Assert.Contains(dana.LastContact.Channel, new[] { ContactChannel.TeamsChatSent, ContactChannel.TeamsChatReceived });
        Assert.DoesNotContain(result.NewSuggestions, p => p.PersonKey == Dana);
        Assert.Contains(dana.Why, w => w.StartsWith("Last contact: a Teams chat on", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_SameColleagueWithoutTheChats_IsSuggested()
    {
        var s = new Scenario();
        s.Exchange(Dana, DaysAgo(330), DaysAgo(160), 10);

        var result = s.Evaluate();

        Assert.Contains(result.NewSuggestions, p => p.PersonKey == Dana);
    }

    [Fact]
    public void Weight_OneOnOneChat_CountsAsAnEmailExchange()
    {
        var chat = new Scenario();
        chat.Chat(DaysAgo(1), sentByOwner: true, Dana);
        var mail = new Scenario();
        mail.Sent(DaysAgo(1), Dana);
        mail.Received(DaysAgo(1), Dana);

        Assert.Equal(mail.Person(Dana).Strength, chat.Person(Dana).Strength, 1);
    }

    [Fact]
    public void Weight_GroupChat_WeighsLessWithSize_AndALargeOneIsMass()
    {
        var s = new Scenario();
        s.Chat(DaysAgo(1), sentByOwner: true, Dana);
        s.Chat(DaysAgo(1), sentByOwner: true, "lee@contoso.com", "a@contoso.com", "b@contoso.com", "c@contoso.com");
        var crowd = Enumerable.Range(1, 20).Select(i => $"member{i}@contoso.com").Append("sam@contoso.com").ToArray();
        s.Chat(DaysAgo(1), sentByOwner: false, crowd);
        s.Sent(DaysAgo(300), "sam@contoso.com");

        var result = s.Evaluate();

        var dana = result.Relationships.Single(r => r.PersonKey == Dana);
        var lee = result.Relationships.Single(r => r.PersonKey == "lee@contoso.com");
        var sam = result.Relationships.Single(r => r.PersonKey == "sam@contoso.com");
        Assert.True(dana.Strength > lee.Strength && lee.Strength > 0, $"1:1 {dana.Strength}, group of five {lee.Strength}");
        Assert.Equal(DaysAgo(300), sam.LastContact!.At);
    }

    [Fact]
    public void Direction_ChatWhoseLastMessageIsTheirs_IsTheLastInboundContact()
    {
        var s = new Scenario();
        s.Exchange(Dana, DaysAgo(100), DaysAgo(40), 10);
        s.Chat(DaysAgo(2), sentByOwner: false, Dana);

        var dana = s.Person(Dana);

        Assert.Equal(DaysAgo(2), dana.LastInbound!.At);
        Assert.Equal(ContactChannel.TeamsChatReceived, dana.LastInbound.Channel);
        Assert.NotEqual(DaysAgo(2), dana.LastOutbound!.At);
    }

    [Fact]
    public void Evaluate_ChatOnlyColleague_IsTrackedNotColdInbound()
    {
        var s = new Scenario();
        for (var days = 80; days >= 10; days -= 7)
        {
            s.Chat(DaysAgo(days), sentByOwner: false, Dana);
        }

        var dana = s.Person(Dana);

        Assert.NotEqual(RelationshipStatus.Excluded, dana.Status);
        Assert.Contains(dana.Why, w => w.Contains("eleven Teams chat touches", StringComparison.Ordinal));
    }

    [Fact]
    public void Call_PeerToPeer_CountsAsAHeldOneOnOneMeeting()
    {
        var call = new Scenario();
        call.Call(DaysAgo(1), Dana);
        var meeting = new Scenario();
        meeting.Meeting(DaysAgo(1), Dana);

        var dana = call.Person(Dana);

        Assert.Equal(meeting.Person(Dana).Strength, dana.Strength, 1);
        Assert.Equal(ContactChannel.TeamsCall, dana.LastMeeting!.Channel);
        Assert.Contains(dana.Why, w => w.Contains("Teams call", StringComparison.Ordinal));
    }

    [Fact]
    public void Identity_TeamsUserId_ResolvesToTheDirectoryPersonAndTheirMail()
    {
        var s = new Scenario();
        s.Directory = s.Directory with
        {
            People = [new DirectoryPerson { PrimaryAddress = Dana, UserId = "0D7C4A3E-1111-4A1B-9C2D-123456789ABC", DisplayName = "Dana Smith" }],
        };
        s.Exchange(Dana, DaysAgo(200), DaysAgo(150), 10);
        s.Chat(DaysAgo(2), sentByOwner: true, "teams:0d7c4a3e-1111-4a1b-9c2d-123456789abc");

        var result = s.Evaluate();

        var dana = Assert.Single(result.Relationships);
        Assert.Equal(Dana, dana.PersonKey);
        Assert.Equal(DaysAgo(2), dana.LastContact!.At);
    }

    [Fact]
    public void Identity_ExternalTeamsUserWithoutEmail_StaysAClearlyLabelledIdentity()
    {
        var s = new Scenario();
        for (var days = 50; days >= 2; days -= 7)
        {
            s.Chat(DaysAgo(days), sentByOwner: true, "teams:9f1e2d3c-0000-4000-8000-00000000abcd");
        }

        var person = s.Person("teams:9f1e2d3c-0000-4000-8000-00000000abcd");

        Assert.Contains(person.Why, w => w.StartsWith("Known only as a Teams user", StringComparison.Ordinal));
        Assert.Equal("Guest Person", person.DisplayName);
    }

    [Theory]
    [InlineData("teams:3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("teams:00000000-0000-4000-8000-000000000123")]
    [InlineData("teams:9f1e2d3c0000400080000000000abcd1")]
    public void Noise_ChatOnlyColleagueKnownOnlyByTeamsId_IsTrackedNotMachineGenerated(string teamsId)
    {
        var s = new Scenario();
        for (var days = 80; days >= 10; days -= 7)
        {
            s.Chat(DaysAgo(days), sentByOwner: days % 2 == 0, teamsId);
        }

        var person = s.Person(teamsId);

        Assert.NotEqual(RelationshipStatus.Excluded, person.Status);
        Assert.Null(person.ExcludedReason);
        Assert.Equal("Guest Person", person.DisplayName);
    }

    [Fact]
    public void Reason_TeamsOnlyColleagueWithoutAName_IsCalledThemNeverByTheirId()
    {
        const string Guest = "teams:3f2504e0-4f89-11d3-9a0c-0305e82c3301";
        var s = new Scenario();
        for (var days = 400; days >= 120; days -= 4)
        {
            s.ChatUnnamed(DaysAgo(days), sentByOwner: days % 8 == 0, Guest);
        }

        var result = s.Evaluate();
        var person = result.Relationships.Single(r => r.PersonKey == Guest);
        var plan = Assert.Single(result.NewSuggestions, p => p.PersonKey == Guest);

        Assert.NotEqual(RelationshipStatus.Excluded, person.Status);
        Assert.Equal("Teams user 3f2504e0", plan.DisplayName);
        Assert.DoesNotContain("teams:", plan.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("teams:", plan.ChannelAdvice, StringComparison.Ordinal);
        Assert.DoesNotContain(person.Why, w => w.Contains("3f2504e0", StringComparison.Ordinal));
    }

    [Fact]
    public void Reason_SomeoneYouMostlyChattedWith_IsToldToSendATeamsMessage()
    {
        var s = new Scenario();
        for (var days = 400; days >= 120; days -= 4)
        {
            s.Chat(DaysAgo(days), sentByOwner: days % 8 == 0, Dana);
        }

        var plan = Assert.Single(s.Evaluate().NewSuggestions, p => p.PersonKey == Dana);

        Assert.Equal(ReasonWriter.Teams, plan.Channel);
        Assert.Equal("You usually chat on Teams: send a message.", plan.ChannelAdvice);
        Assert.Equal(SuggestionKind.Task, plan.Kind);
    }
}

/// <summary>Teams items for <see cref="Scenario"/>: members as the mapper writes them (the owner among them).</summary>
internal static class TeamsScenario
{
    private static int _next;

    public static Interaction Chat(this Scenario s, DateTimeOffset lastMessageAt, bool sentByOwner, params string[] members)
    {
        var participants = new List<Participant> { new(Owner, "Me", sentByOwner ? ParticipantRole.From : ParticipantRole.Attendee) };
        participants.AddRange(members.Select((m, i) => new Participant(
            m, m.StartsWith("teams:", StringComparison.Ordinal) ? "Guest Person" : null, !sentByOwner && i == 0 ? ParticipantRole.From : ParticipantRole.Attendee)));
        return Teams(s, sentByOwner ? InteractionKind.TeamsChatSent : InteractionKind.TeamsChatReceived, lastMessageAt, participants);
    }

    /// <summary>A one-on-one chat whose member Graph gave no name for.</summary>
    public static Interaction ChatUnnamed(this Scenario s, DateTimeOffset lastMessageAt, bool sentByOwner, string member) =>
        Teams(s, sentByOwner ? InteractionKind.TeamsChatSent : InteractionKind.TeamsChatReceived, lastMessageAt,
            [new(Owner, "Me", sentByOwner ? ParticipantRole.From : ParticipantRole.Attendee), new(member, null, sentByOwner ? ParticipantRole.Attendee : ParticipantRole.From)]);

    public static Interaction Call(this Scenario s, DateTimeOffset at, params string[] participants) =>
        Teams(s, InteractionKind.TeamsCall, at, [new(Owner, "Me", ParticipantRole.Organizer), .. participants.Select(p => new Participant(p, null, ParticipantRole.Attendee))]);

    private static Interaction Teams(Scenario s, InteractionKind kind, DateTimeOffset at, List<Participant> participants)
    {
        var item = new Interaction
        {
            ItemId = $"teams:{Interlocked.Increment(ref _next):D6}",
            Kind = kind,
            OccurredAt = at,
            Participants = participants,
            ParticipantCount = participants.Count,
        };
        s.Items.Add(item);
        return item;
    }
}
