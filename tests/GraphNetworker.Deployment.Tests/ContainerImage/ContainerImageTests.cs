using System.Reflection.PortableExecutable;

namespace GraphNetworker.Deployment.Tests.ContainerImage;

/// <summary>The worker's container image: what it runs, as whom, on which port, and what it must not carry.</summary>
public sealed class ContainerImageTests(ContainerImageBuild image) : IClassFixture<ContainerImageBuild>
{
    /// <summary>
    /// Assemblies the production image must not ship: the Graph emulator and the synthetic-data library
    /// exist for the demo and the tests only.
    /// </summary>
    public static TheoryData<string> ForbiddenAssemblies => ["GraphNetworker.GraphEmulator.dll", "Bogus.dll"];

    [Fact]
    public void Image_Config_RunsTheWorkerAsANonRootUserOnPort8080()
    {
        image.EnsureBuilt();
        var config = image.Config["config"]!;
        var entrypoint = config["Entrypoint"]!.AsArray().Select(part => (string?)part).ToArray();
        var user = (string?)config["User"];
        var env = config["Env"]!.AsArray().Select(e => (string)e!).ToArray();

        Assert.Equal(("linux", "amd64"), ((string?)image.Config["os"], (string?)image.Config["architecture"]));
        Assert.True(entrypoint.SequenceEqual(["dotnet", "/app/graphnetworker.dll"]) || entrypoint.SequenceEqual(["/app/graphnetworker"]), string.Join(' ', entrypoint));
        Assert.False(string.IsNullOrEmpty(user) || user == "0" || user.StartsWith("0:", StringComparison.Ordinal) || user.StartsWith("root", StringComparison.Ordinal), $"user '{user}'");
        Assert.Equal("/app", ((string?)config["WorkingDir"])?.TrimEnd('/'));
        Assert.Contains("8080/tcp", config["ExposedPorts"]!.AsObject().Select(p => p.Key));
        Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", env);
        Assert.NotNull(config["Labels"]!["org.opencontainers.image.created"]);
        Assert.NotNull(config["Labels"]!["org.opencontainers.image.base.name"]);
    }

    [Fact]
    public void Image_Files_IncludeTheWorkerAndTheDotNetRuntime()
    {
        image.EnsureBuilt();

        Assert.Contains("/app/graphnetworker.dll", image.Files);
        Assert.Contains(image.Files, file => file.StartsWith("/usr/share/dotnet/shared/Microsoft.AspNetCore.App/", StringComparison.Ordinal));
    }

    [Fact]
    public void Image_Entrypoint_RunsInsideTheImageAndPrintsTheWorkersHelp()
    {
        image.EnsureBuilt();
        var runCheck = image.Summary.Split('\n').Single(line => line.StartsWith("run check:", StringComparison.Ordinal));
        Assert.SkipWhen(runCheck.Contains("skipped", StringComparison.Ordinal) && !Infrastructure.RequiredTools.AreRequired, runCheck);

        Assert.Contains("ok: ", runCheck, StringComparison.Ordinal);
        Assert.Contains("Usage:", image.EntrypointOutput, StringComparison.Ordinal);
        Assert.Contains("graphnetworker", image.EntrypointOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GraphNetworker.Store.SqlServer.dll")]
    [InlineData("Microsoft.EntityFrameworkCore.SqlServer.dll")]
    [InlineData("Microsoft.Data.SqlClient.dll")]
    [InlineData("Npgsql.EntityFrameworkCore.PostgreSQL.dll")]
    [InlineData("Microsoft.EntityFrameworkCore.Sqlite.dll")]
    public void Image_ShipsEveryStoreProvider_OneImageForEveryEnvironment(string fileName)
    {
        image.EnsureBuilt();

        Assert.Contains(image.Files, file => string.Equals(Path.GetFileName(file), fileName, StringComparison.OrdinalIgnoreCase));
    }

    // A replica starts without JIT-compiling most of its code (docs/benchmarks.md, "Cold and warm"): the worker's own
    // assemblies and its libraries carry ReadyToRun code (a native header beside the IL), which a publish without
    // PublishReadyToRun leaves out.
    [Theory]
    [InlineData("app/graphnetworker.dll")]
    [InlineData("app/GraphNetworker.Graph.dll")]
    [InlineData("app/GraphNetworker.Store.dll")]
    [InlineData("app/Microsoft.EntityFrameworkCore.dll")]
    public void Image_Assemblies_AreReadyToRun(string path)
    {
        image.EnsureBuilt();
        var bytes = image.ReadFile(path);
        Assert.True(bytes is not null, $"The image has no {path}.");

        using var pe = new PEReader(new MemoryStream(bytes));
        Assert.True(pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0, $"{path} in the image is IL only: the worker's publish did not compile it ReadyToRun.");
    }

    // The demo and its emulator (with Bogus for fake names) are their own project: the product image carries neither.
    [Theory]
    [MemberData(nameof(ForbiddenAssemblies))]
    public void Image_ShipsNo_ForbiddenAssembly(string fileName)
    {
        image.EnsureBuilt();
        var found = image.Files.Where(file => string.Equals(Path.GetFileName(file), fileName, StringComparison.OrdinalIgnoreCase)).ToArray();

        Assert.True(found.Length == 0,
            $"The worker's image ships {fileName} ({string.Join(", ", found)}). The production image must not carry the Graph emulator or " +
            "the synthetic-data library: they come in through a project reference of src/GraphNetworker.Worker.");
    }
}
