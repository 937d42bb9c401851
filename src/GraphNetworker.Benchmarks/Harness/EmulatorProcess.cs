using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator;

namespace GraphNetworker.Benchmarks.Harness;

/// <summary>
/// The Graph emulator in a process of its own (its command line, from the benchmark's output folder), so that the
/// measuring process holds the worker alone: its CPU time, memory and allocations are the worker's, and the emulator's
/// are read apart from <c>/proc</c>. Statistics and new mail go through the emulator's control API, as a test would.
/// </summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly HttpClient _control;

    private EmulatorProcess(Process? process, Uri baseUrl, Uri controlUrl, string token)
    {
        _process = process;
        BaseUrl = baseUrl;
        ControlUrl = controlUrl;
        Token = token;
        _control = new HttpClient { BaseAddress = new Uri(controlUrl + "/"), Timeout = TimeSpan.FromMinutes(2) };
        _control.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri BaseUrl { get; }

    public Uri ControlUrl { get; }

    /// <summary>The control API's bearer token (another measuring process attaches with it).</summary>
    public string Token { get; }

    /// <summary>The synthetic tenant's opt-in group (all its mailboxes).</summary>
    public string GroupId { get; private set; } = string.Empty;

    /// <summary>The emulator process's CPU time so far (user and system); zero for an emulator another process started.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process?.Refresh();
            return _process?.TotalProcessorTime ?? TimeSpan.Zero;
        }
    }

    /// <summary>An emulator another measuring process started (it stops it too).</summary>
    public static async Task<EmulatorProcess> AttachAsync(Uri baseUrl, Uri controlUrl, string token, CancellationToken cancellationToken)
    {
        var emulator = new EmulatorProcess(null, baseUrl, controlUrl, token);
        await emulator.WaitUntilReadyAsync(new StringBuilder(), cancellationToken);
        return emulator;
    }

    public static async Task<EmulatorProcess> StartAsync(BenchSpec spec, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var executable = Path.Combine(AppContext.BaseDirectory, "GraphNetworker.GraphEmulator.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(executable);
        foreach (var argument in new[]
                 {
                     "--tenant", spec.Tenant,
                     "--urls", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
                     "--latency", TimeSpan.FromMilliseconds(spec.LatencyMs).ToString("c", CultureInfo.InvariantCulture),
                     "--throttling", spec.Throttling ? "true" : "false",
                     "--request-log-capacity", "0", // the log would keep 10,000 requests in memory: counters are enough here
                 })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Emulator__ControlToken"] = token;
        start.Environment["DOTNET_gcServer"] = "0";
        // A profiler attached to the benchmark (dotnet-trace launching it) must not suspend the emulator too.
        start.Environment.Remove("DOTNET_DiagnosticPorts");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the Graph emulator.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var authority = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        var emulator = new EmulatorProcess(process, new Uri(authority + "/v1.0"), new Uri(authority + "/_emulator"), token);
        await emulator.WaitUntilReadyAsync(output, cancellationToken);
        return emulator;
    }

    public async Task ResetStatisticsAsync() => (await _control.DeleteAsync("stats")).EnsureSuccessStatusCode();

    public async Task<EmulatorStatistics> StatisticsAsync()
    {
        using var response = await _control.GetAsync("stats");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<EmulatorStatistics>(Json) ?? throw new InvalidDataException("No statistics.");
    }

    /// <summary>Changes the modelled network time per request from now on (a tenant backfilled fast, then measured at a real latency).</summary>
    public async Task SetLatencyAsync(TimeSpan latency)
    {
        var body = new JsonObject { ["latency"] = latency.ToString("c", CultureInfo.InvariantCulture) };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        (await _control.PostAsync("settings", content)).EnsureSuccessStatusCode();
    }

    /// <summary>New mail in a mailbox's folder: it appears in the next delta round.</summary>
    public async Task AddMessageAsync(string user, string folder, JsonObject item)
    {
        var body = new JsonObject { ["op"] = "addMessage", ["user"] = user, ["folder"] = folder, ["item"] = item };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        (await _control.PostAsync("mutate", content)).EnsureSuccessStatusCode();
    }

    /// <summary>Peak resident memory of the emulator process (VmHWM), in MiB.</summary>
    public double PeakMiB()
    {
        if (_process is null)
        {
            return double.NaN;
        }

        var status = File.ReadAllLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return status is null ? double.NaN : double.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task WaitUntilReadyAsync(StringBuilder output, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"The Graph emulator exited with code {_process.ExitCode}: {Snapshot(output)}");
            }

            try
            {
                using var response = await _control.GetAsync("synthetic", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var manifest = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
                    GroupId = manifest?["groupId"]?.GetValue<string>() ?? throw new InvalidDataException("The emulator's tenant has no opt-in group.");
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken);
        }

        throw new TimeoutException($"The Graph emulator did not start within two minutes: {Snapshot(output)}");
    }

    private static void Keep(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            // Only the start matters (why it failed); a long run's request lines are not kept.
            if (output.Length < 16_000)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
