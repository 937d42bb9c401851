using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.GraphEmulator;
using GraphNetworker.Worker.Tests.Infrastructure;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GraphNetworker.Worker.Tests.Pipeline.Faults;

/// <summary>
/// Inputs that, left alone, would fail the same work on every cycle for ever: a series master Graph will not serve, and
/// addresses longer than the store's columns. Each becomes refused items with a logged reason; the rest is kept.
/// </summary>
public sealed class UnreadableInputTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A read of one event by id (the worker's series-master read; calendar-view delta is another path).</summary>
    private const string EventById = @"^/users/[^/]+/events/[^/?]+(\?|$)";

    [Theory]
    [InlineData(FaultKind.Status, 500, "Graph 500")]
    [InlineData(FaultKind.Status, 400, "Graph 400")]
    [InlineData(FaultKind.Timeout, 0, "every attempt timed out")]
    [InlineData(FaultKind.StalledBody, 0, "its body stalled")]
    public async Task SeriesMasterGraphWillNotServe_ItsOccurrencesAreRefusedWithAReason_TheCalendarRoundCompletes(FaultKind fault, int status, string reason)
    {
        // Occurrences without their people (as Graph may send them): the worker reads each series' master for them.
        await using var harness = await WorkerHarness.StartAsync(
            emulator: e => e.Delta.ThinOccurrences = true,
            settings: s =>
            {
                s["GraphNetworker:Worker:WriteToOutlook"] = "false";
                s["GraphNetworker:Graph:RequestTimeout"] = "00:00:30";

                // One attempt each: what is being shown is what happens once the retry layer has given up.
                s["GraphNetworker:Graph:MaxRetries"] = "0";
            });

        // The same every time it is asked, so the same every cycle: an error status (not retried: not 429, 503 or 504),
        // attempts that never answer (given up on after 30 s), or a body that stalls after its headers.
        harness.Emulator.Control.AddFault(new FaultRule { Method = "GET", PathPattern = EventById, Kind = fault, Status = status, Code = "ErrorInternalServerError", Count = 0 });
        var report = await harness.RunCycleMovingTimeAsync(TimeSpan.FromSeconds(2), Ct);

        Assert.True((report.Synced, report.Failed) == (3, 0), string.Join('\n', harness.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning && e.EventId.Id != 2001).Select(e => $"{e.EventId.Id} {e.Message}")));
        Assert.Contains(harness.Emulator.Control.Requests, r => System.Text.RegularExpressions.Regex.IsMatch(r.Url, "/events/[^/?]+(\\?|$)") && r.Method == "GET");
        var refusals = harness.Logs.Entries.Where(e => e.EventId.Id == 2001).Select(e => e.Message).ToList();
        Assert.Contains(refusals, r => r.EndsWith($"its series master could not be read ({reason})", StringComparison.Ordinal));
        Assert.True(report.Rejected > 0);
        using var db = harness.Db();
        var calendars = await db.FolderCursors.AsNoTracking().Where(c => c.FolderId == SyncCursor.CalendarFolderId).ToListAsync(Ct);
        Assert.Equal(3, calendars.Count);
        Assert.All(calendars, c => Assert.True(c.DeltaLink is not null && c.NextLink is null, "the current calendar window's round completed"));

        // The meetings beside the series are kept.
        var mailbox = harness.Manifest.Mailboxes[0];
        Assert.Contains(harness.Interactions(harness.MailboxIdOf(mailbox.UserPrincipalName)), i => i.Kind == InteractionKind.Meeting);
    }

    /// <summary>
    /// Graph does not bound an address's length, and the store's columns do (addresses 320 characters, person keys 380):
    /// on a server that enforces them (here a real PostgreSQL; SQLite does not) one such address would fail the page's
    /// commit, and the same page every cycle. A sender that long refuses its message with the reason; a recipient or an
    /// attendee that long is counted but not kept, and the item is stored.
    /// </summary>
    [Fact]
    public async Task AddressesLongerThanTheStoresColumns_OnPostgreSql_RefusedOrLeftOut_TheMailboxSyncsAndIsScored()
    {
        var admin = Environment.GetEnvironmentVariable("GRAPHNETWORKER_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            Assert.SkipWhen(Environment.GetEnvironmentVariable("GRAPHNETWORKER_REQUIRE_POSTGRES") != "1", "GRAPHNETWORKER_TEST_POSTGRES is not set: no PostgreSQL server (.ci/run starts one).");
            Assert.Fail("GRAPHNETWORKER_REQUIRE_POSTGRES=1 but GRAPHNETWORKER_TEST_POSTGRES is not set.");
        }

        var name = $"gn_it_{Guid.NewGuid():N}";
        await AdminAsync(admin!, $"CREATE DATABASE \"{name}\"");
        try
        {
            await using var harness = await WorkerHarness.StartAsync(settings: s =>
            {
                s["GraphNetworker:Worker:WriteToOutlook"] = "false";
                s["GraphNetworker:Store:Provider"] = "PostgreSql";
                s["GraphNetworker:Store:ConnectionString"] = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
            });
            var user = harness.Manifest.Mailboxes[0].UserPrincipalName;
            var now = harness.Time.GetUtcNow();
            var tooLong = new string('x', 390) + "@fabrikam.com";
            var control = harness.Emulator.Control;
            control.AddMessage(user, "inbox", Mail.From(tooLong, "Long Sender", user, now.AddHours(-1), "longsender"));
            var copied = Mail.From("kept.sender@fabrikam.com", "Kept Sender", user, now.AddHours(-2), "longcc");
            copied["ccRecipients"] = new JsonArray(Mail.Address(tooLong, "Long Copy"), Mail.Address("also.copied@fabrikam.com", "Also Copied"));
            control.AddMessage(user, "inbox", copied);
            control.AddEvent(user, Meeting(now.AddDays(-3), ("kept.attendee@fabrikam.com", "Kept Attendee"), (tooLong, "Long Attendee")));

            var report = await harness.RunCycleAsync(Ct);

            Assert.Equal((3, 0), (report.Synced, report.Failed));
            var mailboxId = harness.MailboxIdOf(user);
            var items = harness.Interactions(mailboxId);
            Assert.DoesNotContain(items, i => i.MessageKey == StableHash.Of("<longsender@test.example>"));
            var kept = Assert.Single(items, i => i.MessageKey == StableHash.Of("<longcc@test.example>"));
            Assert.Contains("also.copied@fabrikam.com", kept.Participants, StringComparison.Ordinal);
            Assert.Equal(4, kept.Item.ParticipantCount);
            var meeting = Assert.Single(items, i => i.Participants.Contains("kept.attendee@fabrikam.com", StringComparison.Ordinal));
            Assert.DoesNotContain(tooLong, meeting.Participants, StringComparison.Ordinal);
            Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == 2001 && e.Message.EndsWith("sender address longer than 320 characters", StringComparison.Ordinal));
            Assert.DoesNotContain(harness.Logs.Entries, e => e.Message.Contains("xxxxxxxxxx", StringComparison.Ordinal));
            using var db = harness.Db();
            Assert.All(await db.Mailboxes.AsNoTracking().ToListAsync(Ct), m => Assert.Null(m.LastError));
            Assert.Contains(harness.Relationships(), r => r.MailboxId == mailboxId);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync(admin!, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    /// <summary>A single meeting in Graph's stored shape, organised by someone else, with these attendees.</summary>
    private static JsonObject Meeting(DateTimeOffset start, params (string Address, string Name)[] attendees) => new()
    {
        ["subject"] = "Planning",
        ["start"] = new JsonObject { ["dateTime"] = start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture), ["timeZone"] = "UTC" },
        ["end"] = new JsonObject { ["dateTime"] = start.AddMinutes(30).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture), ["timeZone"] = "UTC" },
        ["organizer"] = Mail.Address(attendees[0].Address, attendees[0].Name),
        ["attendees"] = new JsonArray([.. attendees.Select(a => (JsonNode)new JsonObject
        {
            ["type"] = "required",
            ["status"] = new JsonObject { ["response"] = "accepted", ["time"] = "0001-01-01T00:00:00Z" },
            ["emailAddress"] = new JsonObject { ["name"] = a.Name, ["address"] = a.Address },
        })]),
        ["showAs"] = "busy",
        ["type"] = "singleInstance",
    };

    private static async Task AdminAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
