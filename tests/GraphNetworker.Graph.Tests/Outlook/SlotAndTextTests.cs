using GraphNetworker.Graph.Outlook;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Graph.Tests.Outlook;

public sealed class SlotAndTextTests
{
    private static readonly TimeZoneInfo Pacific = TimeZoneInfo.FindSystemTimeZoneById("Pacific Standard Time");

    // Sunday 22 November 2026, noon UTC.
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static (DateTimeOffset Start, DateTimeOffset End)? Find(params BusySpan[] busy) =>
        SlotFinder.Find(Now, WorkingHours.Default(Pacific), busy, TimeSpan.FromMinutes(30), 10, TimeSpan.FromHours(1));

    private static DateTime Local(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Pacific).DateTime;

    [Fact]
    public void SlotFinder_EmptyCalendar_MidMorningTomorrowInTheUsersTimeZone()
    {
        var slot = Find()!.Value;

        Assert.Equal(new DateTime(2026, 11, 23, 10, 30, 0), Local(slot.Start));
        Assert.Equal(TimeSpan.FromMinutes(30), slot.End - slot.Start);
    }

    [Fact]
    public void SlotFinder_NeverOverBusyTime_AndKeepsABreatherAroundMeetings()
    {
        var monday = new DateTimeOffset(2026, 11, 23, 0, 0, 0, Pacific.GetUtcOffset(new DateTime(2026, 11, 23)));
        var slot = Find(
            new BusySpan(monday.AddHours(10), monday.AddHours(10.5)),
            new BusySpan(monday.AddHours(11), monday.AddHours(12)))!.Value;

        var start = Local(slot.Start);
        Assert.Equal(new DateTime(2026, 11, 23), start.Date);
        Assert.True(start.TimeOfDay >= TimeSpan.FromHours(12.25) || start.TimeOfDay + TimeSpan.FromMinutes(45) <= TimeSpan.FromHours(10), $"{start}");
    }

    [Fact]
    public void SlotFinder_WeekendsAndDayEdgesSkipped_AndAFullWeekMovesOn()
    {
        var monday = new DateTimeOffset(2026, 11, 23, 0, 0, 0, Pacific.GetUtcOffset(new DateTime(2026, 11, 23)));
        var wholeWeekBusy = new BusySpan(monday, monday.AddDays(5));

        var start = Local(Find(wholeWeekBusy)!.Value.Start);

        Assert.Equal(DayOfWeek.Monday, start.DayOfWeek);
        Assert.Equal(new DateTime(2026, 11, 30), start.Date);
        Assert.InRange(start.TimeOfDay, TimeSpan.FromHours(10), TimeSpan.FromHours(15.5));
    }

    [Fact]
    public void SlotFinder_NoFreeTimeInTheWindow_Null()
    {
        var busy = new BusySpan(Now, Now.AddDays(30));

        Assert.Null(Find(busy));
    }

    [Fact]
    public void TaskBody_SaysWhyHowAndHowToAnswer_WithoutSubjectsByDefault()
    {
        var suggestion = new Suggestion
        {
            Id = "gn-1", PersonKey = "dana@fabrikam.com", DisplayName = "Dana Smith", Kind = SuggestionKind.Task, Reason = "Dana moved to Fabrikam in May.",
            Channel = "email", ChannelAdvice = "Write to Dana's new address, dana@fabrikam.com.", DueAt = Now.AddDays(3), CreatedAt = Now,
        };
        var relationship = new RelationshipAssessment
        {
            PersonKey = "dana@fabrikam.com", DisplayName = "Dana Smith", Addresses = [],
            LastContact = new ContactPoint(Now.AddDays(-150), ContactChannel.EmailReceived, null, null, null), Strength = 24, PeakStrength = 67, Tier = Tier.Inner,
            Cadence = new Cadence(TimeSpan.FromDays(60), TimeSpan.FromDays(90)),
        };

        var body = SuggestionText.TaskBody(suggestion, relationship, Now);

        Assert.StartsWith("Dana moved to Fabrikam in May.", body, StringComparison.Ordinal);
        Assert.Contains("Write to Dana's new address", body, StringComparison.Ordinal);
        Assert.Contains("Last contact: an email they sent you on 25 June 2026 (five months ago).", body, StringComparison.Ordinal);
        Assert.Contains("Relationship: inner circle (about six touches a year); strength 24/100 today, 67 at its peak.", body, StringComparison.Ordinal);
        Assert.Contains("Delete it and Dana is snoozed for 60 days.", body, StringComparison.Ordinal);
        Assert.Equal("Reconnect with Dana Smith", SuggestionText.TaskTitle(suggestion));
    }

    [Fact]
    public void TaskBody_Footer_SaysTeamsChatsAndCallsCountWhenTeamsIsOn()
    {
        var suggestion = new Suggestion
        {
            Id = "gn-2", PersonKey = "dana@fabrikam.com", DisplayName = "Dana Smith", Kind = SuggestionKind.Task, Reason = "It has been a while.",
            Channel = "teams", ChannelAdvice = "You usually chat on Teams: send a message.", DueAt = Now.AddDays(3), CreatedAt = Now,
        };

        var footer = SuggestionText.TaskBody(suggestion, null, Now).Split('\n')[^1];

        Assert.Contains("Teams chats and calls when Teams is turned on", footer, StringComparison.Ordinal);
        Assert.Contains("never reads message bodies or chat messages", footer, StringComparison.Ordinal);
        Assert.EndsWith(SuggestionText.Footer, SuggestionText.HoldBody(suggestion, null, Now), StringComparison.Ordinal);
    }
}
