using GraphNetworker.Graph.Access;
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
    public async Task WaitTurn_FiftyThreeReadsOneAfterAnother_At25PerSecond_TakeTwoSeconds()
    {
        // Every wait ends at once on this clock, which then stands where the wait ended: the virtual time the reads took.
        var clock = new WaitSkippingClock(Start);
        var pace = Pace(clock);

        for (var i = 0; i < 53; i++)
        {
            await pace.WaitTurnAsync(TeamsLimit.Chats, Ct);
        }

        // A burst of three (a tenth of a second's share, rounded up), then one every 40 ms: 50 × 40 ms.
        Assert.Equal(TimeSpan.FromSeconds(2), clock.GetUtcNow() - Start);
        Assert.Equal(new TeamsPaceTotals(53, 0), pace.Totals(TeamsLimit.Chats));
    }

    [Fact]
    public async Task WaitTurn_TenMailboxesAtOnce_At10PerSecond_OneReadEvery100Milliseconds()
    {
        var clock = new FakeTimeProvider(Start);
        var pace = Pace(clock, requestsPerSecond: 10);

        var reads = Enumerable.Range(0, 10).Select(_ => pace.WaitTurnAsync(TeamsLimit.Chats, Ct)).ToList();

        Assert.True(reads[0].IsCompletedSuccessfully);
        for (var i = 1; i < reads.Count; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(99));
            Assert.False(reads[i].IsCompleted, $"read {i} went early");
            clock.Advance(TimeSpan.FromMilliseconds(1));
            await reads[i].WaitAsync(TimeSpan.FromSeconds(10), Ct);
        }
    }

    [Fact]
    public async Task WaitTurn_AfterA429_EveryReadAgainstThatLimitWaitsOutRetryAfter_TheOtherLimitDoesNot()
    {
        var clock = new FakeTimeProvider(Start);
        var pace = Pace(clock, requestsPerSecond: 10);
        await pace.WaitTurnAsync(TeamsLimit.Chats, Ct);
        var reservedBefore = pace.WaitTurnAsync(TeamsLimit.Chats, Ct); // its moment: 100 ms

        pace.Throttled(TeamsLimit.Chats, TimeSpan.FromSeconds(30));
        var after = pace.WaitTurnAsync(TeamsLimit.Chats, Ct);
        var callRecords = pace.WaitTurnAsync(TeamsLimit.CallRecords, Ct);

        Assert.True(callRecords.IsCompletedSuccessfully);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(reservedBefore.IsCompleted, "a read reserved before the 429 went during the pause");
        Assert.False(after.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await after.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        // The read that was waiting when the 429 came takes the next moment after the pause, at the pace.
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await reservedBefore.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(new TeamsPaceTotals(3, 1), pace.Totals(TeamsLimit.Chats));
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
    [InlineData("1001")]
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
