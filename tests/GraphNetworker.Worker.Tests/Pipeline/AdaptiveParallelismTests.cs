using GraphNetworker.Worker.Pipeline;

namespace GraphNetworker.Worker.Tests.Pipeline;

public sealed class AdaptiveParallelismTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnthrottledMailboxes_WidenByOneEach_UpToTheMaximum()
    {
        var width = new AdaptiveParallelism(start: 2, max: 4);

        for (var i = 0; i < 5; i++)
        {
            await width.EnterAsync(Ct);
            width.Exit(throttled: false);
        }

        Assert.Equal(4, width.Limit);
    }

    [Fact]
    public async Task AThrottledMailbox_HalvesTheWidth_NeverBelowOne()
    {
        var width = new AdaptiveParallelism(start: 8, max: 32);

        await width.EnterAsync(Ct);
        width.Exit(throttled: true);
        Assert.Equal(4, width.Limit);

        for (var i = 0; i < 5; i++)
        {
            await width.EnterAsync(Ct);
            width.Exit(throttled: true);
        }

        Assert.Equal(1, width.Limit);
    }

    [Fact]
    public async Task AtTheLimit_TheNextWaits_UntilOneFinishes_AndWideningLetsMoreIn()
    {
        var width = new AdaptiveParallelism(start: 1, max: 3);
        await width.EnterAsync(Ct);
        var second = width.EnterAsync(Ct);
        var third = width.EnterAsync(Ct);
        Assert.False(second.IsCompleted);

        // One finished unthrottled: its place and one more (the limit is now 2) go to the two waiting.
        width.Exit(throttled: false);
        await second.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await third.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(2, width.Widest);
    }

    [Fact]
    public async Task AWaiterWhoseCycleWasCancelled_TakesNoPlace()
    {
        var width = new AdaptiveParallelism(start: 1, max: 1);
        await width.EnterAsync(Ct);
        using var cancelled = new CancellationTokenSource();
        var gone = width.EnterAsync(cancelled.Token);
        var next = width.EnterAsync(Ct);

        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        width.Exit(throttled: false);

        await next.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(1, width.Widest);
    }
}
