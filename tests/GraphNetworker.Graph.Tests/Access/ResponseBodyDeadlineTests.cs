using GraphNetworker.Graph.Sync;
using GraphNetworker.Graph.Tests.Infrastructure;
using GraphNetworker.GraphEmulator;

namespace GraphNetworker.Graph.Tests.Access;

/// <summary>
/// Typed SDK reads (not delta pages) whose body stalls after the headers: each ends with a <see cref="TimeoutException"/>
/// once the request timeout has passed on the worker's clock, instead of waiting for ever. The clock is the test's
/// (moved by hand), so nothing depends on how fast the machine is.
/// </summary>
public sealed class ResponseBodyDeadlineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Reads => new()
    {
        { "directory users", @"^/users\?" },
        { "directory groups", @"^/groups\?" },
        { "scope (opt-in group members)", "transitiveMembers" },
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task StalledBody_OnATypedRead_FailsWithATimeout_OnceTheRequestTimeoutHasPassed(string read, string path)
    {
        await using var graph = await GraphFixture.StartAsync();
        graph.Emulator.Control.AddFault(new FaultRule { Method = "GET", PathPattern = path, Kind = FaultKind.StalledBody, Count = 0 });
        var timeout = graph.Get<Microsoft.Extensions.Options.IOptions<GraphOptions>>().Value.RequestTimeout;

        Task running = read.StartsWith("directory", StringComparison.Ordinal)
            ? graph.Get<DirectoryReader>().ReadAsync(Ct)
            : graph.Get<ScopeReader>().ReadAsync(Ct);

        // Time on the worker's clock passes only when moved: the read has no other way to end than the body's deadline.
        for (var moves = 0; !running.IsCompleted && moves < 400; moves++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), Ct);
            if (graph.Emulator.Control.Requests.Any(r => System.Text.RegularExpressions.Regex.IsMatch(r.Url["/v1.0".Length..], path)))
            {
                graph.Clock.Advance(timeout / 4);
            }
        }

        Assert.True(running.IsCompleted, $"the {read} read still waits on its body");
        var error = await Assert.ThrowsAsync<TimeoutException>(() => running);
        Assert.Contains("did not arrive", error.Message, StringComparison.Ordinal);
    }
}
