using System.Diagnostics;

namespace GraphNetworker.Integration.Tests.Deployment;

/// <summary>
/// The deployment assets (azd, Bicep, scripts) pass their checks, and the worker's container image builds to an OCI
/// tarball without Docker (dotnet publish /t:PublishContainer) and runs <c>--help</c> from its own file system.
/// </summary>
public sealed class DeployAssetsTests
{
    [Fact]
    public async Task DeployAssets_ChecksPass_AndTheContainerImageBuildsToATarball()
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("bash") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root, "deploy", "test-deploy-assets.sh"));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(12));
        await process.WaitForExitAsync(timeout.Token);
        var log = await output + await error;

        Assert.True(process.ExitCode == 0, log);
        Assert.Matches(@"\d+ passed, 0 failed\s*$", log);
        Assert.Contains("run check:        ok", log, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "GraphNetworker.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (GraphNetworker.sln) was not found above " + AppContext.BaseDirectory);
    }
}
