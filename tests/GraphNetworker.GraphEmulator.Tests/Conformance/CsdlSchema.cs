using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace GraphNetworker.GraphEmulator.Tests.Conformance;

/// <summary>A type reference in the schema: a qualified name (<c>microsoft.graph.message</c>, <c>Edm.String</c>), maybe a collection.</summary>
internal sealed record CsdlTypeRef(string Name, bool IsCollection)
{
    public CsdlTypeRef Element => this with { IsCollection = false };

    public bool IsPrimitive => Name.StartsWith("Edm.", StringComparison.Ordinal);

    public override string ToString() => IsCollection ? $"Collection({Name})" : Name;
}

/// <summary>A structural or navigation property of an entity or complex type.</summary>
internal sealed record CsdlProperty(string Name, CsdlTypeRef Type, bool IsNavigation, bool Nullable);

/// <summary>An entity or complex type with its own (not inherited) properties.</summary>
internal sealed record CsdlStructuredType(string Name, string? BaseType, bool IsEntity, bool IsOpen, IReadOnlyDictionary<string, CsdlProperty> Properties);

/// <summary>An enum type: its member names and whether values may combine (<c>IsFlags</c>).</summary>
internal sealed record CsdlEnumType(string Name, IReadOnlySet<string> Members, bool IsFlags);

/// <summary>A bound function or action: the type it binds to and what it returns.</summary>
internal sealed record CsdlOperation(string Name, CsdlTypeRef Binding, CsdlTypeRef? Returns);

/// <summary>
/// Microsoft Graph's CSDL ($metadata) as a checker. <see cref="Check"/> compares a JSON value with a type:
/// every property must exist on the type or one of its base types (OData annotations aside), with the JSON
/// kind and format its EDM type implies (strings, booleans, numbers, DateTimeOffset, Date, TimeOfDay, Guid,
/// enum members, nested complex types, collections), and every <c>@odata.type</c> must name a real type
/// derived from the expected one. <see cref="Resolve"/> finds the type a request URL addresses, and
/// <see cref="CheckRequest"/> checks that the properties a URL names in <c>$select</c>, <c>$expand</c>,
/// <c>$filter</c> and <c>$orderby</c> exist. Self-contained (System.Xml and System.Text.Json only), so any
/// test project can compile this file with the schema file beside it.
/// </summary>
internal sealed partial class CsdlSchema
{
    private readonly Dictionary<string, CsdlStructuredType> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CsdlEnumType> _enums = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CsdlTypeRef> _roots = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<CsdlOperation> _operations = [];
    private readonly Dictionary<string, List<string>> _derived = new(StringComparer.Ordinal);

    private static readonly Lazy<CsdlSchema> V1Lazy = new(() => Load(Path.Combine(AppContext.BaseDirectory, "Conformance", "Metadata", "v1.0-Prod.csdl")));

    private CsdlSchema()
    {
    }

    /// <summary>Microsoft Graph v1.0, from the schema file copied next to the tests.</summary>
    public static CsdlSchema V1 => V1Lazy.Value;

    public IReadOnlyDictionary<string, CsdlStructuredType> Types => _types;

    public IReadOnlyDictionary<string, CsdlEnumType> Enums => _enums;

    /// <summary>When true, undeclared properties are accepted on open types (OpenType="true", e.g. message).</summary>
    public bool AllowOpenTypeProperties { get; init; }

