using Microsoft.Extensions.Time.Testing;
using GraphNetworker.Tests.Common;

namespace GraphNetworker.GraphEmulator.Tests.Infrastructure;

/// <summary>
/// Moves a test clock forward until work that waits on it has finished. Requests register their timers
/// asynchronously, so the clock is advanced in steps while the test awaits completion (never a fixed sleep).
/// </summary>
internal static class ClockDriver
{
    public static async Task<T> AdvanceUntilDoneAsync<T>(FakeTimeProvider clock, Task<T> work, TimeSpan step)
    {
        for (var i = 0; i < 2000 && !work.IsCompleted; i++)
        {
            clock.Advance(step);
            await Task.WhenAny(work, Task.Delay(TimeSpan.FromMilliseconds(5), TestContext.Current.CancellationToken));
        }

        return await work;
    }
}
