using System.Diagnostics;
using System.Net;
using GraphNetworker.Demo.Preview;
using GraphNetworker.Tests.Common;

namespace GraphNetworker.Demo.Tests.Preview;

/// <summary>The demo's preview page, served by the real demo process, looked at in a headless browser.</summary>
public sealed class PreviewTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string TempFolder() => Path.Combine(Path.GetTempPath(), "gn-preview-" + Guid.NewGuid().ToString("N")[..8]);

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

        // Another host name for the same address is DNS rebinding from some web page: refused.
        using var rebound = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}/user/astrid.purdy%40contoso.com"));
        rebound.Headers.Host = "rebind.example";
        Assert.Equal(HttpStatusCode.MisdirectedRequest, (await http.SendAsync(rebound, Ct)).StatusCode);

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

    [Fact]
    public void Render_TaskLinkedToAScript_ShowsNoLinkForIt()
    {
        var model = new PreviewModel("Avery", "avery@contoso.com", "UTC", "Keep in touch",
            [
                new PreviewTask("Reconnect with Dana", null, "notes", false, [], "javascript:alert(document.cookie)", "Last conversation"),
                new PreviewTask("Reconnect with Lee", null, "notes", false, [], "https://outlook.office.com/mail/id/AAMk", "Last conversation"),
            ],
            new DateTime(2026, 11, 23), [], [("Avery", "avery@contoso.com")]);

        var page = PreviewPage.Render(model);

        Assert.DoesNotContain("javascript:", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://outlook.office.com/mail/id/AAMk\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Demo_StoppedWhileShowingThePreview_ExitsCleanlyWithinSeconds(string signal)
    {
        var port = FreePort();
        await using var demo = WorkerProcess.Start(new Dictionary<string, string> { ["NO_COLOR"] = "1" }, "demo", "--data", TempFolder(), "--preview-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await demo.WaitForAsync(l => l.Contains("Preview of what each user now sees in Outlook", StringComparison.Ordinal), TimeSpan.FromMinutes(3), Ct);

        var (exit, took) = await demo.SignalAsync(signal, TimeSpan.FromSeconds(20));

        Assert.Equal(0, exit);
        Assert.True(took < TimeSpan.FromSeconds(10), $"took {took}");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
