using System.Collections.Concurrent;
using System.Diagnostics;

namespace GraphNetworker.Tests.Common;

/// <summary>The real worker (<c>graphnetworker run</c>) as a child process, configured by environment variables.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private WorkerProcess(Process process) => _process = process;

    public IReadOnlyCollection<string> Lines => _lines;

    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var folder = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(Path.Combine(folder, arguments.FirstOrDefault() == "demo" ? "graphnetworker-demo.dll" : "graphnetworker.dll"));
        foreach (var argument in arguments.Length == 0 ? ["run"] : arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The worker did not start.");
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) worker._lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) worker._lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>kill -9: no shutdown, no flush, no finally blocks.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Sends a signal (<c>INT</c>, <c>TERM</c>) as a terminal or an orchestrator would, and waits for the process to end.</summary>
    public async Task<(int ExitCode, TimeSpan Took)> SignalAsync(string signal, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", $"-{signal} {_process.Id}"))
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"SIG{signal} did not stop the process within {timeout.TotalSeconds:0} s. Last lines:\n{string.Join('\n', _lines.TakeLast(30))}");
        }

        return (_process.ExitCode, watch.Elapsed);
    }

    public async Task WaitForAsync(Func<string, bool> line, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (!_lines.Any(line))
        {
            if (_process.HasExited || watch.Elapsed > timeout)
            {
                throw new TimeoutException($"The worker never logged the expected line (exited: {_process.HasExited}). Last lines:\n{string.Join('\n', _lines.TakeLast(30))}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
