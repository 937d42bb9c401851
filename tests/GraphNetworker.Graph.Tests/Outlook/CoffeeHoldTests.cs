using System.Text.Json.Nodes;
using GraphNetworker.Core.Model;
using GraphNetworker.Graph.Outlook;
using GraphNetworker.Graph.Tests.Infrastructure;

namespace GraphNetworker.Graph.Tests.Outlook;

/// <summary>Coffee holds land in the user's own free time, wherever they are and whatever the clocks do.</summary>
public sealed class CoffeeHoldTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Hawaiian Standard Time")]
    [InlineData("Pacific Standard Time")]
    [InlineData("UTC")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("Tokyo Standard Time")]
    [InlineData("Tonga Standard Time")]
    public async Task Hold_PlannedLateInTheUsersDay_NeverLandsOnTheNextDaysMeetings(string zoneId)
    {
        // Tuesday 24 November 2026, 17:00 where the user is; a meeting on Wednesday from 10:00 to 12:00, the time of day
        // holds like best.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var evening = Zones.LocalToUtc(new DateTime(2026, 11, 24, 17, 0, 0), zone);
        var meeting = new DateTime(2026, 11, 25, 10, 0, 0);
        var hold = TimeZoneInfo.ConvertTime(await PlaceHoldAsync(zone, evening, meeting), zone).DateTime;

        Assert.True(hold + TimeSpan.FromMinutes(30) <= meeting || hold >= meeting.AddHours(2), $"the hold at {hold} overlaps the meeting at {meeting}");
        Assert.Equal(new DateTime(2026, 11, 25), hold.Date);
    }

    [Fact]
    public async Task Hold_AcrossTheEndOfSummerTime_StaysInsideTheWorkingDay()
    {
        // Friday 30 October 2026, 17:00 in Seattle (summer time); summer time ends on Sunday; a meeting on Monday 10:00-12:00.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Pacific Standard Time");
        var meeting = new DateTime(2026, 11, 2, 10, 0, 0);
        var hold = TimeZoneInfo.ConvertTime(await PlaceHoldAsync(zone, Zones.LocalToUtc(new DateTime(2026, 10, 30, 17, 0, 0), zone), meeting), zone).DateTime;

        Assert.Equal(new DateTime(2026, 11, 2), hold.Date);
        Assert.True(hold >= meeting.AddHours(2.25), $"the hold at {hold} overlaps the meeting at {meeting} or leaves no breather");
        Assert.True(hold.TimeOfDay + TimeSpan.FromMinutes(30) <= TimeSpan.FromHours(16), $"the hold at {hold} is too close to the end of the day");
    }

    private static async Task<DateTimeOffset> PlaceHoldAsync(TimeZoneInfo zone, DateTimeOffset now, DateTime meeting)
    {
        await using var graph = await GraphFixture.StartAsync(now: now);
        var mailbox = graph.Mailbox() with { TimeZone = zone.Id };
        graph.Emulator.Control.UpdateUser(mailbox.UserPrincipalName, new JsonObject
        {
            ["mailboxSettings"] = new JsonObject
            {
                ["timeZone"] = zone.Id,
                ["workingHours"] = new JsonObject
                {
                    ["daysOfWeek"] = new JsonArray("monday", "tuesday", "wednesday", "thursday", "friday"),
                    ["startTime"] = "09:00:00.0000000",
                    ["endTime"] = "17:00:00.0000000",
                    ["timeZone"] = new JsonObject { ["name"] = zone.Id },
                },
            },
        });
        graph.Emulator.Control.AddEvent(mailbox.UserPrincipalName, new JsonObject
        {
            ["subject"] = "Workshop",
            ["showAs"] = "busy",
            ["start"] = new JsonObject { ["dateTime"] = Zones.LocalToUtc(meeting, zone).UtcDateTime.ToString("s"), ["timeZone"] = "UTC" },
            ["end"] = new JsonObject { ["dateTime"] = Zones.LocalToUtc(meeting.AddHours(2), zone).UtcDateTime.ToString("s"), ["timeZone"] = "UTC" },
        });
        var suggestion = Suggestion.FromPlan(mailbox.Id, new SuggestionPlan("dana@fabrikam.com", "Dana Smith", SuggestionKind.Hold, "You used to meet weekly.", "coffee", "Invite Dana.", now.AddDays(3), 100), now);
        graph.Ledger.Add(suggestion);

        var written = await graph.Get<OutlookWriter>().Begin(mailbox, new HeldLease(mailbox.Id)).WritePendingAsync(Ct);

        Assert.Equal(1, written.Holds);
        return graph.Ledger.Suggestions[suggestion.Id].HoldStart!.Value;
    }
}
