using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;

namespace GraphNetworker.GraphEmulator.Tests.Calendar;

/// <summary>calendarView windows over a year (503) and calendarView delta that never ends, as field reports describe.</summary>
public sealed class CalendarFidelityTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);

    private static string Window(int days) =>
        $"startDateTime={CalendarFixtures.Iso(Monday.AddDays(-1))}&endDateTime={CalendarFixtures.Iso(Monday.AddDays(days - 1))}";

    [Theory]
    [InlineData("calendarView/delta")]
    [InlineData("calendarView")]
    public async Task CalendarView_WindowOverAYear_Is503ServiceNotAvailable(string endpoint)
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var http = emulator.Http();

        var (wide, body, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/{endpoint}?{Window(366)}");
        var (year, _, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/{endpoint}?{Window(365)}");

        Assert.Equal(503, wide);
        Assert.Equal("ServiceNotAvailable", body!["error"].Str("code"));
        Assert.Equal(200, year);
    }

    [Fact]
    public async Task CalendarView_WindowOverAYearLegacyFidelity_Is200()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Fidelity.UseLegacy(nameof(GraphFidelityOptions.CalendarWindowServiceUnavailableAbove)));

        var (status, _, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/calendarView/delta?{Window(700)}");

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task CalendarViewDelta_EndlessMailbox_NextLinksRotateOverRepeatedPagesWithoutDeltaLink()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Fidelity.EndlessCalendarDeltaMailboxes = [TestTenants.Dana]);
        emulator.Control.AddEvent(TestTenants.Dana, CalendarFixtures.WeeklySeries("1:1", Monday));
        var http = emulator.Http();

        var url = $"users/{TestTenants.Dana}/calendarView/delta?{Window(28)}";
        var links = new List<string>();
        var payloads = new List<string>();
        for (var page = 0; page < 6; page++)
        {
            var (status, body, _) = await http.GetJsonAsync(url, prefer: "odata.maxpagesize=3");
            Assert.Equal(200, status);
            Assert.False(body!.ContainsKey("@odata.deltaLink"));
            var next = body["@odata.nextLink"]!.GetValue<string>();
            links.Add(next);
            payloads.Add(string.Join(',', body.Values().Select(v => v.Str("id"))));
            url = http.Relative(next);
        }

        Assert.Equal(6, links.Distinct().Count());
        Assert.Equal(3, payloads[0].Split(',').Length);
        Assert.Single(payloads[1].Split(','));
        Assert.All(payloads.Skip(2), p => Assert.Equal(payloads[1], p));
    }

    [Fact]
    public async Task CalendarViewDelta_OtherMailboxOfAnEndlessTenant_EndsWithDeltaLink()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Fidelity.EndlessCalendarDeltaMailboxes = [TestTenants.Dana]);
        emulator.Control.AddEvent(TestTenants.Lee, CalendarFixtures.WeeklySeries("1:1", Monday));

        var (status, body, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Lee}/calendarView/delta?{Window(28)}");

        Assert.Equal(200, status);
        Assert.True(body!.ContainsKey("@odata.deltaLink"));
        Assert.Equal(4, body.Values().Count);
    }
}
