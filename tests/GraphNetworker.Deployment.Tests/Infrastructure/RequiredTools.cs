namespace GraphNetworker.Deployment.Tests.Infrastructure;

/// <summary>
/// The Debian tools the deployment checks run (shellcheck, skopeo, umoci, docker-registry, runc, jq, curl).
/// Without them a check is skipped on a developer's machine; CI installs them and sets
/// <c>GRAPHNETWORKER_REQUIRE_DEPLOY_TOOLS=1</c>, which turns a missing tool into a failure.
/// </summary>
internal static class RequiredTools
{
    public const string RequireVariable = "GRAPHNETWORKER_REQUIRE_DEPLOY_TOOLS";

    public static bool AreRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public static IReadOnlyList<string> Missing(params string[] tools) => tools.Where(tool => !Tool.IsOnPath(tool)).ToArray();

    /// <summary>Skips the running test (or fails it, when the tools are required) if any tool is missing.</summary>
    public static void SkipUnlessInstalled(IReadOnlyList<string> missing)
    {
        if (missing.Count == 0)
        {
            return;
        }

        var reason = $"Not installed: {string.Join(", ", missing)} (Debian packages; .ci/run installs them).";
        if (AreRequired)
        {
            Assert.Fail($"{RequireVariable}=1 but a tool is missing. {reason}");
        }

        Assert.Skip(reason);
    }
}
