using System.Text.RegularExpressions;
using GraphNetworker.Deployment.Tests.Infrastructure;

namespace GraphNetworker.Deployment.Tests;

/// <summary>
/// deploy/test-deploy-assets.sh without its image step (ContainerImageTests builds the image): JSON and
/// azure.yaml, bash -n and shellcheck of every script, the hooks' offline paths, and the Graph grant script
/// end to end against an offline Graph (deploy/tools/fake_az.py).
/// </summary>
public sealed partial class DeployAssetsTests
{
    [Fact]
    public async Task DeployScripts_Checks_AllPass_AndOnlyPowerShellIsSkippedWhereTheToolsAreRequired()
    {
        var result = await Tool.RunAsync("bash", [Repository.PathOf("deploy", "test-deploy-assets.sh"), "--skip-image"],
            TimeSpan.FromMinutes(5), cancellationToken: TestContext.Current.CancellationToken);
        var lines = result.StandardOutput.Split('\n');
        var failures = lines.Where(line => line.StartsWith("FAIL", StringComparison.Ordinal)).ToArray();
        var passes = lines.Count(line => line.StartsWith("ok ", StringComparison.Ordinal));
        var summary = Summary().Match(result.StandardOutput);

        Assert.True(result.ExitCode == 0 && failures.Length == 0, result.Describe());
        Assert.True(summary.Success, result.Describe());
        Assert.Equal(passes, int.Parse(summary.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(lines, line => line.StartsWith("ok    grant (offline Graph): grants the six app roles", StringComparison.Ordinal));
        if (RequiredTools.AreRequired)
        {
            // pwsh is not packaged by Debian and the image is ContainerImageTests' part; everything else
            // (shellcheck, the offline Graph) must have run.
            var skips = lines.Where(line => line.StartsWith("skip ", StringComparison.Ordinal)
                && !line.Contains("PowerShell", StringComparison.Ordinal) && !line.Contains("--skip-image", StringComparison.Ordinal));
            Assert.Empty(skips);
        }
    }

    [GeneratedRegex(@"^(?<passed>\d+) passed, (?<failed>\d+) failed\s*$", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