    public static CsdlSchema Load(string path)
    {
        var schema = new CsdlSchema();
        var document = XDocument.Load(path);
        var schemas = document.Descendants().Where(e => e.Name.LocalName == "Schema").ToList();
        var aliases = schemas
            .Where(s => s.Attribute("Alias") is not null)
            .ToDictionary(s => s.Attribute("Alias")!.Value, s => s.Attribute("Namespace")!.Value, StringComparer.Ordinal);

        string Qualify(string name)
        {
            var dot = name.LastIndexOf('.');
            if (dot < 0)
            {
                return name;
            }

            var prefix = name[..dot];
            return aliases.TryGetValue(prefix, out var ns) ? ns + name[dot..] : name;
        }

        CsdlTypeRef Ref(string type) => type.StartsWith("Collection(", StringComparison.Ordinal)
            ? new CsdlTypeRef(Qualify(type["Collection(".Length..^1]), true)
            : new CsdlTypeRef(Qualify(type), false);

        foreach (var s in schemas)
        {
            var ns = s.Attribute("Namespace")!.Value;
            foreach (var e in s.Elements())
            {
                var name = e.Attribute("Name")?.Value;
                switch (e.Name.LocalName)
                {
                    case "EntityType" or "ComplexType":
                        var properties = new Dictionary<string, CsdlProperty>(StringComparer.Ordinal);
                        foreach (var p in e.Elements().Where(x => x.Name.LocalName is "Property" or "NavigationProperty"))
                        {
                            var pname = p.Attribute("Name")!.Value;
                            properties[pname] = new CsdlProperty(pname, Ref(p.Attribute("Type")!.Value), p.Name.LocalName == "NavigationProperty",
                                p.Attribute("Nullable")?.Value != "false");
                        }

                        var full = ns + "." + name;
                        var baseType = e.Attribute("BaseType")?.Value is { } b ? Qualify(b) : null;
                        schema._types[full] = new CsdlStructuredType(full, baseType, e.Name.LocalName == "EntityType", e.Attribute("OpenType")?.Value == "true", properties);
                        if (baseType is not null)
                        {
                            (schema._derived.TryGetValue(baseType, out var list) ? list : schema._derived[baseType] = []).Add(full);
                        }

                        break;
                    case "EnumType":
                        schema._enums[ns + "." + name] = new CsdlEnumType(ns + "." + name,
                            e.Elements().Where(x => x.Name.LocalName == "Member").Select(x => x.Attribute("Name")!.Value).ToHashSet(StringComparer.Ordinal),
                            e.Attribute("IsFlags")?.Value == "true");
                        break;
                    case "Function" or "Action" when e.Attribute("IsBound")?.Value == "true":
                        var binding = e.Elements().First(x => x.Name.LocalName == "Parameter").Attribute("Type")!.Value;
                        var returns = e.Elements().FirstOrDefault(x => x.Name.LocalName == "ReturnType")?.Attribute("Type")?.Value;
                        schema._operations.Add(new CsdlOperation(name!, Ref(binding), returns is null ? null : Ref(returns)));
                        break;
                    case "EntityContainer":
                        foreach (var member in e.Elements())
                        {
                            if (member.Name.LocalName == "EntitySet")
                            {
                                schema._roots[member.Attribute("Name")!.Value] = new CsdlTypeRef(Qualify(member.Attribute("EntityType")!.Value), true);
                            }
                            else if (member.Name.LocalName == "Singleton")
                            {
                                schema._roots[member.Attribute("Name")!.Value] = new CsdlTypeRef(Qualify(member.Attribute("Type")!.Value), false);
                            }
                        }

                        break;
                }
            }
        }

        return schema;
    }

