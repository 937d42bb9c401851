using GraphNetworker.GraphEmulator.Tests.Infrastructure;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.Calendar.GetSchedule;
using Microsoft.Graph.Users.Item.FindMeetingTimes;

namespace GraphNetworker.GraphEmulator.Tests.Calendar;

public sealed class ScheduleAndSettingsTests
{
    [Fact]
    public async Task GetSchedule_BusyMeeting_ShowsInAvailabilityViewAndItems()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        emulator.Control.AddEvent(TestTenants.Lee, CalendarFixtures.Single("Busy", new DateTimeOffset(2026, 3, 10, 10, 0, 0, TimeSpan.Zero), 60));

        var result = await emulator.Graph().Users[TestTenants.Dana].Calendar.GetSchedule.PostAsGetSchedulePostResponseAsync(new GetSchedulePostRequestBody
        {
            Schedules = [TestTenants.Lee, "stranger@nowhere.example"],
            StartTime = new DateTimeTimeZone { DateTime = "2026-03-10T09:00:00", TimeZone = "UTC" },
            EndTime = new DateTimeTimeZone { DateTime = "2026-03-10T12:00:00", TimeZone = "UTC" },
            AvailabilityViewInterval = 60,
        }, cancellationToken: TestContext.Current.CancellationToken);

        var lee = result!.Value![0];
        Assert.Equal("020", lee.AvailabilityView);
        Assert.Equal(FreeBusyStatus.Busy, Assert.Single(lee.ScheduleItems!).Status);
        Assert.Equal(new TimeSpan(17, 0, 0), lee.WorkingHours!.EndTime!.Value.DateTime.TimeOfDay);
        Assert.NotNull(result.Value[1].Error);
    }

    [Fact]
    public async Task GetSchedule_WindowOver62Days_Is400ErrorTimeIntervalTooBig()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var error = await Assert.ThrowsAsync<ODataError>(() => emulator.Graph().Users[TestTenants.Dana].Calendar.GetSchedule.PostAsGetSchedulePostResponseAsync(new GetSchedulePostRequestBody
        {
            Schedules = [TestTenants.Lee],
            StartTime = new DateTimeTimeZone { DateTime = "2026-01-01T00:00:00", TimeZone = "UTC" },
            EndTime = new DateTimeTimeZone { DateTime = "2026-04-01T00:00:00", TimeZone = "UTC" },
        }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("ErrorTimeIntervalTooBig", error.Error!.Code);
    }

    [Fact]
    public async Task FindMeetingTimes_AppOnlyCaller_Is403AccessDenied()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var error = await Assert.ThrowsAsync<ODataError>(() => emulator.Graph().Users[TestTenants.Dana].FindMeetingTimes.PostAsync(new FindMeetingTimesPostRequestBody
        {
            MeetingDuration = TimeSpan.FromMinutes(30),
        }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(403, error.ResponseStatusCode);
        Assert.Equal("ErrorAccessDenied", error.Error!.Code);
    }

    [Fact]
    public async Task MailboxSettings_ReturnsTimeZoneAndDefaultWorkingHours()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var graph = emulator.Graph();

        var settings = await graph.Users[TestTenants.Lee].MailboxSettings.GetAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("W. Europe Standard Time", settings!.TimeZone);
        Assert.Equal(5, settings.WorkingHours!.DaysOfWeek!.Count);
        Assert.Equal("W. Europe Standard Time", settings.WorkingHours.TimeZone!.Name);
    }

    [Fact]
    public async Task MailboxSettingsParts_WorkingHoursAndTimeZone_Are200()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var http = emulator.Http();

        var (hoursStatus, hours, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailboxSettings/workingHours");
        var (zoneStatus, zone, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailboxSettings/timeZone");

        Assert.Equal(200, hoursStatus);
        Assert.Equal("09:00:00.0000000", hours.Str("startTime"));
        Assert.Equal(200, zoneStatus);
        Assert.Equal("Pacific Standard Time", zone.Str("value"));
    }
}
