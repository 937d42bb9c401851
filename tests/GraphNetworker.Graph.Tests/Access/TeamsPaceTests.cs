using GraphNetworker.Graph.Access;
using GraphNetworker.Graph.Tests.Infrastructure;
using GraphNetworker.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GraphNetworker.Graph.Tests.Access;

/// <summary>Teams reads are paced for the whole tenant: evenly spaced at the configured rate, and held after a 429.</summary>
public sealed class TeamsPaceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TeamsPace Pace(TimeProvider clock, double requestsPerSecond = 25) =>
        new(Options.Create(new GraphOptions { TeamsRequestsPerSecond = requestsPerSecond }), clock, NullLogger<TeamsPace>.Instance);

    [Fact]
    public async Task WaitTurn_FiftyOneReadsOneAfterAnother_At25PerSecond_TakeTwoSeconds()
    {
        // Every wait ends at once on this clock, which then stands where the wait ended: the virtual time the reads took.
        var clock = new WaitSkippingClock(Start);
        var pace = Pace(clock);

        for (var i = 0; i < 51; i++)
        {
            await pace.WaitTurnAsync(TeamsLimit.Chats, Ct);
        }

        // The first at once, then one every 40 ms: 50 × 40 ms.
        Assert.Equal(TimeSpan.FromSeconds(2), clock.GetUtcNow() - Start);
        Assert.Equal(new TeamsPaceTotals(51, 0), pace.Totals(TeamsLimit.Chats));
    }

    [Fact]
    public async Task WaitTurn_TenMailboxesAtOnce_At10PerSecond_OneReadEvery100Milliseconds()
    {
        // Time moves only when every read waits, to the earliest wait's end: each read is timed when it goes.
        var clock = new LockstepClock(Start);
        var pace = Pace(clock, requestsPerSecond: 10);

        var reads = Enumerable.Range(0, 10).Select(_ => ReadAsync(pace, TeamsLimit.Chats, clock)).ToList();
        await clock.RunAsync(reads, Ct);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => TimeSpan.FromMilliseconds(100 * i)), reads.Select(r => r.Result).Order());
    }

    [Fact]
    public async Task WaitTurn_ReadsThatWokeLate_AreSpacedFromWhenTheyGo_NotSentTogether()
    {
        var clock = new LockstepClock(Start);
        var pace = Pace(clock, requestsPerSecond: 10);
        await pace.WaitTurnAsync(TeamsLimit.Chats, Ct);
        var late = Enumerable.Range(0, 3).Select(_ => ReadAsync(pace, TeamsLimit.Chats, clock)).ToList();

        // A busy machine: the three reads waiting for their turns wake only at 1 s.
        clock.SetUtcNow(Start + TimeSpan.FromSeconds(1));
        await clock.RunAsync(late, Ct);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.1), TimeSpan.FromSeconds(1.2)], late.Select(r => r.Result).Order());
    }

    [Fact]
    public async Task WaitTurn_AfterA429_EveryReadAgainstThatLimitWaitsOutRetryAfter_TheOtherLimitDoesNot()
    {
        var clock = new LockstepClock(Start);
        var pace = Pace(clock, requestsPerSecond: 10);
        await pace.WaitTurnAsync(TeamsLimit.Chats, Ct);
        var waitingBefore = ReadAsync(pace, TeamsLimit.Chats, clock); // its turn: 100 ms

        pace.Throttled(TeamsLimit.Chats, TimeSpan.FromSeconds(30));
        var held = new[] { waitingBefore, ReadAsync(pace, TeamsLimit.Chats, clock) };
        var callRecords = ReadAsync(pace, TeamsLimit.CallRecords, clock);
        await clock.RunAsync(held, Ct);

        // Call records at once; chats after the pause, at the pace: one at 30 s, the other 100 ms later.
        Assert.Equal(TimeSpan.Zero, await callRecords);
        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30.1)], held.Select(r => r.Result).Order());
        Assert.Equal(new TeamsPaceTotals(3, 1), pace.Totals(TeamsLimit.Chats));
    }

    /// <summary>One read: when it was let through, from the start.</summary>
    private static async Task<TimeSpan> ReadAsync(TeamsPace pace, TeamsLimit limit, TimeProvider clock)
    {
        await pace.WaitTurnAsync(limit, Ct);
        return clock.GetUtcNow() - Start;
    }

    [Theory]
    [InlineData("https://graph.microsoft.com/v1.0/users/0b6a/chats?$expand=lastMessagePreview", TeamsLimit.Chats)]
    [InlineData("https://graph.microsoft.com/v1.0/users('ada%40contoso.com')/chats/19:abc@thread.v2/members", TeamsLimit.Chats)]
    [InlineData("http://127.0.0.1:5080/v1.0/chats/19:abc@thread.v2/messages", TeamsLimit.Chats)]
    [InlineData("https://graph.microsoft.com/v1.0/communications/callRecords?$filter=participants_v2/any(p:p/id eq '0b6a')", TeamsLimit.CallRecords)]
    [InlineData("https://graph.microsoft.com/v1.0/communications/callRecords/e523?$expand=participants_v2", TeamsLimit.CallRecords)]
    [InlineData("https://graph.microsoft.com/v1.0/users/0b6a/mailFolders/inbox/messages/delta", null)]
    [InlineData("https://graph.microsoft.com/v1.0/users/chats/calendarView/delta", null)]
    [InlineData("https://graph.microsoft.com/v1.0/users", null)]
    [InlineData("https://graph.microsoft.com/v1.0/groups/g1/transitiveMembers", null)]
    public void LimitOf_Url_NamesTheTeamsLimitOrNone(string url, TeamsLimit? expected) =>
        Assert.Equal(expected, TeamsRoutes.LimitOf(new Uri(url)));

    [Fact]
    public void LimitOf_WriteToAChat_IsNotAPacedRead() =>
        Assert.Null(TeamsRoutes.LimitOf(new HttpRequestMessage(HttpMethod.Post, "https://graph.microsoft.com/v1.0/chats/19:abc@thread.v2/messages")));

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    public void Validate_TeamsRequestsPerSecondOutOfRange_FailsNamingTheSetting(string value)
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["GraphNetworker:Scope:OptInGroupId"] = "group",
                ["GraphNetworker:Graph:TeamsRequestsPerSecond"] = value,
            }).Build())
            .AddGraphNetworkerGraph()
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("TeamsRequestsPerSecond", error.Message, StringComparison.Ordinal);
    }
}
