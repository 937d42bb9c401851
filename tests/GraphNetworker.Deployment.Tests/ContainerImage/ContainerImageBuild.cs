using System.Text.Json.Nodes;
using GraphNetworker.Deployment.Tests.Infrastructure;

namespace GraphNetworker.Deployment.Tests.ContainerImage;

/// <summary>
/// The worker's image built once for the tests by deploy/build-image.sh (dotnet publish /t:PublishContainer
/// on a stand-in base served by docker-registry, checked by skopeo and umoci, run by runc), with what the
/// script left: the image's config, its file list, what its entrypoint printed, the summary.
/// </summary>
public sealed class ContainerImageBuild : IAsyncLifetime
{
    private static readonly string[] Tools = ["dotnet", "skopeo", "umoci", "jq", "docker-registry", "runc", "curl", "apt-get", "dpkg-deb"];
    private DirectoryInfo? _output;

    internal IReadOnlyList<string> MissingTools { get; private set; } = [];

    internal ToolResult? Result { get; private set; }

    public string Summary { get; private set; } = string.Empty;

    public JsonObject Config { get; private set; } = [];

    /// <summary>Absolute paths of every file and link in the image's root filesystem.</summary>
    public IReadOnlyList<string> Files { get; private set; } = [];

    public string EntrypointOutput { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        MissingTools = RequiredTools.Missing(Tools);
        if (MissingTools.Count > 0)
        {
            return;
        }

        _output = Directory.CreateTempSubdirectory("gn-image-test-");
        Result = await Tool.RunAsync("bash", [Repository.PathOf("deploy", "build-image.sh"), "--output", _output.FullName, "--quiet"],
            TimeSpan.FromMinutes(12), cancellationToken: TestContext.Current.CancellationToken);
        Summary = ReadIfThere("summary.txt");
        var config = ReadIfThere("image-config.json");
        Config = config.Length > 0 ? JsonNode.Parse(config)!.AsObject() : [];
        Files = ReadIfThere("image-files.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        EntrypointOutput = ReadIfThere("run.txt");
    }

    public ValueTask DisposeAsync()
    {
        _output?.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Skips (or, where the tools are required, fails) without the tools; fails if the build failed.</summary>
    internal void EnsureBuilt()
    {
        RequiredTools.SkipUnlessInstalled(MissingTools);
        Assert.True(Result is { ExitCode: 0 }, "deploy/build-image.sh failed:\n" + Result?.Describe());
    }

    private string ReadIfThere(string name)
    {
        var path = Path.Combine(_output!.FullName, name);
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }
}
