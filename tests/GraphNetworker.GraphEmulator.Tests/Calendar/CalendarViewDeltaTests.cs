using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using ViewDelta = Microsoft.Graph.Users.Item.CalendarView.Delta;

namespace GraphNetworker.GraphEmulator.Tests.Calendar;

public sealed class CalendarViewDeltaTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);
    private static readonly string WindowStart = CalendarFixtures.Iso(Monday.AddDays(-1));
    private static readonly string WindowEnd = CalendarFixtures.Iso(Monday.AddDays(27));

    [Fact]
    public async Task CalendarViewDelta_WithoutWindow_Is400()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, body, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/calendarView/delta");

        Assert.Equal(400, status);
        Assert.Equal("ErrorInvalidRequest", body!["error"].Str("code"));
    }

    [Fact]
    public async Task CalendarViewDelta_Select_Is400()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, _, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/calendarView/delta?startDateTime={WindowStart}&endDateTime={WindowEnd}&$select=subject");

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task CalendarViewDelta_WindowOver1825Days_Is400()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, _, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/calendarView/delta?startDateTime=2020-01-01T00:00:00Z&endDateTime=2026-01-01T00:00:00Z");

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task CalendarViewDelta_WeeklySeries_ExpandsOccurrencesWithSeriesMasterIdNoMaster()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var masterId = emulator.Control.AddEvent(TestTenants.Dana, CalendarFixtures.WeeklySeries("1:1", Monday));
        emulator.Control.AddEvent(TestTenants.Dana, CalendarFixtures.Single("Lunch", Monday.AddDays(2)));

        var (events, _) = await RoundAsync(emulator.Graph(), 3);

        var occurrences = events.Where(e => e.Type == EventType.Occurrence).ToList();
        Assert.Equal(4, occurrences.Count);
        Assert.All(occurrences, o => Assert.Equal(masterId, o.SeriesMasterId));
        Assert.Equal(4, occurrences.Select(o => o.Id).Distinct().Count());
        Assert.DoesNotContain(events, e => e.Type == EventType.SeriesMaster);
        Assert.Single(events, e => e.Type == EventType.SingleInstance);
        Assert.Equal("2026-03-09T16:00:00.0000000", occurrences.OrderBy(o => o.Start!.DateTime).ElementAt(1).Start!.DateTime);
    }

    [Fact]
    public async Task CalendarViewDelta_DeletedAndOutsideWindowChanges_AreRemovedTombstones()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var control = emulator.Control;
        var inside = control.AddEvent(TestTenants.Dana, CalendarFixtures.Single("Inside", Monday.AddDays(1)));
        var movesOut = control.AddEvent(TestTenants.Dana, CalendarFixtures.Single("Moves out", Monday.AddDays(2)));
        var graph = emulator.Graph();
        var (_, deltaLink) = await RoundAsync(graph, 10);

        control.DeleteEvent(TestTenants.Dana, inside);
        control.UpdateEvent(TestTenants.Dana, movesOut, new JsonObject { ["start"] = CalendarFixtures.Time(Monday.AddDays(90)), ["end"] = CalendarFixtures.Time(Monday.AddDays(90).AddHours(1)) });
        var outsideNew = control.AddEvent(TestTenants.Dana, CalendarFixtures.Single("Far away", Monday.AddDays(200)));
        var (changes, _) = await RoundAsync(graph, 10, deltaLink);

        Assert.Equal(3, changes.Count);
        Assert.All(changes, e => Assert.True(e.AdditionalData.ContainsKey("@removed")));
        Assert.Equal(new[] { inside, movesOut, outsideNew }.Order(), changes.Select(e => e.Id!).Order());
    }

    [Fact]
    public async Task CalendarViewDelta_CancelledOccurrence_IsRemovedInNextRound()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        emulator.Control.AddEvent(TestTenants.Dana, CalendarFixtures.WeeklySeries("Weekly", Monday));
        var graph = emulator.Graph();
        var (events, deltaLink) = await RoundAsync(graph, 10);
        var second = events.OrderBy(e => e.Start!.DateTime).ElementAt(1);

        await graph.Users[TestTenants.Dana].Events[second.Id].DeleteAsync(cancellationToken: TestContext.Current.CancellationToken);
        var (changes, _) = await RoundAsync(graph, 10, deltaLink);

        Assert.Contains(changes, e => e.Id == second.Id && e.AdditionalData.ContainsKey("@removed"));
        Assert.Equal(3, changes.Count(e => e.Type == EventType.Occurrence));
    }

    [Fact]
    public async Task CalendarViewDelta_ThinOccurrenceMode_OccurrencesCarryOnlyIdsAndTimes()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Delta.ThinOccurrences = true);
        emulator.Control.AddEvent(TestTenants.Dana, CalendarFixtures.WeeklySeries("Weekly", Monday));

        var (_, body, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/calendarView/delta?startDateTime={WindowStart}&endDateTime={WindowEnd}");

        var occurrence = body!.Values()[0]!.AsObject();
        Assert.Equal(["@odata.type", "@odata.etag", "seriesMasterId", "type", "id", "start", "end"], occurrence.Select(p => p.Key));
    }

    [Fact]
    public async Task CalendarViewDelta_OversizedMode_PageExceedsMaxPageSizeAndRepeatsIds()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Delta.OversizedRecurringPages = true);
        emulator.Control.AddEvent(TestTenants.Dana, CalendarFixtures.WeeklySeries("Weekly", Monday));
        emulator.Control.AddEvent(TestTenants.Dana, CalendarFixtures.Single("After", Monday.AddDays(3)));
        var http = emulator.Http();

        var (_, page1, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/calendarView/delta?startDateTime={WindowStart}&endDateTime={WindowEnd}", prefer: "odata.maxpagesize=2");
        var (_, page2, _) = await http.GetJsonAsync(page1!.Str("@odata.nextLink"), prefer: "odata.maxpagesize=2");

        Assert.Equal(4, page1.Values().Count);
        var firstIds = page1.Values().Select(e => e.Str("id")).ToHashSet();
        Assert.Contains(page2!.Values(), e => firstIds.Contains(e.Str("id")));
    }

    [Fact]
    public async Task CalendarView_PreferOutlookTimeZone_ConvertsTimes()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        emulator.Control.AddEvent(TestTenants.Dana, CalendarFixtures.Single("Morning", Monday));

        var (_, body, response) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/calendarView?startDateTime={WindowStart}&endDateTime={WindowEnd}", prefer: "outlook.timezone=\"Pacific Standard Time\"");

        var start = body!.Values()[0]!["start"]!;
        Assert.Equal("2026-03-02T08:00:00.0000000", start.Str("dateTime"));
        Assert.Equal("Pacific Standard Time", start.Str("timeZone"));
        Assert.Contains("outlook.timezone", response.Headers.GetValues("Preference-Applied").Single(), StringComparison.Ordinal);
    }

    internal static async Task<(List<Event> Events, string DeltaLink)> RoundAsync(GraphServiceClient graph, int maxPageSize, string? link = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var all = new List<Event>();
        var page = link is null
            ? await graph.Users[TestTenants.Dana].CalendarView.Delta.GetAsDeltaGetResponseAsync(c =>
            {
                c.QueryParameters.StartDateTime = WindowStart;
                c.QueryParameters.EndDateTime = WindowEnd;
                c.Headers.Add("Prefer", "odata.maxpagesize=" + maxPageSize);
            }, ct)
            : await new ViewDelta.DeltaRequestBuilder(link, graph.RequestAdapter).GetAsDeltaGetResponseAsync(c => c.Headers.Add("Prefer", "odata.maxpagesize=" + maxPageSize), ct);
        for (var pages = 1; ; pages++)
        {
            all.AddRange(page!.Value ?? []);
            if (page.OdataDeltaLink is { } delta)
            {
                return (all, delta);
            }

            Assert.True(pages < 50, "nextLink loop");
            page = await new ViewDelta.DeltaRequestBuilder(page.OdataNextLink!, graph.RequestAdapter).GetAsDeltaGetResponseAsync(c => c.Headers.Add("Prefer", "odata.maxpagesize=" + maxPageSize), ct);
        }
    }

    [Fact]
    public async Task CalendarViewDelta_UnknownTokenFromAnotherEmulator_Is410()
    {
        await using var first = await TestEmulator.StartAsync(TestTenants.Small());
        await using var second = await TestEmulator.StartAsync(TestTenants.Small());
        var (_, deltaLink) = await RoundAsync(first.Graph(), 10);
        var foreign = deltaLink.Replace(first.Server.BaseUrl.ToString(), second.Server.BaseUrl.ToString(), StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<ODataError>(() => RoundAsync(second.Graph(), 10, foreign));

        Assert.Equal(410, error.ResponseStatusCode);
    }
}
