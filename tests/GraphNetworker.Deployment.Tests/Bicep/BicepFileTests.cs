using GraphNetworker.Deployment.Tests.Infrastructure;

namespace GraphNetworker.Deployment.Tests.Bicep;

/// <summary>Every .bicep file in infra/ compiles and lints with no error and no warning.</summary>
public sealed class BicepFileTests(CompiledInfrastructure infrastructure)
{
    public static TheoryData<string> BicepFiles => [.. CompiledInfrastructure.BicepFiles];

    [Fact]
    public void Infra_HasTheTemplatesAzdDeploys()
    {
        Assert.Contains("main.bicep", CompiledInfrastructure.BicepFiles);
        Assert.Contains("resources.bicep", CompiledInfrastructure.BicepFiles);
        Assert.True(CompiledInfrastructure.BicepFiles.Count >= 10, string.Join(", ", CompiledInfrastructure.BicepFiles));
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void BicepBuild_File_CompilesToArmJsonWithoutDiagnostics(string file)
    {
        var findings = infrastructure.BuildDiagnostics.Where(d => d.File == file).ToArray();

        Assert.True(infrastructure.Build.ExitCode == 0, infrastructure.Build.Describe());
        Assert.True(findings.Length == 0, $"bicep build {file}:\n{string.Join('\n', findings)}");
        Assert.True(File.Exists(Path.Combine(infrastructure.InfraCopy, Path.ChangeExtension(file, ".json"))), $"bicep build wrote no ARM JSON for {file}");
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void BicepLint_File_HasNoFindings(string file)
    {
        var findings = infrastructure.LintDiagnostics.Where(d => d.File == file).ToArray();

        Assert.True(infrastructure.Lint.ExitCode == 0, infrastructure.Lint.Describe());
        Assert.True(findings.Length == 0, $"bicep lint {file}:\n{string.Join('\n', findings)}");
    }

    [Fact]
    public void BicepDiagnostics_OfAnythingButInfra_AreNone()
    {
        // A finding whose file is not one of infra/'s templates would be missed by the per-file checks.
        var stray = infrastructure.BuildDiagnostics.Concat(infrastructure.LintDiagnostics)
            .Where(d => !CompiledInfrastructure.BicepFiles.Contains(d.File))
            .ToArray();

        Assert.True(stray.Length == 0, string.Join('\n', stray));
    }

    [Fact]
    public async Task BicepLint_AFileWithAnUnusedParameter_IsReportedWithItsRuleAndLine()
    {
        // The checks above pass on silence: prove the compiler's findings do reach them.
        var folder = Directory.CreateTempSubdirectory("gn-bicep-lint-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "unused.bicep"),
                "param used string\nparam unused string\noutput echoed string = used\n", TestContext.Current.CancellationToken);

            var lint = await BicepCompiler.RunAsync(folder.FullName, TestContext.Current.CancellationToken,
                "lint", "--pattern", "*.bicep", "--diagnostics-format", "sarif");
            var findings = BicepCompiler.ParseSarif(lint.StandardOutput, folder.FullName);

            var finding = Assert.Single(findings);
            Assert.Equal(("unused.bicep", 2, "no-unused-params"), (finding.File, finding.Line, finding.RuleId));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task BicepConfig_Committed_NamesTheRegistryExtensionOfTheTypesTheTestsBuild()
    {
        var config = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Repository.PathOf("infra", "bicepconfig.json"), TestContext.Current.CancellationToken))!;
        var index = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(
            Repository.PathOf("tests", "GraphNetworker.Deployment.Tests", "MicrosoftGraphBicepTypes", "index.json"), TestContext.Current.CancellationToken))!;

        Assert.Equal(
            $"br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:{(string)index["settings"]!["version"]!}",
            (string?)config["extensions"]!["microsoftGraphV1"]);
    }
}
