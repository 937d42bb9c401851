using System.Collections.Concurrent;
using System.Diagnostics;

namespace GraphNetworker.Tests.Common;

/// <summary>The real worker (<c>graphnetworker run</c>) as a child process, configured by environment variables.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<(Func<string, bool> Matches, TaskCompletionSource Seen)> _awaited = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process) => _process = process;

    public IReadOnlyCollection<string> Lines => _lines;

    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        StartProgram(arguments.FirstOrDefault() == "demo" ? "graphnetworker-demo.dll" : "graphnetworker.dll", environment, arguments.Length == 0 ? ["run"] : arguments);

    /// <summary>The Graph emulator's own command line (<c>GraphNetworker.GraphEmulator</c>) as a child process.</summary>
    public static WorkerProcess StartEmulator(params string[] arguments) =>
        StartProgram("GraphNetworker.GraphEmulator.dll", new Dictionary<string, string>(), arguments);

    private static WorkerProcess StartProgram(string program, IReadOnlyDictionary<string, string> environment, string[] arguments)
    {
        var folder = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(Path.Combine(folder, program));
        foreach (var argument in arguments)
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

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Received(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Received(e.Data);
        process.Exited += (_, _) => worker._exited.TrySetResult();
        if (!process.Start())
        {
            throw new InvalidOperationException($"{program} did not start.");
        }

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

    /// <summary>
    /// Until the process prints a line that matches (stdout or stderr), waiting on its output as it arrives; fails at
    /// once when the process exits first, and after <paramref name="timeout"/> (generous: a real process on a busy
    /// machine) with its last lines.
    /// </summary>
    public async Task WaitForAsync(Func<string, bool> line, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaited.Enqueue((line, seen));
        if (_lines.Any(line))
        {
            seen.TrySetResult();
        }

        var first = await Task.WhenAny(seen.Task, _exited.Task, Task.Delay(timeout, cancellationToken));
        if (first != seen.Task)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"The process never printed the expected line (exited: {_process.HasExited}). Last lines:\n{string.Join('\n', _lines.TakeLast(30))}");
        }
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        foreach (var (matches, seen) in _awaited)
        {
            if (!seen.Task.IsCompleted && matches(line))
            {
                seen.TrySetResult();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