    /// <summary>A property of a type or of one of its base types, or null.</summary>
    public CsdlProperty? FindProperty(string typeName, string property)
    {
        for (var type = _types.GetValueOrDefault(typeName); type is not null; type = type.BaseType is null ? null : _types.GetValueOrDefault(type.BaseType))
        {
            if (type.Properties.TryGetValue(property, out var p))
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="candidate"/> is <paramref name="expected"/> or derives from it.</summary>
    public bool IsSameOrDerived(string candidate, string expected)
    {
        for (var type = _types.GetValueOrDefault(candidate); type is not null; type = type.BaseType is null ? null : _types.GetValueOrDefault(type.BaseType))
        {
            if (type.Name == expected)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Checks a JSON value against a type; returns the problems found (empty when it conforms).</summary>
    public List<string> Check(JsonNode? value, CsdlTypeRef type, string path = "$")
    {
        var problems = new List<string>();
        CheckValue(value, type, path, nullable: true, problems);
        return problems;
    }

    /// <summary>
    /// Checks a Graph response body for a <paramref name="method"/> request to <paramref name="requestPath"/>:
    /// a collection's <c>value</c> items, an entity (also the one a POST to a collection creates), or a
    /// primitive property's <c>value</c>; error bodies get Graph's error shape.
    /// </summary>
    public List<string> CheckResponse(string method, string requestPath, int status, JsonNode? body)
    {
        if (body is null)
        {
            return status is 204 or 202 ? [] : [$"{requestPath}: {status} without a body"];
        }

        if (status >= 400)
        {
            return CheckError(body, requestPath);
        }

        var type = Resolve(requestPath);
        if (type is null)
        {
            return [$"{requestPath}: the schema addresses nothing at this path"];
        }

        if (method == "POST" && type.IsCollection && !IsOperationPath(requestPath))
        {
            type = type.Element;
        }

        var problems = new List<string>();
        if (body is not JsonObject obj)
        {
            problems.Add($"{requestPath}: body is not a JSON object");
            return problems;
        }

        foreach (var (name, v) in obj)
        {
            if (name.StartsWith("@odata.", StringComparison.Ordinal) && name is not ("@odata.context" or "@odata.nextLink" or "@odata.deltaLink" or "@odata.count" or "@odata.etag" or "@odata.type" or "@odata.id"))
            {
                problems.Add($"{requestPath}: unknown annotation {name}");
            }

            if (name is "@odata.nextLink" or "@odata.deltaLink" or "@odata.context" && v?.GetValueKind() != JsonValueKind.String)
            {
                problems.Add($"{requestPath}: {name} is not a string");
            }

            if (name == "@odata.count" && v?.GetValueKind() != JsonValueKind.Number)
            {
                problems.Add($"{requestPath}: @odata.count is not a number");
            }
        }

        if (obj.ContainsKey("@odata.nextLink") && obj.ContainsKey("@odata.deltaLink"))
        {
            problems.Add($"{requestPath}: both @odata.nextLink and @odata.deltaLink");
        }

        if (type.IsCollection || type.IsPrimitive)
        {
            if (!obj.TryGetPropertyValue("value", out var items))
            {
                problems.Add($"{requestPath}: no 'value' for {type}");
                return problems;
            }

            CheckValue(items, type, requestPath + ".value", nullable: false, problems);
            return problems;
        }

        CheckValue(obj, type, requestPath, nullable: false, problems);
        return problems;
    }

    /// <summary>Graph's error envelope: <c>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}</c>.</summary>
    public static List<string> CheckError(JsonNode body, string path)
    {
        var problems = new List<string>();
        if (body is not JsonObject { Count: 1 } envelope || envelope["error"] is not JsonObject error)
        {
            return [$"{path}: the error body is not {{\"error\":{{…}}}}: {body.ToJsonString()}"];
        }

        foreach (var name in new[] { "code", "message" })
        {
            if (error[name]?.GetValueKind() != JsonValueKind.String)
            {
                problems.Add($"{path}: error.{name} is not a string");
            }
        }

        if (error["innerError"] is not JsonObject inner)
        {
            problems.Add($"{path}: error.innerError is missing");
        }
        else
        {
            foreach (var name in new[] { "date", "request-id", "client-request-id" })
            {
                if (inner[name]?.GetValueKind() != JsonValueKind.String)
                {
                    problems.Add($"{path}: error.innerError.{name} is not a string");
                }
            }
        }

        foreach (var (name, _) in error)
        {
            if (name is not ("code" or "message" or "innerError" or "details" or "target"))
            {
                problems.Add($"{path}: error.{name} is not part of Graph's error shape");
            }
        }

        return problems;
    }

    /// <summary>
    /// The type a request path addresses (<c>/users/{id}/mailFolders('inbox')/messages/delta()</c> → a
    /// collection of message), following entity sets, keys, navigation and structural properties, casts and
    /// bound functions and actions; null when the schema has no such path.
    /// </summary>
    public CsdlTypeRef? Resolve(string path)
    {
        var segments = Segments(path);
        if (segments.Count == 0 || !_roots.TryGetValue(segments[0], out var current))
        {
            return null;
        }

        for (var i = 1; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment.StartsWith("microsoft.graph.", StringComparison.OrdinalIgnoreCase) && _types.ContainsKey(CanonicalTypeName(segment)) &&
                !_operations.Any(o => o.Name.Equals(segment["microsoft.graph.".Length..], StringComparison.OrdinalIgnoreCase)))
            {
                current = current with { Name = CanonicalTypeName(segment) };
                continue;
            }

            var operation = Operation(current, segment.StartsWith("microsoft.graph.", StringComparison.OrdinalIgnoreCase) ? segment["microsoft.graph.".Length..] : segment);
            if (operation is not null)
            {
                if (operation.Returns is null)
                {
                    return null;
                }

                current = operation.Returns;
                continue;
            }

            if (current.IsCollection)
            {
                current = current.Element; // a key
                continue;
            }

            var property = FindPropertyIgnoreCase(current.Name, segment);
            if (property is null)
            {
                return null;
            }

            current = property.Type;
        }

        return current;
    }

    /// <summary>
    /// Checks the property names a request URL uses: <c>$select</c> and <c>$orderby</c> against the addressed
    /// type, <c>$expand</c> against its navigation properties, and the property paths of <c>$filter</c>
    /// (lambda variables bound to collection elements). Returns the problems (empty when all exist).
    /// </summary>
    public List<string> CheckRequest(string url)
    {
        var problems = new List<string>();
        var q = url.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? url : url[..q];
        var type = Resolve(path);
        if (type is null)
        {
            return [$"{path}: the schema addresses nothing at this path"];
        }

        var element = type.Element;
        if (element.IsPrimitive || q < 0)
        {
            return problems;
        }

        foreach (var pair in url[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]).TrimStart('$').ToLowerInvariant();
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            switch (name)
            {
                case "select":
                    foreach (var p in TopLevel(value))
                    {
                        if (p != "*" && FindPropertyIgnoreCase(element.Name, p) is null)
                        {
                            problems.Add($"$select: {element.Name} has no property '{p}'");
                        }
                    }

                    break;
                case "expand":
                    foreach (var p in TopLevel(value).Select(e => e.Split('(')[0].Trim()))
                    {
                        if (p != "*" && FindPropertyIgnoreCase(element.Name, p) is not { IsNavigation: true })
                        {
                            problems.Add($"$expand: {element.Name} has no navigation property '{p}'");
                        }
                    }

                    break;
                case "orderby":
                    foreach (var p in TopLevel(value).Select(o => o.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]))
                    {
                        CheckPropertyPath(element.Name, p, new Dictionary<string, CsdlTypeRef>(StringComparer.Ordinal), "$orderby", problems);
                    }

                    break;
                case "filter":
                    CheckFilter(element.Name, value, problems);
                    break;
            }
        }

        return problems;
    }

    private void CheckFilter(string typeName, string filter, List<string> problems)
    {
        var variables = new Dictionary<string, CsdlTypeRef>(StringComparer.Ordinal);
        var text = StringLiteral().Replace(filter, "''");
        foreach (Match lambda in Lambda().Matches(text))
        {
            var collection = ResolvePropertyPath(typeName, lambda.Groups["collection"].Value, variables);
            if (collection is not null)
            {
                variables[lambda.Groups["variable"].Value] = collection.Element;
            }
        }

        foreach (Match token in FilterPath().Matches(text))
        {
            var candidate = token.Value;
            var after = token.Index + candidate.Length;
            if (FilterKeywords.Contains(candidate) || (after < text.Length && text[after] is '(' or ':') ||
                Regex.IsMatch(candidate, @"^\d") || candidate.Contains("/any", StringComparison.OrdinalIgnoreCase) || candidate.Contains("/all", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            CheckPropertyPath(typeName, candidate, variables, "$filter", problems);
        }
    }

    private void CheckPropertyPath(string typeName, string path, Dictionary<string, CsdlTypeRef> variables, string option, List<string> problems)
    {
        if (ResolvePropertyPath(typeName, path, variables) is null)
        {
            problems.Add($"{option}: '{path}' is not a property path of {typeName}");
        }
    }

    private CsdlTypeRef? ResolvePropertyPath(string typeName, string path, Dictionary<string, CsdlTypeRef> variables)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        CsdlTypeRef current;
        var start = 0;
        if (variables.TryGetValue(parts[0], out var bound))
        {
            current = bound;
            start = 1;
        }
        else
        {
            current = new CsdlTypeRef(typeName, false);
        }

        for (var i = start; i < parts.Length; i++)
        {
            if (parts[i] == "$count" && current.IsCollection)
            {
                return new CsdlTypeRef("Edm.Int32", false);
            }

            if (current.IsPrimitive || FindPropertyIgnoreCase(current.Name, parts[i]) is not { } property)
            {
                return null;
            }

            current = property.Type;
        }

        return current;
    }

    private void CheckValue(JsonNode? value, CsdlTypeRef type, string path, bool nullable, List<string> problems)
    {
        if (value is null)
        {
            if (!nullable || type.IsCollection)
            {
                problems.Add($"{path}: null where {type} is not nullable");
            }

            return;
        }

        if (type.IsCollection)
        {
            if (value is not JsonArray array)
            {
                problems.Add($"{path}: {Kind(value)} instead of {type}");
                return;
            }

            for (var i = 0; i < array.Count; i++)
            {
                CheckValue(array[i], type.Element, $"{path}[{i}]", nullable: false, problems);
            }

            return;
        }

        if (type.IsPrimitive)
        {
            if (!PrimitiveMatches(value, type.Name))
            {
                problems.Add($"{path}: {value.ToJsonString()} is not a valid {type.Name}");
            }

            return;
        }

        if (_enums.TryGetValue(type.Name, out var enumType))
        {
            var text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
            var members = text is null ? [] : enumType.IsFlags ? text.Split(',', StringSplitOptions.TrimEntries) : [text];
            if (text is null || members.Any(m => !enumType.Members.Contains(m)))
            {
                problems.Add($"{path}: {value.ToJsonString()} is not a member of {type.Name} ({string.Join(", ", enumType.Members)})");
            }

            return;
        }

        if (!_types.ContainsKey(type.Name))
        {
            problems.Add($"{path}: the schema has no type {type.Name}");
            return;
        }

        if (value is not JsonObject obj)
        {
            problems.Add($"{path}: {Kind(value)} instead of {type.Name}");
            return;
        }

        var actual = type.Name;
        if (obj["@odata.type"] is { } odataType)
        {
            var named = odataType.GetValueKind() == JsonValueKind.String ? odataType.GetValue<string>().TrimStart('#') : string.Empty;
            if (!_types.ContainsKey(named))
            {
                problems.Add($"{path}: @odata.type '{named}' is not a type of the schema");
            }
            else if (!IsSameOrDerived(named, type.Name))
            {
                problems.Add($"{path}: @odata.type '{named}' is not {type.Name} or derived from it");
            }
            else
            {
                actual = named;
            }
        }

        var open = AllowOpenTypeProperties && IsOpen(actual);
        foreach (var (name, item) in obj)
        {
            if (name.Contains('@', StringComparison.Ordinal))
            {
                if (name.StartsWith('@') && name is not ("@odata.type" or "@odata.etag" or "@odata.id" or "@odata.context" or "@removed" or "@odata.nextLink" or "@odata.deltaLink"))
                {
                    problems.Add($"{path}: unexpected annotation {name}");
                }

                if (name == "@removed" && !IsRemovedAnnotation(item))
                {
                    problems.Add($"{path}: @removed is not {{\"reason\":\"deleted\"|\"changed\"}}");
                }

                continue;
            }

            var property = FindProperty(actual, name);
            if (property is null)
            {
                if (!open)
                {
                    problems.Add($"{path}: {actual} has no property '{name}'");
                }

                continue;
            }

            CheckValue(item, property.Type, path + "." + name, property.Nullable, problems);
        }
    }

    private static bool IsRemovedAnnotation(JsonNode? node) =>
        node is JsonObject { Count: 1 } removed && removed["reason"] is JsonValue reason &&
        reason.GetValueKind() == JsonValueKind.String && reason.GetValue<string>() is "deleted" or "changed";

    private bool IsOpen(string typeName)
    {
        for (var type = _types.GetValueOrDefault(typeName); type is not null; type = type.BaseType is null ? null : _types.GetValueOrDefault(type.BaseType))
        {
            if (type.IsOpen)
            {
                return true;
            }
        }

        return false;
    }

    private CsdlProperty? FindPropertyIgnoreCase(string typeName, string name) =>
        FindProperty(typeName, name) ?? AllProperties(typeName).FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    private IEnumerable<CsdlProperty> AllProperties(string typeName)
    {
        for (var type = _types.GetValueOrDefault(typeName); type is not null; type = type.BaseType is null ? null : _types.GetValueOrDefault(type.BaseType))
        {
            foreach (var p in type.Properties.Values)
            {
                yield return p;
            }
        }
    }

    private bool IsOperationPath(string path)
    {
        var last = Segments(path).LastOrDefault() ?? string.Empty;
        var name = last.StartsWith("microsoft.graph.", StringComparison.OrdinalIgnoreCase) ? last["microsoft.graph.".Length..] : last;
        return _operations.Any(o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A bound operation applicable to a value of <paramref name="current"/> (its type or a base type).</summary>
    private CsdlOperation? Operation(CsdlTypeRef current, string name) =>
        _operations
            .Where(o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && o.Binding.IsCollection == current.IsCollection)
            .Where(o => IsSameOrDerived(current.Name, o.Binding.Name))
            .OrderBy(o => o.Binding.Name == current.Name ? 0 : 1)
            .FirstOrDefault();

    private string CanonicalTypeName(string segment) =>
        _types.Keys.FirstOrDefault(k => k.Equals(segment, StringComparison.OrdinalIgnoreCase)) ?? segment;

    /// <summary>Path segments with key syntax and function parentheses removed: <c>users('x')</c> → users, x.</summary>
    private static List<string> Segments(string path)
    {
        var q = path.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            path = path[..q];
        }

        var result = new List<string>();
        foreach (var raw in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = Uri.UnescapeDataString(raw);
            if (segment.Equals("v1.0", StringComparison.OrdinalIgnoreCase) && result.Count == 0)
            {
                continue;
            }

            var open = segment.IndexOf('(', StringComparison.Ordinal);
            if (open > 0 && segment.EndsWith(')'))
            {
                var inner = segment[(open + 1)..^1];
                result.Add(Cast(segment[..open]));
                if (inner.Length > 0 && (inner[0] == '\'' || !inner.Contains('=', StringComparison.Ordinal)))
                {
                    result.Add(inner.Trim('\''));
                }

                continue;
            }

            result.Add(Cast(segment));
        }

        return result;
    }

    private static string Cast(string segment) =>
        segment.StartsWith("graph.", StringComparison.OrdinalIgnoreCase) ? "microsoft." + segment : segment;

    /// <summary>Splits <c>a,b(c,d),e</c> at top-level commas.</summary>
    private static List<string> TopLevel(string text)
    {
        var result = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                result.Add(text[start..i].Trim());
                start = i + 1;
            }
        }

        result.Add(text[start..].Trim());
        return result.Where(r => r.Length > 0).ToList();
    }

    private static bool PrimitiveMatches(JsonNode value, string edm)
    {
        var kind = value.GetValueKind();
        var text = kind == JsonValueKind.String ? value.GetValue<string>() : null;
        return edm switch
        {
            "Edm.String" => text is not null,
            "Edm.Boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "Edm.Int16" or "Edm.Int32" or "Edm.Int64" or "Edm.Byte" or "Edm.SByte" =>
                kind == JsonValueKind.Number && long.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            "Edm.Double" or "Edm.Single" or "Edm.Decimal" => kind == JsonValueKind.Number || text is "INF" or "-INF" or "NaN",
            "Edm.DateTimeOffset" => text is not null && DateTimeOffsetFormat().IsMatch(text),
            "Edm.Date" => text is not null && DateFormat().IsMatch(text),
            "Edm.TimeOfDay" => text is not null && TimeOfDayFormat().IsMatch(text),
            "Edm.Duration" => text is not null && DurationFormat().IsMatch(text),
            "Edm.Guid" => text is not null && Guid.TryParseExact(text, "D", out _),
            "Edm.Binary" => text is not null && Base64(text),
            _ => true, // Edm.Stream and geography types are not served as JSON properties here
        };
    }

    private static bool Base64(string text)
    {
        var b64 = text.TrimEnd('=').Replace('-', '+').Replace('_', '/');
        if (b64.Length % 4 == 1)
        {
            return false;
        }

        b64 += new string('=', (4 - (b64.Length % 4)) % 4);
        return Convert.TryFromBase64String(b64, new byte[b64.Length], out _);
    }

    private static string Kind(JsonNode node) => node switch
    {
        JsonObject => "an object",
        JsonArray => "an array",
        _ => node.GetValueKind().ToString().ToLowerInvariant(),
    };

    private static readonly HashSet<string> FilterKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "eq", "ne", "gt", "ge", "lt", "le", "and", "or", "not", "in", "has", "true", "false", "null",
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTimeOffsetFormat();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateFormat();

    [GeneratedRegex(@"^\d{2}:\d{2}(:\d{2}(\.\d{1,12})?)?$")]
    private static partial Regex TimeOfDayFormat();

    [GeneratedRegex(@"^-?P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")]
    private static partial Regex DurationFormat();

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(?<collection>[A-Za-z_][\w/]*)/(any|all)\(\s*(?<variable>[A-Za-z_]\w*)\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex Lambda();

    [GeneratedRegex(@"(?<![\w'.$])[A-Za-z_][\w]*(/[A-Za-z_$][\w]*)*")]
    private static partial Regex FilterPath();
}
