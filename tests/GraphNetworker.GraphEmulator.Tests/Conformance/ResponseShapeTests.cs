using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Tests.Infrastructure;

namespace GraphNetworker.GraphEmulator.Tests.Conformance;

/// <summary>Raw responses compared, by shape, with the examples in Microsoft's documentation.</summary>
public sealed class ResponseShapeTests
{
    [Fact]
    public async Task MessageDelta_FirstPage_MatchesDocumentedShape()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 3));

        var (_, body, response) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/inbox/messages/delta?$select=subject,sender,isRead", prefer: "odata.maxpagesize=2");

        JsonShape.AssertConforms(DocumentedExamples.MessageDeltaFirstPage, body);
        Assert.Equal(new[] { "@odata.etag", "@odata.type", "id", "isRead", "sender", "subject" }, body.Values()[0]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Contains("odata.track-changes", response.Headers.GetValues("Preference-Applied").Single(), StringComparison.Ordinal);
        Assert.Matches("^W/\".+\"$", body.Values()[0].Str("@odata.etag"));
    }

    [Fact]
    public async Task MessageDelta_RemovedItem_MatchesDocumentedShape()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(inboxMessages: 1));
        var http = emulator.Http();
        var (_, first, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/inbox/messages/delta");
        emulator.Control.DeleteMessage(TestTenants.Dana, first.Values()[0].Str("id"));

        var (_, next, _) = await http.GetJsonAsync(first.Str("@odata.deltaLink"));

        JsonShape.AssertConforms(DocumentedExamples.MessageDeltaRemoved, next);
        Assert.Equal(3, next.Values()[0]!.AsObject().Count);
    }

    [Fact]
    public async Task CalendarViewDelta_MatchesDocumentedShape()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        emulator.Control.AddEvent(TestTenants.Dana, CalendarFixtures.Single("Attend service", TestEmulator.Epoch.AddDays(1)));

        var (_, body, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/calendarView/delta?startDateTime=2026-03-01T00:00:00Z&endDateTime=2026-03-31T00:00:00Z");

        JsonShape.AssertConforms(DocumentedExamples.CalendarViewDelta, body, "$.value[0].attendees[0]");
    }

    [Fact]
    public async Task CreateTodoList_MatchesDocumentedShape()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, body, _) = await emulator.Http().SendJsonAsync(HttpMethod.Post, $"users/{TestTenants.Dana}/todo/lists", new JsonObject { ["displayName"] = "Travel items" });

        Assert.Equal(201, status);
        JsonShape.AssertConforms(DocumentedExamples.TodoListCreated, body);
    }

    [Fact]
    public async Task CreateAndListTasks_MatchDocumentedShapes()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var http = emulator.Http();
        var (_, lists, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/todo/lists");
        var tasksUrl = $"users/{TestTenants.Dana}/todo/lists/{lists.Values()[0].Str("id")}/tasks";
        var request = JsonNode.Parse("""{"title":"A new task","categories":["Important"],"linkedResources":[{"webUrl":"http://microsoft.com","applicationName":"Microsoft","displayName":"Microsoft","externalId":"x1"}]}""");

        var (status, created, _) = await http.SendJsonAsync(HttpMethod.Post, tasksUrl, request);
        var (_, listed, _) = await http.GetJsonAsync(tasksUrl);

        Assert.Equal(201, status);
        JsonShape.AssertConforms(DocumentedExamples.TodoTaskCreated, created);
        JsonShape.AssertConforms(DocumentedExamples.TodoTaskList, listed);
    }

    [Fact]
    public async Task GetSchedule_MatchesDocumentedShape()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        emulator.Control.AddEvent(TestTenants.Lee, CalendarFixtures.Single("Let's go for lunch", new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero), 120));
        var body = JsonNode.Parse("""{"schedules":["lee@contoso.com"],"startTime":{"dateTime":"2026-03-10T09:00:00","timeZone":"UTC"},"endTime":{"dateTime":"2026-03-10T18:00:00","timeZone":"UTC"},"availabilityViewInterval":60}""");

        var (_, schedule, _) = await emulator.Http().SendJsonAsync(HttpMethod.Post, $"users/{TestTenants.Dana}/calendar/getSchedule", body, prefer: "outlook.timezone=\"Pacific Standard Time\"");

        JsonShape.AssertConforms(DocumentedExamples.GetSchedule, schedule, "$.value[0].scheduleItems[0].location");
        Assert.Equal("000220000", schedule.Values()[0].Str("availabilityView"));
        Assert.Equal("Pacific Standard Time", schedule.Values()[0]!["scheduleItems"]![0]!["start"].Str("timeZone"));
    }

    [Fact]
    public async Task MailboxSettings_MatchesDocumentedShapeExceptUserPurpose()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (_, body, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/mailboxSettings");

        JsonShape.AssertConforms(DocumentedExamples.MailboxSettings, body, "$.userPurpose");
    }

    [Fact]
    public async Task BatchEnvelope_MatchesDocumentedShape()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var body = JsonNode.Parse($$"""{"requests":[{"id":"1","method":"GET","url":"/users/{{TestTenants.Dana}}/mailFolders"}]}""");

        var (status, envelope, _) = await emulator.Http().SendJsonAsync(HttpMethod.Post, "$batch", body);

        Assert.Equal(200, status);
        JsonShape.AssertConforms(DocumentedExamples.BatchResponse, envelope);
    }

    [Fact]
    public async Task Throttled_MatchesDocumentedBody()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Throttling.RequestsPerWindow = 1);
        var http = emulator.Http();
        await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders");

        var (status, body, response) = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders");

        Assert.Equal(429, status);
        JsonShape.AssertConforms(DocumentedExamples.Throttled, body);
        Assert.True(int.TryParse(response.Headers.GetValues("Retry-After").Single(), out _));
    }

    [Fact]
    public async Task NotFound_ErrorEnvelopeCarriesDateAndRequestIds()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, body, response) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/messages/AAMkAD-missing=");

        Assert.Equal(404, status);
        JsonShape.AssertConforms(DocumentedExamples.Error, body);
        Assert.Equal("2026-03-02T09:00:00", body!["error"]!["innerError"].Str("date"));
        Assert.Equal(response.Headers.GetValues("client-request-id").Single(), body["error"]!["innerError"].Str("client-request-id"));
    }

    [Fact]
    public async Task AccessPolicyDenial_MatchesDocumentedShape()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o =>
            o.TokenRoles["scoped"] = new TokenGrant { Roles = ["*"], AllowedMailboxes = [TestTenants.Lee] });

        var (status, body, _) = await emulator.Http("scoped").GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/inbox/messages/delta");

        Assert.Equal(403, status);
        JsonShape.AssertConforms(DocumentedExamples.AccessPolicyDenied, body);
    }
}
