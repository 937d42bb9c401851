using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using GraphNetworker.Deployment.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(GraphNetworker.Deployment.Tests.Bicep.CompiledInfrastructure))]

namespace GraphNetworker.Deployment.Tests.Bicep;

/// <summary>
/// infra/ compiled once per test run by the real Bicep compiler. The Microsoft Graph extension cannot be
/// pulled from its registry here, so it is built from the type files kept beside these tests and a temporary
/// copy of infra/ points its bicepconfig.json at that file; the committed infra/ is not changed.
/// </summary>
public sealed class CompiledInfrastructure : IAsyncLifetime
{
    public const string TenantId = "55555555-5555-5555-5555-555555555555";
    public const string SubscriptionId = "66666666-6666-6666-6666-666666666666";
    public const string Location = "westeurope";

    private readonly ConcurrentDictionary<string, Lazy<Task<DeploymentSnapshot>>> _snapshots = new();
    private DirectoryInfo? _work;

    /// <summary>The folder holding the copy: infra/ is under it.</summary>
    public string WorkFolder => _work?.FullName ?? throw new InvalidOperationException("Not initialised.");

    public string InfraCopy => Path.Combine(WorkFolder, "infra");

    /// <summary>Every .bicep file of infra/, relative to it, with '/' separators.</summary>
    public static IReadOnlyList<string> BicepFiles { get; } =
        Directory.EnumerateFiles(Repository.PathOf("infra"), "*.bicep", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Repository.PathOf("infra"), path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>What `bicep build --pattern` and `bicep lint --pattern` reported for all of infra/.</summary>
    internal IReadOnlyList<BicepDiagnostic> BuildDiagnostics { get; private set; } = [];

    internal IReadOnlyList<BicepDiagnostic> LintDiagnostics { get; private set; } = [];

    internal ToolResult Build { get; private set; } = null!;

    internal ToolResult Lint { get; private set; } = null!;

    /// <summary>infra/main.bicep as ARM JSON.</summary>
    public JsonObject MainTemplate { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _work = Directory.CreateTempSubdirectory("gn-bicep-");
        CopyFolder(Repository.PathOf("infra"), InfraCopy);

        var extension = Path.Combine(WorkFolder, "microsoftgraph-v1.0.tgz");
        var publish = await BicepCompiler.RunAsync(WorkFolder, cancellationToken,
            "publish-extension", Repository.PathOf("tests", "GraphNetworker.Deployment.Tests", "MicrosoftGraphBicepTypes", "index.json"),
            "--target", extension, "--force");
        if (publish.ExitCode != 0 || !File.Exists(extension))
        {
            throw new InvalidOperationException("bicep publish-extension failed:\n" + publish.Describe());
        }

        var config = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(InfraCopy, "bicepconfig.json"), cancellationToken))!.AsObject();
        config["extensions"]!["microsoftGraphV1"] = extension;
        await File.WriteAllTextAsync(Path.Combine(InfraCopy, "bicepconfig.json"), config.ToJsonString(), cancellationToken);

        Build = await BicepCompiler.RunAsync(WorkFolder, cancellationToken, "build", "--pattern", "infra/**/*.bicep", "--diagnostics-format", "sarif");
        BuildDiagnostics = BicepCompiler.ParseSarif(Build.StandardError, InfraCopy);
        Lint = await BicepCompiler.RunAsync(WorkFolder, cancellationToken, "lint", "--pattern", "infra/**/*.bicep", "--diagnostics-format", "sarif");
        LintDiagnostics = BicepCompiler.ParseSarif(Lint.StandardOutput, InfraCopy);

        var main = Path.Combine(InfraCopy, "main.json");
        if (File.Exists(main))
        {
            MainTemplate = JsonNode.Parse(await File.ReadAllTextAsync(main, cancellationToken))!.AsObject();
        }
    }

    public ValueTask DisposeAsync()
    {
        _work?.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// What ARM would deploy for <paramref name="scenario"/>: `bicep snapshot` evaluates the compiled
    /// template (nested modules included) with the scenario's parameters, as far as it can without Azure.
    /// Each scenario is evaluated once per run.
    /// </summary>
    internal Task<DeploymentSnapshot> SnapshotAsync(DeploymentScenario scenario) =>
        _snapshots.GetOrAdd(scenario.Name, _ => new Lazy<Task<DeploymentSnapshot>>(() => EvaluateAsync(scenario))).Value;

    private async Task<DeploymentSnapshot> EvaluateAsync(DeploymentScenario scenario)
    {
        var template = Path.Combine(InfraCopy, scenario.Template);
        var parametersFile = Path.Combine(Path.GetDirectoryName(template)!, $"{scenario.Name}.bicepparam");
        var text = new StringBuilder().AppendLine($"using '{Path.GetFileName(template)}'");
        foreach (var (name, value) in scenario.Parameters)
        {
            text.AppendLine($"param {name} = {value}");
        }

        await File.WriteAllTextAsync(parametersFile, text.ToString(), CancellationToken.None);
        List<string> arguments = ["snapshot", parametersFile, "--mode", "overwrite", "--tenant-id", TenantId,
            "--subscription-id", SubscriptionId, "--location", Location, "--deployment-name", scenario.Name];
        if (scenario.ResourceGroup is not null)
        {
            arguments.AddRange(["--resource-group", scenario.ResourceGroup]);
        }

        var result = await BicepCompiler.RunAsync(WorkFolder, CancellationToken.None, [.. arguments]);
        var snapshot = Path.ChangeExtension(parametersFile, ".snapshot.json");
        if (result.ExitCode != 0 || !File.Exists(snapshot))
        {
            throw new InvalidOperationException($"bicep snapshot of scenario '{scenario.Name}' failed:\n{text}\n{result.Describe()}");
        }

        return new DeploymentSnapshot(scenario, JsonNode.Parse(await File.ReadAllTextAsync(snapshot, CancellationToken.None))!.AsObject());
    }

    private static void CopyFolder(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
