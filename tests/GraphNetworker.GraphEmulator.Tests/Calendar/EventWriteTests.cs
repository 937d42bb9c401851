using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace GraphNetworker.GraphEmulator.Tests.Calendar;

/// <summary>Tentative holds: create with transactionId idempotency, tag with extended properties, update, delete.</summary>
public sealed class EventWriteTests
{
    private const string PropertyId = "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name GraphNetworkerKey";

    private static Event Hold(string transactionId, string subject = "Reconnect with Lee") => new()
    {
        Subject = subject,
        Start = new DateTimeTimeZone { DateTime = "2026-03-10T10:00:00", TimeZone = "Pacific Standard Time" },
        End = new DateTimeTimeZone { DateTime = "2026-03-10T10:30:00", TimeZone = "Pacific Standard Time" },
        ShowAs = FreeBusyStatus.Tentative,
        TransactionId = transactionId,
        Categories = ["GraphNetworker"],
        SingleValueExtendedProperties = [new SingleValueLegacyExtendedProperty { Id = PropertyId, Value = "person-42" }],
    };

    [Fact]
    public async Task PostEvent_NewHold_Is201WithGraphDefaults()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var created = await emulator.Graph().Users[TestTenants.Dana].Events.PostAsync(Hold("tx-1"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotNull(created!.Id);
        Assert.Equal("tx-1", created.TransactionId);
        Assert.Equal(EventType.SingleInstance, created.Type);
        Assert.Equal(FreeBusyStatus.Tentative, created.ShowAs);
        Assert.True(created.IsReminderOn);
        Assert.Equal(15, created.ReminderMinutesBeforeStart);
        Assert.Equal(ResponseType.Organizer, created.ResponseStatus!.Response);
        Assert.Equal(TestTenants.Dana, created.Organizer!.EmailAddress!.Address);
        Assert.Equal("2026-03-10T17:00:00.0000000", created.Start!.DateTime); // PDT (UTC-7) after 8 March
        Assert.Equal("UTC", created.Start.TimeZone);
        Assert.Null(created.SingleValueExtendedProperties);
        Assert.Equal(201, emulator.Control.Requests.Last().Status);
    }

    [Fact]
    public async Task PostEvent_SameTransactionIdSamePayload_ReturnsExistingEventWithoutDuplicate()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var events = emulator.Graph().Users[TestTenants.Dana].Events;

        var first = await events.PostAsync(Hold("tx-same"), cancellationToken: TestContext.Current.CancellationToken);
        var second = await events.PostAsync(Hold("tx-same"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(first!.Id, second!.Id);
        Assert.Single(emulator.Control.Events(TestTenants.Dana), e => e["transactionId"]?.GetValue<string>() == "tx-same");
        Assert.All(emulator.Control.Requests.Where(r => r.Method == "POST"), r => Assert.Equal(201, r.Status));
    }

    [Fact]
    public async Task PostEvent_SameTransactionIdDifferentPayload_Is400ErrorDuplicateTransactionId()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var events = emulator.Graph().Users[TestTenants.Dana].Events;
        await events.PostAsync(Hold("tx-dup"), cancellationToken: TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<ODataError>(() => events.PostAsync(Hold("tx-dup", "Something else"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal("ErrorDuplicateTransactionId", error.Error!.Code);
    }

    [Fact]
    public async Task PostEvent_DuplicateStatusConfigured409_Is409()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.DuplicateTransactionIdStatus = 409);
        var events = emulator.Graph().Users[TestTenants.Dana].Events;
        await events.PostAsync(Hold("tx-409"), cancellationToken: TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<ODataError>(() => events.PostAsync(Hold("tx-409", "Other"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(409, error.ResponseStatusCode);
    }

    [Fact]
    public async Task PostEvent_MissingTimeZone_Is400()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var body = new JsonObject { ["subject"] = "x", ["start"] = new JsonObject { ["dateTime"] = "2026-03-10T10:00:00" }, ["end"] = new JsonObject { ["dateTime"] = "2026-03-10T11:00:00", ["timeZone"] = "UTC" } };

        var (status, error, _) = await emulator.Http().SendJsonAsync(HttpMethod.Post, $"users/{TestTenants.Dana}/events", body);

        Assert.Equal(400, status);
        Assert.Equal("ErrorInvalidRequest", error!["error"].Str("code"));
    }

    [Fact]
    public async Task PostEvent_InvalidShowAs_Is400()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var body = CalendarFixtures.Single("x", TestEmulator.Epoch);
        body["showAs"] = "sleeping";

        var (status, _, _) = await emulator.Http().SendJsonAsync(HttpMethod.Post, $"users/{TestTenants.Dana}/calendar/events", body);

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task PostEvent_WithAttendees_CountsInvitationsSent()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, _, _) = await emulator.Http().SendJsonAsync(HttpMethod.Post, $"users/{TestTenants.Dana}/events", CalendarFixtures.Single("Meet", TestEmulator.Epoch.AddDays(1)));

        Assert.Equal(201, status);
        Assert.Equal(1, emulator.Control.Statistics.InvitationsSent);
    }

    [Fact]
    public async Task GetEvents_FilterOnExtendedPropertyAndExpand_FindsOurHold()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var graph = emulator.Graph();
        await graph.Users[TestTenants.Dana].Events.PostAsync(Hold("tx-a"), cancellationToken: TestContext.Current.CancellationToken);
        var other = Hold("tx-b");
        other.SingleValueExtendedProperties![0].Value = "person-7";
        await graph.Users[TestTenants.Dana].Events.PostAsync(other, cancellationToken: TestContext.Current.CancellationToken);

        var found = await graph.Users[TestTenants.Dana].Events.GetAsync(c =>
        {
            c.QueryParameters.Filter = $"singleValueExtendedProperties/Any(ep: ep/id eq '{PropertyId}' and ep/value eq 'person-42')";
            c.QueryParameters.Expand = [$"singleValueExtendedProperties($filter=id eq '{PropertyId}')"];
        }, TestContext.Current.CancellationToken);

        var hold = Assert.Single(found!.Value!);
        Assert.Equal("person-42", Assert.Single(hold.SingleValueExtendedProperties!).Value);
    }

    [Fact]
    public async Task PatchEvent_ChangesSubjectAndKeepsId_ChangingTransactionIdIs400()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var events = emulator.Graph().Users[TestTenants.Dana].Events;
        var created = await events.PostAsync(Hold("tx-p"), cancellationToken: TestContext.Current.CancellationToken);

        var updated = await events[created!.Id].PatchAsync(new Event { Subject = "Moved hold" }, cancellationToken: TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<ODataError>(() => events[created.Id].PatchAsync(new Event { TransactionId = "tx-other" }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(created.Id, updated!.Id);
        Assert.Equal("Moved hold", updated.Subject);
        Assert.NotEqual(created.ChangeKey, updated.ChangeKey);
        Assert.Equal(400, error.ResponseStatusCode);
    }

    [Fact]
    public async Task DeleteEvent_Is204AndThenNotFound()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var events = emulator.Graph().Users[TestTenants.Dana].Events;
        var created = await events.PostAsync(Hold("tx-d"), cancellationToken: TestContext.Current.CancellationToken);

        await events[created!.Id].DeleteAsync(cancellationToken: TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<ODataError>(() => events[created.Id].GetAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(emulator.Control.Requests, r => r.Method == "DELETE" && r.Status == 204);
        Assert.Equal(404, error.ResponseStatusCode);
        Assert.Equal("ErrorItemNotFound", error.Error!.Code);
    }

    [Fact]
    public async Task PatchOccurrence_CreatesExceptionWithSameId()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var start = new DateTimeOffset(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);
        var masterId = emulator.Control.AddEvent(TestTenants.Dana, CalendarFixtures.WeeklySeries("Weekly", start));
        var graph = emulator.Graph();
        var view = await graph.Users[TestTenants.Dana].CalendarView.GetAsync(c =>
        {
            c.QueryParameters.StartDateTime = "2026-03-01T00:00:00Z";
            c.QueryParameters.EndDateTime = "2026-03-20T00:00:00Z";
        }, TestContext.Current.CancellationToken);
        var second = view!.Value!.OrderBy(e => e.Start!.DateTime).ElementAt(1);

        var exception = await graph.Users[TestTenants.Dana].Events[second.Id].PatchAsync(new Event { Subject = "Moved" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(second.Id, exception!.Id);
        Assert.Equal(EventType.Exception, exception.Type);
        Assert.Equal(masterId, exception.SeriesMasterId);
    }
}
