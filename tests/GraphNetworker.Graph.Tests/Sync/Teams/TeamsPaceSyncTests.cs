using GraphNetworker.Core.Model;
using GraphNetworker.Graph.Access;
using GraphNetworker.Graph.Sync;
using GraphNetworker.Graph.Tests.Infrastructure;

namespace GraphNetworker.Graph.Tests.Sync.Teams;

/// <summary>
/// Many mailboxes' Teams read at once through the real SDK and the worker's own pipeline, against the emulator's
/// per-tenant Teams limit: the worker's tenant-wide pace keeps every read inside it.
/// </summary>
public sealed class TeamsPaceSyncTests
{
    private const int Mailboxes = 12;
    private const int EmulatorTeamsLimit = 10;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SyncTeams_TwelveMailboxesAtOnce_PacedAtTheTenantsLimit_NoTeamsReadThrottled()
    {
        // Time moves only when every mailbox's sync waits, to the earliest wait's end: each read leaves at its moment.
        var clock = new LockstepClock(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var graph = await GraphFixture.StartAsync(
            tenant: $"synthetic:users={Mailboxes},months=6,seed=7",
            emulator: o => o.Throttling.TeamsRequestsPerSecond = EmulatorTeamsLimit,
            settings: s => s["GraphNetworker:Graph:TeamsRequestsPerSecond"] = EmulatorTeamsLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            clock: clock);
        var mailboxes = Enumerable.Range(0, Mailboxes).Select(graph.Mailbox).ToList();
        var sync = graph.Get<MailboxSync>();
        var started = clock.GetUtcNow();

        var syncs = mailboxes.Select(m => Task.Run(() => sync.SyncTeamsAsync(m, new HeldLease(m.Id), Ct), Ct)).ToList();
        await clock.RunAsync(syncs, Ct);

        var teamsReads = graph.Emulator.Control.Requests.Where(r => r.Endpoint is { } e && (e.Contains("chats", StringComparison.Ordinal) || e.Contains("callRecords", StringComparison.Ordinal))).ToList();
        Assert.Empty(teamsReads.Where(r => r.Status == 429).Select(r => r.Endpoint));

        // Many more reads than the limit allows in a second, so without the pace they would have been throttled.
        var chatReads = teamsReads.Count(r => r.Endpoint!.Contains("chats", StringComparison.Ordinal));
        var callReads = teamsReads.Count - chatReads;
        Assert.True(chatReads > 4 * EmulatorTeamsLimit && callReads > 4 * EmulatorTeamsLimit, $"{chatReads} chat reads, {callReads} call record reads");
        Assert.True(clock.GetUtcNow() - started >= TimeSpan.FromSeconds((Math.Max(chatReads, callReads) - 1) / (double)EmulatorTeamsLimit));
        Assert.Equal(0, graph.Get<TeamsPace>().Totals(TeamsLimit.Chats).Throttled + graph.Get<TeamsPace>().Totals(TeamsLimit.CallRecords).Throttled);
        Assert.All(mailboxes, m => Assert.Contains(graph.Store.Items(m.Id), i => i.Item.Kind is InteractionKind.TeamsChatSent or InteractionKind.TeamsChatReceived));
        Assert.All(syncs, s => Assert.Equal(0, s.Result.IncompleteRounds));
    }
}
