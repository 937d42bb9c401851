using GraphNetworker.Graph.Access;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Graph.Tests.Access;

/// <summary>Each mailbox stays inside Outlook's limits: four at once, a budget per window, a pause after throttling.</summary>
public sealed class MailboxGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Enter_FifthConcurrentRequest_WaitsForOneToFinish()
    {
        var gate = new MailboxGate(Options.Create(new GraphOptions()), new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero)));
        var held = new List<IDisposable>();
        for (var i = 0; i < 4; i++)
        {
            held.Add(await gate.EnterAsync("u1", 1, Ct));
        }

        // Another mailbox enters at once; the fifth of this one is still waiting after that, and only a release lets it in.
        var fifth = gate.EnterAsync("u1", 1, Ct);
        var otherMailbox = await gate.EnterAsync("u2", 1, Ct);
        Assert.False(fifth.IsCompleted);

        held[0].Dispose();
        (await fifth).Dispose();
        otherMailbox.Dispose();
    }

    [Fact]
    public async Task Totals_TwoReadings_TheirDifferenceIsOneCyclesRequests()
    {
        var gate = new MailboxGate(Options.Create(new GraphOptions()), new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero)));
        (await gate.EnterAsync("U1", 3, Ct)).Dispose();
        var before = gate.Totals("u1");

        (await gate.EnterAsync("u1", 2, Ct)).Dispose();
        gate.Throttled("u1", TimeSpan.Zero);
        gate.Faulted("u1");

        Assert.Equal(new MailboxRequestStats(2, 1, 1), gate.Totals("u1").Since(before));
        Assert.Equal(MailboxRequestStats.Zero, gate.Totals("someone-else"));
    }

    [Fact]
    public async Task Enter_AfterThrottling_WaitsOutRetryAfter()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var gate = new MailboxGate(Options.Create(new GraphOptions()), clock);
        gate.Throttled("u1", TimeSpan.FromSeconds(30));

        // Time moves only when the test says so: 29 seconds in, the pause still holds; past 30 it ends.
        var waiting = gate.EnterAsync("u1", 1, Ct);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(waiting.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(2));
        (await waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Dispose();
    }
}
