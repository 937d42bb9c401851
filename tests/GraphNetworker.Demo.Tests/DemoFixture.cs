using GraphNetworker.Tests.Common;

namespace GraphNetworker.Demo.Tests;

/// <summary>One demo run (the README's first command) into a temporary data folder, shared by the command tests.</summary>
public sealed class DemoFixture : IAsyncLifetime
{
    public string Data { get; } = Path.Combine(Path.GetTempPath(), "gn-demo-" + Guid.NewGuid().ToString("N")[..8]);

    public Cli.Result First { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // As `demo --no-preview > file` runs it: output redirected, NO_COLOR not set.
        First = await Cli.RunAsync($"demo --no-preview --data \"{Data}\"", new Dictionary<string, string> { ["NO_COLOR"] = string.Empty });
        Assert.True(First.ExitCode == 0, First.Output + First.Error);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Data, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }

        return ValueTask.CompletedTask;
    }
}
