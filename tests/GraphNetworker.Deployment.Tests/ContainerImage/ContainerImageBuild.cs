using System.Formats.Tar;
using System.IO.Compression;
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

    /// <summary>
    /// The bytes of one file of the image (a path under its root, without the leading slash), read from the image's
    /// archive as the registry would serve it: an OCI layout whose layers are gzipped tarballs, the last one that holds
    /// the file winning. Null when no layer holds it.
    /// </summary>
    public byte[]? ReadFile(string path)
    {
        byte[]? found = null;
        using var archive = new TarReader(File.OpenRead(Path.Combine(_output!.FullName, "graphnetworker.tar")));
        while (archive.GetNextEntry() is { } blob)
        {
            if (blob.DataStream is not { } data || !blob.Name.StartsWith("blobs/", StringComparison.Ordinal))
            {
                continue;
            }

            var copy = new MemoryStream();
            data.CopyTo(copy);
            var bytes = copy.GetBuffer();
            if (copy.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b)
            {
                continue; // a manifest or a config, not a layer
            }

            copy.Position = 0;
            using var layer = new TarReader(new GZipStream(copy, CompressionMode.Decompress));
            while (NextOf(layer) is { } entry)
            {
                if (entry.DataStream is { } file && string.Equals(entry.Name.TrimStart('.', '/'), path, StringComparison.Ordinal))
                {
                    var content = new MemoryStream();
                    file.CopyTo(content);
                    found = content.ToArray();
                }
            }
        }

        return found;
    }

    // The SDK writes a layer's tarball without the two empty blocks that end one: its end is the end of the data.
    private static TarEntry? NextOf(TarReader layer)
    {
        try
        {
            return layer.GetNextEntry();
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    private string ReadIfThere(string name)
    {
        var path = Path.Combine(_output!.FullName, name);
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }
}
