using System.Xml.Linq;
using GraphNetworker.Deployment.Tests.Infrastructure;

namespace GraphNetworker.Deployment.Tests;

/// <summary>
/// The package references a fresh restore depends on. Microsoft.Graph.Core asks for two identity packages at one
/// minimum version each; the mirror we restore from does not serve every version of both, and when it served one
/// package's minimum but not the other's, a restore on an empty package cache failed (NU1605). Every project that
/// references Microsoft.Graph therefore references both, at one version pinned centrally.
/// </summary>
public sealed class PackageReferencesTests
{
    private static readonly string[] HeldTogether = ["Microsoft.IdentityModel.Protocols.OpenIdConnect", "Microsoft.IdentityModel.Validators"];

    [Fact]
    public void ProjectsReferencingMicrosoftGraph_ReferenceItsIdentityPackages_AtOnePinnedVersion()
    {
        var projects = Directory.EnumerateFiles(Repository.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => (Path: Path.GetRelativePath(Repository.Root, path), References: ReferencesOf(path)))
            .Where(project => project.References.Contains("Microsoft.Graph"))
            .ToList();

        Assert.NotEmpty(projects);
        foreach (var (path, references) in projects)
        {
            Assert.All(HeldTogether, package => Assert.True(references.Contains(package), $"{path} references Microsoft.Graph but not {package}"));
        }

        var versions = XDocument.Load(Repository.PathOf("Directory.Packages.props")).Descendants("PackageVersion")
            .Where(entry => HeldTogether.Contains((string?)entry.Attribute("Include")))
            .Select(entry => (string?)entry.Attribute("Version"))
            .ToList();
        Assert.Equal(HeldTogether.Length, versions.Count);
        Assert.Single(versions.Distinct());
    }

    private static HashSet<string> ReferencesOf(string project) =>
        XDocument.Load(project).Descendants("PackageReference")
            .Select(reference => (string?)reference.Attribute("Include"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
}
