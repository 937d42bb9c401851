using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;

namespace GraphNetworker.GraphEmulator.OData;

/// <summary>
/// Evaluates a parsed <c>$filter</c> against a Graph JSON object. Directory filters compare strings
/// case-insensitively (as Entra does); Outlook extended-property ids compare ordinally (their names are
/// case-sensitive).
/// </summary>
internal sealed class FilterEvaluator
{
    private readonly StringComparison _comparison;

    public FilterEvaluator(StringComparison comparison) => _comparison = comparison;

    public static FilterEvaluator Directory { get; } = new(StringComparison.OrdinalIgnoreCase);

    public static FilterEvaluator Outlook { get; } = new(StringComparison.Ordinal);

    public bool Matches(FilterNode filter, JsonNode? item) =>
        Evaluate(filter, item, new Dictionary<string, JsonNode?>(StringComparer.Ordinal)) is true;

    private object? Evaluate(FilterNode node, JsonNode? item, Dictionary<string, JsonNode?> scope) => node switch
    {
        FilterLiteral literal => LiteralValue(literal),
        FilterPath path => ToValue(Resolve(path, item, scope)),
        FilterNot not => Evaluate(not.Operand, item, scope) is not true,
        FilterBinary { Operator: "and" } b => Evaluate(b.Left, item, scope) is true && Evaluate(b.Right, item, scope) is true,
        FilterBinary { Operator: "or" } b => Evaluate(b.Left, item, scope) is true || Evaluate(b.Right, item, scope) is true,
        FilterBinary b => Compare(b, item, scope),
        FilterLambda lambda => EvaluateLambda(lambda, item, scope),
        FilterCall call => EvaluateCall(call, item, scope),
        _ => throw new FormatException("Unsupported filter expression."),
    };

    private bool EvaluateLambda(FilterLambda lambda, JsonNode? item, Dictionary<string, JsonNode?> scope)
    {
        var collection = Resolve(lambda.Collection, item, scope) as JsonArray;
        if (collection is null || collection.Count == 0)
        {
            return lambda.All;
        }

        if (lambda.Body is null)
        {
            return true;
        }

        foreach (var element in collection)
        {
            scope[lambda.Variable!] = element;
            var ok = Evaluate(lambda.Body, item, scope) is true;
            scope.Remove(lambda.Variable!);
            if (ok && !lambda.All)
            {
                return true;
            }

            if (!ok && lambda.All)
            {
                return false;
            }
        }

        return lambda.All;
    }

    private object? EvaluateCall(FilterCall call, JsonNode? item, Dictionary<string, JsonNode?> scope)
    {
        var args = call.Arguments.Select(a => Evaluate(a, item, scope)).ToArray();
        return call.Name switch
        {
            "startswith" when args.Length == 2 => args[0] is string s && args[1] is string p && s.StartsWith(p, StringComparison.OrdinalIgnoreCase),
            "endswith" when args.Length == 2 => args[0] is string s && args[1] is string p && s.EndsWith(p, StringComparison.OrdinalIgnoreCase),
            "contains" when args.Length == 2 => args[0] is string s && args[1] is string p && s.Contains(p, StringComparison.OrdinalIgnoreCase),
            "tolower" when args.Length == 1 => (args[0] as string)?.ToLowerInvariant(),
            "toupper" when args.Length == 1 => (args[0] as string)?.ToUpperInvariant(),
            _ => throw new FormatException($"Unsupported function '{call.Name}' in filter."),
        };
    }

    private bool Compare(FilterBinary b, JsonNode? item, Dictionary<string, JsonNode?> scope)
    {
        var left = Evaluate(b.Left, item, scope);
        var right = Evaluate(b.Right, item, scope);
        if (left is DateTimeOffset || right is DateTimeOffset)
        {
            left = AsInstant(left);
            right = AsInstant(right);
        }

        if (left is null || right is null)
        {
            return b.Operator switch
            {
                "eq" => left is null && right is null,
                "ne" => !(left is null && right is null),
                _ => false,
            };
        }

        var order = (left, right) switch
        {
            (string l, string r) => b.Operator is "eq" or "ne" ? (string.Equals(l, r, _comparison) ? 0 : 1) : string.Compare(l, r, StringComparison.Ordinal),
            (double l, double r) => l.CompareTo(r),
            (bool l, bool r) => l == r ? 0 : 1,
            (DateTimeOffset l, DateTimeOffset r) => l.CompareTo(r),
            _ => int.MinValue,
        };

        if (order == int.MinValue)
        {
            return b.Operator == "ne";
        }

        return b.Operator switch
        {
            "eq" => order == 0,
            "ne" => order != 0,
            "gt" => order > 0,
            "ge" => order >= 0,
            "lt" => order < 0,
            "le" => order <= 0,
            _ => false,
        };
    }

    private static object? AsInstant(object? value) => value switch
    {
        DateTimeOffset d => d,
        string s when GraphTime.TryParseInstant(s, out var d) => d,
        _ => null,
    };

    private static object? LiteralValue(FilterLiteral literal) => literal.Kind switch
    {
        LiteralKind.String => literal.Text,
        LiteralKind.Boolean => literal.Text == "true",
        LiteralKind.Null => null,
        LiteralKind.Number => double.Parse(literal.Text, CultureInfo.InvariantCulture),
        LiteralKind.DateTime => GraphTime.TryParseInstant(literal.Text, out var d) ? d : throw new FormatException($"Invalid date '{literal.Text}'."),
        _ => null,
    };

    private static JsonNode? Resolve(FilterPath path, JsonNode? item, Dictionary<string, JsonNode?> scope)
    {
        JsonNode? current = item;
        var start = 0;
        if (scope.TryGetValue(path.Parts[0], out var bound))
        {
            current = bound;
            start = 1;
        }

        for (var i = start; i < path.Parts.Count; i++)
        {
            if (current is not JsonObject obj || !obj.TryGetPropertyIgnoreCase(path.Parts[i], out _, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static object? ToValue(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            return array;
        }

        if (node is not JsonValue value)
        {
            return node;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.GetValue<double>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
    }
}
