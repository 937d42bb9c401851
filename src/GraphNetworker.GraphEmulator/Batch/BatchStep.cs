using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Batch;

/// <summary>One request of a <c>$batch</c> envelope, validated as Graph validates it.</summary>
internal sealed record BatchStep(string Id, string Method, string Url, Dictionary<string, string> Headers, JsonNode? Body, IReadOnlyList<string> DependsOn)
{
    public const int MaxSteps = 20;

    public static List<BatchStep> ParseEnvelope(GraphRequest request)
    {
        JsonObject envelope;
        try
        {
            envelope = request.ReadJsonObject();
        }
        catch (GraphException)
        {
            throw GraphErrors.BadRequest("Invalid batch payload format.");
        }

        if (envelope["requests"] is not JsonArray requests)
        {
            throw GraphErrors.BadRequest("Invalid batch payload format: 'requests' is required.");
        }

        if (requests.Count > MaxSteps)
        {
            throw GraphErrors.BadRequest($"Number of batch request steps exceeds the maximum of {MaxSteps}.");
        }

        var steps = requests.Select(Parse).ToList();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (!ids.Add(step.Id))
            {
                throw GraphErrors.BadRequest($"Batch request step ids must be unique: '{step.Id}' is repeated.");
            }
        }

        foreach (var step in steps)
        {
            if (step.DependsOn.FirstOrDefault(d => !ids.Contains(d)) is { } unknown)
            {
                throw GraphErrors.BadRequest($"Request '{step.Id}' depends on unknown request '{unknown}'.");
            }
        }

        return steps;
    }

    private static BatchStep Parse(JsonNode? node)
    {
        if (node is not JsonObject step)
        {
            throw GraphErrors.BadRequest("Invalid batch payload format: each request must be an object.");
        }

        var id = step["id"]?.ToString() ?? throw GraphErrors.BadRequest("Each batch request needs an 'id'.");
        var method = step.GetString("method") ?? throw GraphErrors.BadRequest($"Batch request '{id}' needs a 'method'.");
        var url = step.GetString("url") ?? throw GraphErrors.BadRequest($"Batch request '{id}' needs a 'url'.");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in step["headers"] as JsonObject ?? [])
        {
            headers[name] = value?.ToString() ?? string.Empty;
        }

        var body = step["body"];
        if (body is not null && !headers.ContainsKey("Content-Type"))
        {
            throw GraphErrors.BadRequest($"Write request id : {id} does not contain Content-Type header or body.");
        }

        var dependsOn = (step["dependsOn"] as JsonArray ?? []).Select(d => d?.ToString()).OfType<string>().ToList();
        return new BatchStep(id, method.ToUpperInvariant(), url, headers, body, dependsOn);
    }
}
