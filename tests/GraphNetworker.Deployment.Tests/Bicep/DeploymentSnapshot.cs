using System.Text.Json.Nodes;

namespace GraphNetworker.Deployment.Tests.Bicep;

/// <summary>
/// A set of deployment parameters. <see cref="Parameters"/> values are Bicep expressions
/// (<c>'text'</c>, <c>true</c>, <c>['a', 'b']</c>). <see cref="ResourceGroup"/> is set for a
/// resource-group-scoped template (a module evaluated on its own).
/// </summary>
internal sealed record DeploymentScenario(string Name, string Template, IReadOnlyDictionary<string, string> Parameters, string? ResourceGroup = null);

/// <summary>The resources and outputs `bicep snapshot` predicts for a scenario.</summary>
internal sealed class DeploymentSnapshot(DeploymentScenario scenario, JsonObject document)
{
    public DeploymentScenario Scenario { get; } = scenario;

    public IReadOnlyList<JsonObject> Resources { get; } =
        document["predictedResources"]!.AsArray().Select(resource => resource!.AsObject()).ToArray();

    public JsonObject Outputs { get; } = document["outputs"]?.AsObject() ?? [];

    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(resource => string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase)).ToArray();

    public JsonObject Single(string type)
    {
        var matches = OfType(type);
        Assert.True(matches.Count == 1, $"Scenario '{Scenario.Name}' deploys {matches.Count} resources of type {type}, expected one.");
        return matches[0];
    }

    /// <summary>The ARM expression that reads the runtime properties of <paramref name="resource"/>.</summary>
    public static string ReferenceTo(JsonObject resource) => $"reference('{(string)resource["id"]!}', '{(string)resource["apiVersion"]!}')";
}
