using GraphNetworker.GraphEmulator;
using GraphNetworker.Worker.Tests.Infrastructure;
using GraphNetworker.Store;
using GraphNetworker.Store.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using GraphNetworker.Tests.Common;

namespace GraphNetworker.Worker.Tests.Pipeline.Faults;

/// <summary>
/// The worker process is killed (SIGKILL) at many points of a cycle and restarted each time. Afterwards the store
/// matches a clean run's, and Outlook (the emulator) holds exactly one task or hold per suggestion.
/// </summary>
public sealed class KillAndRestartTests
{
    private const string Tenant = "synthetic:users=3,months=12,seed=42";
    private static readonly TimeSpan CycleTimeout = TimeSpan.FromMinutes(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Worker_KilledAtManyPointsOfACycle_EndsLikeACleanRun_WithoutDuplicatesInOutlook()
    {
        var clean = await RunAsync(killAfterRequests: []);
        var killed = await RunAsync(killAfterRequests: [2, 6, 12, 20, 35, 50, 70, 95, 120, 150]);

        // A failure shows both runs' lists whole and what the last worker of the killed run printed.
        Assert.True(
            clean.Interactions.SequenceEqual(killed.Interactions) && clean.Relationships.SequenceEqual(killed.Relationships) && clean.Suggestions.SequenceEqual(killed.Suggestions),
            $"clean:\n{clean}\nkilled:\n{killed}\nthe killed run's last worker:\n{killed.LastWorkerOutput}");
        Assert.True(killed.Kills >= 6, $"only {killed.Kills} kills landed inside the cycle");
        Assert.Equal(0, killed.DuplicateOutlookItems);
        Assert.Equal(killed.Suggestions.Count, killed.OutlookItems);
    }

    private static async Task<Outcome> RunAsync(int[] killAfterRequests)
    {
        await using var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions { Tenant = Tenant, Latency = TimeSpan.FromMilliseconds(15) }, Ct);
        var data = Path.Combine(Path.GetTempPath(), "gn-kill-" + Guid.NewGuid().ToString("N")[..8]);
        var environment = new Dictionary<string, string>
        {
            ["GraphNetworker__Store__DataFolder"] = data,
            ["GraphNetworker__Graph__Mode"] = "Emulator",
            ["GraphNetworker__Graph__BaseUrl"] = emulator.BaseUrl.ToString(),
            ["GraphNetworker__Scope__OptInGroupId"] = emulator.Control.SyntheticManifest!.GroupId,
            ["GraphNetworker__Worker__WorkerId"] = "kill-test",
            ["GraphNetworker__Worker__CycleInterval"] = "00:00:03",

            // A lease names the process that took it, so a restarted worker (same WorkerId) waits for a killed one's
            // leases to run out on the database's clock: the shortest lease keeps that wait to seconds.
            ["GraphNetworker__Worker__LeaseDuration"] = "00:00:10",
        };

        var kills = 0;
        foreach (var after in killAfterRequests)
        {
            var baseline = emulator.Control.Statistics.TotalRequests;
            await using var worker = WorkerProcess.Start(environment);
            while (emulator.Control.Statistics.TotalRequests < baseline + after && !worker.Lines.Any(IsFullCycleDone) && !worker.HasExited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), Ct);
            }

            kills += worker.Lines.Any(IsFullCycleDone) ? 0 : 1;
            await worker.KillAsync();
        }

        // Two full cycles settle the state (a hold written by an interrupted cycle reaches the calendar view on the next).
        string output;
        await using (var final = WorkerProcess.Start(environment))
        {
            await final.WaitForAsync(l => final.Lines.Count(IsFullCycleDone) >= 2, CycleTimeout, Ct);
            output = string.Join('\n', WithoutDatabaseCommands(final.Lines).TakeLast(200));
        }

        var outcome = await SummarizeAsync(data, emulator) with { Kills = kills, LastWorkerOutput = output };
        SqliteConnection.ClearAllPools();
        return outcome;
    }

    /// <summary>
    /// The worker's log without EF Core's entries (each statement it runs is logged, over several lines), so a failure's
    /// message keeps what the worker itself said (a message cut at its length once kept only the start-up).
    /// </summary>
    private static IEnumerable<string> WithoutDatabaseCommands(IEnumerable<string> lines)
    {
        var skipping = false;
        foreach (var line in lines)
        {
            if (!line.StartsWith(' '))
            {
                skipping = line.Contains(": Microsoft.EntityFrameworkCore", StringComparison.Ordinal);
            }

            if (!skipping)
            {
                yield return line;
            }
        }
    }

    /// <summary>A cycle that worked on every mailbox (none still leased by a killed worker).</summary>
    private static bool IsFullCycleDone(string line) => line.Contains("Cycle done:", StringComparison.Ordinal) && line.Contains(" 0 leased elsewhere", StringComparison.Ordinal);

    private static async Task<Outcome> SummarizeAsync(string data, GraphEmulatorServer emulator)
    {
        var options = new DbContextOptionsBuilder<GraphNetworkerDbContext>().UseSqlite($"Data Source={Path.Combine(data, "graphnetworker.db")};Pooling=False").Options;
        await using var db = new GraphNetworkerDbContext(options);
        var mailboxes = await db.Mailboxes.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.UserPrincipalName, Ct);
        await using var store = StoredItem.StoreOn($"Data Source={Path.Combine(data, "graphnetworker.db")};Pooling=False");
        var interactions = StoredItem.Read(store)
            .GroupBy(i => (Mailbox: mailboxes[i.MailboxId], i.Kind))
            .Select(g => $"{g.Key.Mailbox}|{g.Key.Kind}|{g.Count()}|{g.Count(i => i.MessageKey != null)}")
            .Order(StringComparer.Ordinal).ToList();
        var relationships = StoredRelationship.Read(new GraphNetworkerDbContext(options))
            .Select(r => $"{mailboxes[r.MailboxId]}|{r.PersonKey}|{r.Status}|{r.Value.Tier}|{r.Value.CountedItems}")
            .Order(StringComparer.Ordinal).ToList();
        var suggestions = StoredSuggestion.Read(new GraphNetworkerDbContext(options));

        var outlookItems = 0;
        var duplicates = 0;
        foreach (var mailbox in await db.Mailboxes.AsNoTracking().ToListAsync(Ct))
        {
            var markers = new List<string?>();
            if (mailbox.TodoListId is { } list)
            {
                markers.AddRange(emulator.Control.Tasks(mailbox.UserPrincipalName, list).Select(t => t["linkedResources"]?.AsArray().FirstOrDefault()?["externalId"]?.GetValue<string>()));
            }

            markers.AddRange(emulator.Control.Events(mailbox.UserPrincipalName)
                .Where(e => e["transactionId"] is not null)
                .Select(e => e["transactionId"]!.GetValue<string>()));
            outlookItems += markers.Count;
            duplicates += markers.Count - markers.Distinct().Count();
        }

        return new Outcome(
            interactions,
            relationships,
            [.. suggestions.Select(s => $"{mailboxes[s.MailboxId]}|{s.PersonKey}|{s.Kind}|{s.State}").Order(StringComparer.Ordinal)],
            outlookItems,
            duplicates,
            0);
    }

    private sealed record Outcome(List<string> Interactions, List<string> Relationships, List<string> Suggestions, int OutlookItems, int DuplicateOutlookItems, int Kills)
    {
        public string LastWorkerOutput { get; init; } = "";

        public override string ToString() => string.Join('\n', [.. Interactions, .. Relationships, .. Suggestions]);
    }
}
