using System.Net;
using GraphNetworker.Tests.Common;
using Microsoft.Data.Sqlite;

namespace GraphNetworker.Demo.Tests;

/// <summary>The demo as a user runs it, as a real process: stopped mid-cycle, given an unusual data folder, its preview's scope.</summary>
public sealed class DemoProcessTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string TempFolder(string name = "gn-demo-") => Path.Combine(Path.GetTempPath(), name + Guid.NewGuid().ToString("N")[..8]);

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Demo_SignalledMidCycle_StopsWithinSeconds_AndReleasesEveryLease(string signal)
    {
        var data = TempFolder();
        await using var process = WorkerProcess.Start(new Dictionary<string, string> { ["NO_COLOR"] = "1" }, "demo", "--data", data, "--no-preview", "--cycles", "50");

        // Redirected, the demo prints one line per mailbox as it finishes: the first one is mid-cycle.
        await process.WaitForAsync(l => l.Contains("@contoso.com: synced,", StringComparison.Ordinal), TimeSpan.FromMinutes(3), Ct);
        var (exit, took) = await process.SignalAsync(signal, TimeSpan.FromSeconds(30));

        Assert.True(took < TimeSpan.FromSeconds(15), $"took {took}");
        Assert.Equal(0, exit);
        Assert.DoesNotContain(process.Lines, l => l.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0L, await ScalarAsync(data, "SELECT COUNT(*) FROM Mailboxes WHERE LeaseOwner IS NOT NULL"));
        Assert.True(await ScalarAsync(data, "SELECT COUNT(*) FROM Mailboxes") > 0);
    }

    [Fact]
    public async Task Demo_DataFolderWithASemicolonAndSpaces_KeepsItsDatabaseInThatFolder()
    {
        // A ';' would end an interpolated SQLite connection string; the builder keeps it part of the path.
        var data = Path.Combine(TempFolder(), "my data;Mode=ReadOnly; x");

        var result = await Cli.RunAsync($"report --mailbox nobody@contoso.com --data \"{data}\"", cancellationToken: Ct);

        Assert.True(File.Exists(Path.Combine(data, "graphnetworker.db")), result.Output + result.Error);
        Assert.DoesNotContain("readonly database", result.Output + result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("nobody@contoso.com", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_ListsOnlyMailboxesInScope_RefusesAPurgedOne_AndStopsOnCtrlC()
    {
        var data = Cli.CopyOf(demo.Data);
        const string purged = "astrid.purdy@contoso.com";
        var purge = await Cli.RunAsync($"purge --mailbox {purged} --data \"{data}\"", cancellationToken: Ct);
        Assert.True(purge.ExitCode == 0, purge.Output + purge.Error);
        var port = FreePort();

        await using var process = WorkerProcess.Start(new Dictionary<string, string> { ["NO_COLOR"] = "1" }, "demo", "--data", data, "--preview-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await process.WaitForAsync(l => l.Contains("Preview of what each user now sees in Outlook", StringComparison.Ordinal), TimeSpan.FromMinutes(3), Ct);
        using var http = new HttpClient();
        var index = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"), Ct);
        var refused = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/user/{Uri.EscapeDataString(purged)}"), Ct);

        Assert.Contains("<h1>Keep in touch</h1>", index, StringComparison.Ordinal);
        Assert.DoesNotContain(purged, index, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Uri.EscapeDataString(purged), index, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Astrid", index, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        // Ctrl+C ends the preview with a line that says so.
        var (exit, _) = await process.SignalAsync("INT", TimeSpan.FromSeconds(30));
        Assert.Equal(0, exit);
        Assert.Contains(process.Lines, l => l.StartsWith("Preview stopped.", StringComparison.Ordinal));
    }

    private static async Task<long> ScalarAsync(string data, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(data, "graphnetworker.db"), Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
