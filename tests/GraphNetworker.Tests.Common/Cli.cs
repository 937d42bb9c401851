using System.Diagnostics;

namespace GraphNetworker.Tests.Common;

/// <summary>Runs one <c>graphnetworker</c> command to completion and returns its exit code and output.</summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(string arguments, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default, string? workingDirectory = null)
    {
        var folder = AppContext.BaseDirectory;
        var program = arguments.StartsWith("demo", StringComparison.Ordinal) ? "graphnetworker-demo.dll" : "graphnetworker.dll";
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(folder, program)}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? folder,
        };
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["COLUMNS"] = "200";
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("graphnetworker did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>A private copy of a data folder, so a test can change it freely.</summary>
    public static string CopyOf(string folder)
    {
        var copy = Path.Combine(Path.GetTempPath(), "gn-cli-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }
}
