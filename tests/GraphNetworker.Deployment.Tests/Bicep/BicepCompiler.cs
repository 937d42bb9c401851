using System.Reflection;
using System.Text;
using System.Text.Json;
using GraphNetworker.Deployment.Tests.Infrastructure;

namespace GraphNetworker.Deployment.Tests.Bicep;

/// <summary>One finding of the Bicep compiler or linter, read from its SARIF output.</summary>
internal sealed record BicepDiagnostic(string File, int Line, string RuleId, string Level, string Message)
{
    public override string ToString() => $"{File}({Line}): {Level} {RuleId}: {Message}";
}

/// <summary>The Bicep compiler from the Azure.Bicep.CommandLine.linux-x64 package.</summary>
internal static class BicepCompiler
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string Executable { get; } =
        typeof(BicepCompiler).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "BicepExecutable").Value
        ?? throw new InvalidOperationException("The BicepExecutable assembly metadata is empty.");

    public static async Task<ToolResult> RunAsync(string workingDirectory, CancellationToken cancellationToken, params string[] arguments)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"The Bicep compiler is not at {Executable}: restore the test project.");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(Executable) & UnixFileMode.UserExecute) == 0)
        {
            throw new InvalidOperationException($"{Executable} has no run bit: build the test project (its SetBicepRunBit target sets it).");
        }

        return await Tool.RunAsync(Executable, arguments, Timeout, workingDirectory, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Reads the SARIF documents Bicep prints (one per file with <c>--pattern</c>, one after the other) and
    /// returns every result, with its file relative to <paramref name="root"/>.
    /// </summary>
    public static IReadOnlyList<BicepDiagnostic> ParseSarif(string sarif, string root)
    {
        var diagnostics = new List<BicepDiagnostic>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(sarif), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
            {
                foreach (var result in run.GetProperty("results").EnumerateArray())
                {
                    var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                    var file = new Uri(location.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath;
                    diagnostics.Add(new BicepDiagnostic(
                        Path.GetRelativePath(root, file).Replace('\\', '/'),
                        location.GetProperty("region").GetProperty("startLine").GetInt32(),
                        result.GetProperty("ruleId").GetString() ?? "?",
                        result.TryGetProperty("level", out var level) && level.ValueKind == JsonValueKind.String ? level.GetString()! : "warning",
                        result.GetProperty("message").GetProperty("text").GetString() ?? string.Empty));
                }
            }
        }

        return diagnostics;
    }
}
