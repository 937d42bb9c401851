using System.Text.Json;
using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Tests.Infrastructure;

/// <summary>
/// Compares a response with a documented example by shape: every property of the example must exist in the
/// response with the same JSON kind, recursively (arrays by their first element). Values are not compared.
/// </summary>
internal static class JsonShape
{
    public static void AssertConforms(string documentedJson, JsonNode? actual, params string[] ignore)
    {
        var expected = JsonNode.Parse(documentedJson);
        var problems = new List<string>();
        Compare(expected, actual, "$", problems, ignore);
        Assert.True(problems.Count == 0, "Response does not match the documented shape:\n" + string.Join('\n', problems) + "\nActual: " + actual?.ToJsonString());
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> problems, string[] ignore)
    {
        if (expected is null || ignore.Contains(path))
        {
            return;
        }

        if (actual is null)
        {
            problems.Add($"{path}: missing or null (documented {Kind(expected)})");
            return;
        }

        if (Kind(expected) != Kind(actual))
        {
            problems.Add($"{path}: {Kind(actual)} instead of documented {Kind(expected)}");
            return;
        }

        switch (expected)
        {
            case JsonObject eo:
                var ao = (JsonObject)actual;
                foreach (var (name, value) in eo)
                {
                    if (!ao.TryGetPropertyValue(name, out var av))
                    {
                        if (!ignore.Contains(path + "." + name))
                        {
                            problems.Add($"{path}.{name}: missing");
                        }

                        continue;
                    }

                    if (value is not null)
                    {
                        Compare(value, av, path + "." + name, problems, ignore);
                    }
                }

                break;
            case JsonArray ea when ea.Count > 0:
                var aa = (JsonArray)actual;
                if (aa.Count == 0)
                {
                    problems.Add($"{path}: empty array (documented example has items)");
                    return;
                }

                Compare(ea[0], aa[0], path + "[0]", problems, ignore);
                break;
        }
    }

    private static string Kind(JsonNode node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
        _ => "unknown",
    };
}
