using GraphNetworker.Core.Ports;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphNetworker.Core.Model;
using GraphNetworker.Store;
using GraphNetworker.Worker.Pipeline;
using GraphNetworker.Worker.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using TaskStatus = Microsoft.Graph.Models.TaskStatus;

namespace GraphNetworker.Worker.Tests.Pipeline;

/// <summary>
/// A quiet cycle scores again only the mailboxes whose inputs, engine or day changed (<see cref="MailboxEvaluator"/>).
/// Skipping must change nothing: the same tenant through the same week of cycles (new mail, a task completed, a hold
/// deleted, days passing) ends with the same stored assessments, suggestions and Outlook content whether it was scored
/// every cycle or only when due.
/// </summary>
public sealed class QuietCycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Start = new(2026, 11, 2, 7, 0, 0, TimeSpan.Zero);

    /// <summary>The three-mailbox tenant on a clock only the test moves, unthrottled, with one setting of the test's.</summary>
    private static Task<WorkerHarness> StartAsync(FakeTimeProvider clock, string setting, string value) =>
        WorkerHarness.StartAsync(
            "synthetic:users=3,months=12,seed=42",
            emulator => emulator.Throttling.Enabled = false,
            settings => settings[setting] = value,
            clock);

    [Fact]
    public async Task Cycles_ScoringOnlyWhatChanged_EndExactlyAsCyclesThatScoreEverything()
    {
        var every = await RunWeekAsync(evaluateEveryCycle: true);
        var onlyWhenDue = await RunWeekAsync(evaluateEveryCycle: false);

        Assert.Equal(every.Relationships, onlyWhenDue.Relationships);
        Assert.Equal(every.Suggestions, onlyWhenDue.Suggestions);
        Assert.Equal(every.Outlook, onlyWhenDue.Outlook);
        Assert.NotEmpty(every.Suggestions);

        // Scored every cycle: 3 mailboxes × 42 cycles. Only when due: each mailbox's first cycle and each of its days, and the cycles after a change.
        Assert.Equal(3 * 42, every.Scored);
        Assert.InRange(onlyWhenDue.Scored, 3 * 7, 3 * 15);
    }

    [Fact]
    public async Task DirectoryChange_ScoresEveryMailboxAgainOnce()
    {
        // What the engine knows of the directory (a colleague's title) is part of every assessment: a change scores every
        // mailbox again in the cycle that reads it, and the cycles after it are quiet again. A read that finds nothing new
        // changes nothing (the second read once dated the departures of people already gone at the first).
        var clock = new FakeTimeProvider(Start);
        await using var harness = await StartAsync(clock, "GraphNetworker:Sync:DirectoryRefreshInterval", "00:01:00");
        var scored = new List<int>();
        for (var cycle = 0; cycle < 5; cycle++)
        {
            if (cycle == 3)
            {
                harness.Emulator.Control.UpdateUser(harness.Manifest.Colleagues[0].Address, new JsonObject { ["jobTitle"] = "Chief Operating Officer" });
            }

            var report = await harness.RunCycleAsync(Ct);
            Assert.Equal((3, 0), (report.Synced, report.Failed));
            scored.Add(report.Scored);
            clock.Advance(TimeSpan.FromMinutes(2));
        }

        // The first two cycles score every mailbox: its backfill, then the suggestions that scoring wrote to Outlook (open
        // suggestions are an input of the next scoring).
        Assert.Equal([3, 3, 0, 3, 0], scored);
    }

    [Theory]
    [InlineData(false, 5)]
    [InlineData(true, 7)]
    public async Task QuietCycle_EachMailboxCostsAFewStatements_NoneWritesButTheLeaseAndItsHealth(bool writeToOutlook, int perMailbox)
    {
        var clock = new FakeTimeProvider(Start);
        await using var harness = await StartAsync(clock, "GraphNetworker:Worker:WriteToOutlook", writeToOutlook ? "true" : "false");
        await harness.RunCycleAsync(Ct);
        clock.Advance(TimeSpan.FromHours(1));
        await harness.RunCycleAsync(Ct);
        clock.Advance(TimeSpan.FromHours(1));

        harness.StoreFaults.Sent.Clear();
        var report = await harness.RunCycleAsync(Ct);

        // Per mailbox: the lease taken with the sync's start (an UPDATE and the epoch read), its folders' cursors, its
        // row after the sync, and the success written with the lease's release; with Outlook on, the read-back's open
        // suggestions and the calendar's last round (its holds are judged against it).
        var statements = harness.StoreFaults.Sent.ToList();
        Assert.Equal((3, 0, 0), (report.Synced, report.Failed, report.Scored));
        Assert.True(statements.Count <= CycleLevelStatements + (3 * perMailbox), $"{statements.Count} statements:\n{string.Join("\n---\n", statements)}");
        Assert.DoesNotContain(statements, s => s.TrimStart().StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || s.TrimStart().StartsWith("DELETE", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task CalendarHistoryWindows_AreReadTwiceADay_TheCurrentWindowEveryCycle()
    {
        var clock = new FakeTimeProvider(Start);
        await using var harness = await StartAsync(clock, "GraphNetworker:Worker:WriteToOutlook", "false");
        await harness.RunCycleAsync(Ct);
        using var db = harness.Db();
        var windows = await db.FolderCursors.CountAsync(c => !c.IsRemoved && c.Kind == FolderKind.Calendar, Ct);
        var mailboxes = await db.Mailboxes.CountAsync(Ct);
        Assert.True(windows > mailboxes, "the tenant's calendars have history windows");

        async Task<int> CalendarReadsOfACycleAsync()
        {
            var from = harness.Emulator.Control.Requests.Count;
            await harness.RunCycleAsync(Ct);
            return harness.Emulator.Control.Requests.Skip(from).Count(r => r.Endpoint == "GET users/{u}/calendarView/delta");
        }

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(mailboxes, await CalendarReadsOfACycleAsync());
        clock.Advance(TimeSpan.FromHours(12));
        Assert.Equal(windows, await CalendarReadsOfACycleAsync());
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(mailboxes, await CalendarReadsOfACycleAsync());
    }

    /// <summary>
    /// The statements a cycle sends whatever its mailboxes: the scope applied, the directory's refresh checked, the
    /// senders nobody in the tenant answers, and the directory loaded.
    /// </summary>
    private const int CycleLevelStatements = 5;

    private sealed record Week(List<string> Relationships, List<string> Suggestions, List<string> Outlook, int Scored);

    /// <summary>Seven days of cycles every four hours on a clock only the test moves, with the user and their contacts acting on the way.</summary>
    private static async Task<Week> RunWeekAsync(bool evaluateEveryCycle)
    {
        var clock = new FakeTimeProvider(Start);
        await using var harness = await StartAsync(clock, "GraphNetworker:Worker:EvaluateEveryCycle", evaluateEveryCycle ? "true" : "false");
        var owner = harness.Manifest.Mailboxes[0].UserPrincipalName;
        var scored = 0;
        for (var cycle = 0; cycle < 42; cycle++)
        {
            switch (cycle)
            {
                case 5:
                    // A colleague writes: the owner's inputs change mid-day.
                    harness.Emulator.Control.AddMessage(owner, "inbox", Message(harness.Manifest.Colleagues[0].Address, owner, clock.GetUtcNow().AddMinutes(-20)));
                    break;
                case 11:
                    await AnswerFirstTaskAsync(harness, complete: true);
                    break;
                case 23:
                    await AnswerFirstTaskAsync(harness, complete: false);
                    break;
            }

            var report = await harness.RunCycleAsync(Ct);
            Assert.True((report.Synced, report.Failed) == (3, 0),
                $"cycle {cycle}: {report}\n" + string.Join("\n", harness.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(e => e.Message).TakeLast(5)));
            scored += report.Scored;
            clock.Advance(TimeSpan.FromHours(4));
        }

        return new Week(await RelationshipsAsync(harness), Suggestions(harness), Outlook(harness), scored);
    }

    /// <summary>The user completes (or deletes) the first open task GraphNetworker wrote in any mailbox.</summary>
    private static async Task AnswerFirstTaskAsync(WorkerHarness harness, bool complete)
    {
        var task = harness.Suggestions().Where(s => s.Kind == SuggestionKind.Task && s.State == SuggestionState.Open).OrderBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault();
        if (task is null)
        {
            return;
        }

        var graph = harness.Get<GraphServiceClient>();
        var item = graph.Users[task.MailboxId].Todo.Lists[task.Value.GraphListId].Tasks[task.GraphId];
        if (complete)
        {
            await item.PatchAsync(new TodoTask { Status = TaskStatus.Completed }, cancellationToken: Ct);
        }
        else
        {
            await item.DeleteAsync(cancellationToken: Ct);
        }
    }

    private static async Task<List<string>> RelationshipsAsync(WorkerHarness harness)
    {
        using var db = harness.Db();
        var rows = await db.Relationships.AsNoTracking()
            .Select(r => new { Mailbox = EF.Property<string>(r, Shadow.MailboxId), Rank = EF.Property<int?>(r, Shadow.FocusRank), Value = r })
            .ToListAsync(Ct);
        return [.. rows.Select(r => $"{r.Mailbox}|{r.Rank}|{JsonSerializer.Serialize(r.Value)}").Order(StringComparer.Ordinal)];
    }

    /// <summary>The suggestions as stored, but for the ids Graph gave their tasks and holds (new ones in each run).</summary>
    private static List<string> Suggestions(WorkerHarness harness) =>
        [.. harness.Suggestions().Select(s => $"{s.MailboxId}|{JsonSerializer.Serialize(s.Value with { GraphId = null, GraphListId = null })}").Order(StringComparer.Ordinal)];

    /// <summary>What each user sees in Outlook: the tasks of the list and the events of the calendar, by what they say and when.</summary>
    private static List<string> Outlook(WorkerHarness harness)
    {
        var seen = new List<string>();
        using var db = harness.Db();
        foreach (var mailbox in db.Mailboxes.AsNoTracking().ToList())
        {
            if (mailbox.TodoListId is { } list)
            {
                seen.AddRange(harness.Emulator.Control.Tasks(mailbox.UserPrincipalName, list)
                    .Select(t => $"task|{mailbox.UserPrincipalName}|{Text(t, "title")}|{Text(t, "status")}|{t["dueDateTime"]?.ToJsonString()}|{t["body"]?.ToJsonString()}"));
            }

            seen.AddRange(harness.Emulator.Control.Events(mailbox.UserPrincipalName)
                .Select(e => $"event|{mailbox.UserPrincipalName}|{Text(e, "subject")}|{e["start"]?.ToJsonString()}|{e["end"]?.ToJsonString()}|{Text(e, "showAs")}"));
        }

        return [.. seen.Order(StringComparer.Ordinal)];
    }

    private static string? Text(JsonObject node, string name) => node[name]?.ToString();

    private static JsonObject Message(string from, string to, DateTimeOffset at) => new()
    {
        ["internetMessageId"] = $"<quiet-{at.UtcTicks}@fabrikam.example>",
        ["subject"] = "Catching up",
        ["from"] = Address(from),
        ["sender"] = Address(from),
        ["toRecipients"] = new JsonArray(Address(to)),
        ["receivedDateTime"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["sentDateTime"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["inferenceClassification"] = "focused",
        ["isDraft"] = false,
    };

    private static JsonObject Address(string address) => new() { ["emailAddress"] = new JsonObject { ["address"] = address } };
}
