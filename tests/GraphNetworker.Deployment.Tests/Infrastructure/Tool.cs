using System.Diagnostics;
using System.Text;

namespace GraphNetworker.Deployment.Tests.Infrastructure;

/// <summary>What a finished command printed and returned.</summary>
internal sealed record ToolResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public string Describe() =>
        new StringBuilder()
            .AppendLine($"$ {CommandLine}  (exit code {ExitCode})")
            .AppendLine("--- stdout ---").AppendLine(StandardOutput.TrimEnd())
            .AppendLine("--- stderr ---").AppendLine(StandardError.TrimEnd())
            .ToString();
}

/// <summary>Runs the real command-line tools (bicep, bash scripts) with a time limit.</summary>
internal static class Tool
{
    public static async Task<ToolResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        var commandLine = string.Join(' ', [fileName, .. start.ArgumentList]);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + commandLine);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"{commandLine} did not finish within {timeout}:\n{await output}\n{await error}");
        }

        return new ToolResult(commandLine, process.ExitCode, await output, await error);
    }

    /// <summary>True when <paramref name="name"/> is an executable file on PATH.</summary>
    public static bool IsOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .Any(path => File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0));
}
