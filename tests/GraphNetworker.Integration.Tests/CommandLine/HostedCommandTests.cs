using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using GraphNetworker.GraphEmulator;
using GraphNetworker.Integration.Tests.Infrastructure;

namespace GraphNetworker.Integration.Tests.CommandLine;

/// <summary><c>doctor</c>, <c>run</c> and the demo's preview page, each as a real process against a real emulator.</summary>
public sealed partial class HostedCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Environment(GraphEmulatorServer emulator, string data) => new()
    {
        ["GraphNetworker__Store__DataFolder"] = data,
        ["GraphNetworker__Graph__Mode"] = "Emulator",
        ["GraphNetworker__Graph__BaseUrl"] = emulator.BaseUrl.ToString(),
        ["GraphNetworker__Scope__OptInGroupId"] = emulator.Control.SyntheticManifest!.GroupId,
    };

    private static string TempFolder() => Path.Combine(Path.GetTempPath(), "gn-host-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Doctor_HealthySetup_EveryCheckPasses()
    {
        await using var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions(), Ct);

        var result = await Cli.RunAsync("doctor", Environment(emulator, TempFolder()), Ct);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        foreach (var check in new[] { "Database", "Configuration", "Graph", "Token roles", "Opt-in group", "Mail metadata", "Calendar", "Mailbox settings", "To Do" })
        {
            Assert.Contains(check, result.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("problem", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_BrokenSetups_NameTheProblem()
    {
        await using var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions
        {
            TokenRoles = { ["limited-token"] = new TokenGrant { Roles = ["User.Read.All", "GroupMember.Read.All"] } },
        }, Ct);
        var data = TempFolder();

        var badKey = await Cli.RunAsync("doctor", new Dictionary<string, string>(Environment(emulator, data)) { ["GraphNetworker__Graph__BaseUrl"] = "https://graph.microsoft.com/beta" }, Ct);
        var noMailAccess = await Cli.RunAsync("doctor", new Dictionary<string, string>(Environment(emulator, data)) { ["GraphNetworker__Graph__EmulatorToken"] = "limited-token" }, Ct);

        Assert.Equal(1, badKey.ExitCode);
        Assert.Contains("GraphNetworker:Graph:BaseUrl must be an absolute URL ending in /v1.0", badKey.Output, StringComparison.Ordinal);
        Assert.Equal(1, noMailAccess.ExitCode);
        Assert.Matches(@"Mail metadata\s+│\s+problem\s+│\s+Graph 403", noMailAccess.Output);
    }

    [Fact]
    public async Task Run_TheHostedWorker_CompletesACycle_AndItsHealthEndpointsAnswer()
    {
        await using var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions(), Ct);
        var environment = Environment(emulator, TempFolder());
        environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        await using var worker = WorkerProcess.Start(environment);

        await worker.WaitForAsync(l => l.Contains("Cycle done:", StringComparison.Ordinal), TimeSpan.FromMinutes(3), Ct);
        var address = worker.Lines.Select(l => ListeningOn().Match(l)).First(m => m.Success).Groups["url"].Value;
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var live = await http.GetAsync(new Uri("/healthz/live", UriKind.Relative), Ct);
        var ready = await http.GetAsync(new Uri("/healthz/ready", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(Ct));
        Assert.Contains(worker.Lines, l => l.Contains("Cycle done: 3 mailboxes, 3 synced, 0 failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Preview_ShowsEachUsersToDoListAndCalendarWeek_InAHeadlessBrowser()
    {
        var data = TempFolder();
        var port = FreePort();
        await using var demo = WorkerProcess.Start(new Dictionary<string, string> { ["COLUMNS"] = "200", ["NO_COLOR"] = "1" }, "demo", "--data", data, "--preview-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await demo.WaitForAsync(l => l.Contains("Preview of what each user now sees in Outlook", StringComparison.Ordinal), TimeSpan.FromMinutes(3), Ct);
        using var http = new HttpClient();
        var page = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/user/astrid.purdy%40contoso.com"), Ct);

        Assert.Contains("<h1>Keep in touch</h1>", page, StringComparison.Ordinal);
        Assert.Contains("Reconnect with ", page, StringComparison.Ordinal);
        Assert.Contains("Coffee catch-up: ", page, StringComparison.Ordinal);
        Assert.Contains("tentative · private · no one invited", page, StringComparison.Ordinal);
        Assert.Contains("Not a relationship: stop suggesting", page, StringComparison.Ordinal);

        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (chromium is null)
        {
            Assert.SkipWhen(System.Environment.GetEnvironmentVariable("GRAPHNETWORKER_REQUIRE_CHROMIUM") != "1", "Chromium is not installed; the page was checked as HTML only.");
            Assert.Fail("GRAPHNETWORKER_REQUIRE_CHROMIUM=1 but Chromium is not installed.");
        }

        var screenshot = Path.Combine(AppContext.BaseDirectory, "preview.png");
        File.Delete(screenshot);
        await ScreenshotAsync(chromium, $"http://127.0.0.1:{port}/user/astrid.purdy%40contoso.com", screenshot);
        var bytes = await File.ReadAllBytesAsync(screenshot, Ct);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.True(bytes.Length > 20_000, $"a {bytes.Length}-byte screenshot is too small to show the page");
    }

    private static async Task ScreenshotAsync(string chromium, string url, string file)
    {
        var profile = Path.Combine(Path.GetTempPath(), "gn-chromium-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={profile}", "--window-size=1400,1000",
            $"--screenshot={file}", url,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
