using System.Text.Json;
using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Hosting;
using GraphNetworker.GraphEmulator.Tenants;

namespace GraphNetworker.GraphEmulator.Control;

/// <summary>
/// The HTTP control API under <c>/_emulator/</c> (not Graph): seed, mutate, faults, token invalidation,
/// clock, request log, statistics, settings, state and snapshot. Errors are <c>{"error":"…"}</c> with 400/404.
/// </summary>
internal sealed partial class ControlApi
{
    private readonly EmulatorState _state;
    private readonly EmulatorControl _control;
    private readonly byte[] _token;
    private readonly string _snapshotRoot;

    public ControlApi(EmulatorState state, EmulatorControl control, string token, string snapshotRoot)
    {
        _state = state;
        _control = control;
        _token = System.Text.Encoding.UTF8.GetBytes("Bearer " + token);
        _snapshotRoot = Path.GetFullPath(snapshotRoot);
    }

    public async Task HandleAsync(HttpContext http, PathString path)
    {
        var presented = System.Text.Encoding.UTF8.GetBytes(http.Request.Headers.Authorization.ToString());
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(presented, _token))
        {
            await WriteAsync(http, 401, new JsonObject { ["error"] = "The control API needs 'Authorization: Bearer <control token>' (Emulator:ControlToken; by default the developer token)." });
            return;
        }

        var route = (http.Request.Method.ToUpperInvariant(), (path.Value ?? "/").TrimEnd('/').ToLowerInvariant());
        try
        {
            var body = await HttpGraphEndpoint.ReadBodyAsync(http.Request, http.RequestAborted);
            var result = route switch
            {
                ("POST", "/seed") => Seed(http.Request.Query, body),
                ("POST", "/mutate") => Mutate(body),
                ("GET", "/faults") => ToJson(_control.Faults),
                ("POST", "/faults") => AddFaults(body),
                ("DELETE", "/faults") => Done(_control.ClearFaults),
                ("POST", "/invalidate-delta-tokens") => Done(() => _control.InvalidateDeltaTokens(Query(http, "user"), Query(http, "folder") ?? Query(http, "collection"))),
                ("POST", "/revoke-token") => Done(() => _control.RevokeAccessToken(Required(body, "token"))),
                ("GET", "/clock") => Clock(),
                ("POST", "/clock") => SetClock(body),
                ("GET", "/requests") => Requests(http),
                ("DELETE", "/requests") => Done(_control.ClearRequests),
                ("GET", "/stats") => ToJson(_control.Statistics),
                ("DELETE", "/stats") => Done(_control.ResetStatistics),
                ("GET", "/settings") => SettingsJson(),
                ("POST", "/settings") => UpdateSettings(body),
                ("GET", "/state") => _control.GetState(),
                ("GET", "/exchange-scope") => ScopeJson(),
                ("POST", "/exchange-scope") => SetScope(body),
                ("DELETE", "/exchange-scope") => Done(() => _control.SetExchangeApplicationScope(null)),
                ("GET", "/synthetic") => _control.SyntheticManifest is { } m ? ToJson(m) : new JsonObject(),
                ("GET", "/snapshot") => Snapshot(http),
                ("POST", "/snapshot") => Snapshot(http),
                _ => throw new KeyNotFoundException($"Unknown control operation {route.Item1} /_emulator{path}."),
            };
            await WriteAsync(http, 200, result);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or JsonException or InvalidDataException or InvalidOperationException)
        {
            await WriteAsync(http, 400, new JsonObject { ["error"] = ex.Message });
        }
        catch (KeyNotFoundException ex)
        {
            await WriteAsync(http, 404, new JsonObject { ["error"] = ex.Message });
        }
    }

    private static string? Query(HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;

    private static JsonNode ParseBody(ReadOnlyMemory<byte> body) =>
        body.IsEmpty ? throw new ArgumentException("A JSON body is required.") : JsonNode.Parse(body.Span) ?? throw new ArgumentException("A JSON body is required.");

    private static string Required(ReadOnlyMemory<byte> body, string name) =>
        (ParseBody(body) as JsonObject)?.GetString(name) ?? throw new ArgumentException($"'{name}' is required.");

    private static JsonObject Done(Action action)
    {
        action();
        return new JsonObject { ["ok"] = true };
    }

    private JsonNode Seed(IQueryCollection query, ReadOnlyMemory<byte> body)
    {
        var reset = query.TryGetValue("reset", out var r) && bool.TryParse(r, out var b) && b;
        var snapshot = TenantSnapshot.FromJson(System.Text.Encoding.UTF8.GetString(body.Span));
        _control.Seed(snapshot, reset);
        return _control.GetState();
    }

    private JsonObject AddFaults(ReadOnlyMemory<byte> body)
    {
        var node = ParseBody(body);
        var rules = node is JsonArray
            ? node.Deserialize<List<FaultRule>>(ControlJson.Options)!
            : [node.Deserialize<FaultRule>(ControlJson.Options)!];
        foreach (var rule in rules)
        {
            _control.AddFault(rule);
        }

        return new JsonObject { ["ok"] = true, ["active"] = ToJson(_control.Faults) };
    }

    private JsonNode ScopeJson() => Tenants.DirectoryLoader.WriteScope(_control.ExchangeApplicationScope) ?? new JsonObject();

    /// <summary><c>{"groupId":"…","membership":"direct"|"transitive"}</c>, the tenant.json form.</summary>
    private JsonNode SetScope(ReadOnlyMemory<byte> body)
    {
        var scope = Tenants.DirectoryLoader.ReadScope(ParseBody(body) as JsonObject) ?? throw new ArgumentException("'groupId' is required.");
        _control.SetExchangeApplicationScope(scope.GroupId, scope.Membership);
        return ScopeJson();
    }

    private JsonObject Clock() => new() { ["now"] = GraphTime.UtcPrecise(_control.Now) };

    private JsonObject SetClock(ReadOnlyMemory<byte> body)
    {
        var request = ParseBody(body) as JsonObject ?? throw new ArgumentException("Expected {\"set\":\"…\"} or {\"advance\":\"hh:mm:ss\"}.");
        if (request.GetString("set") is { } set)
        {
            _control.SetClock(GraphTime.TryParseInstant(set, out var when) ? when : throw new FormatException($"Invalid time '{set}'."));
        }

        if (request.GetString("advance") is { } advance)
        {
            _control.AdvanceClock(TimeSpan.Parse(advance, System.Globalization.CultureInfo.InvariantCulture));
        }

        return Clock();
    }

    private JsonNode Requests(HttpContext http)
    {
        IEnumerable<RecordedRequest> requests = _control.Requests;
        if (Query(http, "mailbox") is { } mailbox)
        {
            requests = requests.Where(r => string.Equals(r.Mailbox, mailbox, StringComparison.OrdinalIgnoreCase));
        }

        if (Query(http, "last") is { } last && int.TryParse(last, out var n))
        {
            requests = requests.TakeLast(n);
        }

        return ToJson(requests.ToList());
    }

    private JsonNode SettingsJson() => ToJson(_control.Settings);

    private JsonNode UpdateSettings(ReadOnlyMemory<byte> body)
    {
        var current = (JsonObject)ToJson(_control.Settings);
        Merge(current, ParseBody(body) as JsonObject ?? throw new ArgumentException("A JSON object is expected."));
        var updated = current.Deserialize<GraphEmulatorOptions>(ControlJson.Options)!;
        var validation = new GraphEmulatorOptionsValidator().Validate(null, updated);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage);
        }

        _control.Settings.CopyBehaviourFrom(updated);
        _control.ApplySettings();
        return SettingsJson();
    }

    private JsonNode Snapshot(HttpContext http)
    {
        if (Query(http, "path") is { } relative)
        {
            var folder = SnapshotFolder(relative);
            _control.ExportSnapshot(folder);
            return new JsonObject { ["ok"] = true, ["path"] = folder };
        }

        return JsonNode.Parse(_control.ExportSnapshot().ToJson(indented: false))!;
    }

    /// <summary>A relative folder under the snapshot root; anything that would leave it (rooted, <c>..</c>) is refused.</summary>
    private string SnapshotFolder(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(_snapshotRoot, relative));
        return Path.IsPathRooted(relative) || !full.StartsWith(_snapshotRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? throw new ArgumentException($"'path' must be a relative folder under the snapshot root ({_snapshotRoot}).")
            : full;
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            var existing = target.FirstOrDefault(p => p.Key.Equals(key, StringComparison.OrdinalIgnoreCase));
            if (existing.Key is not null && existing.Value is JsonObject t && value is JsonObject p)
            {
                Merge(t, p);
            }
            else
            {
                target.Remove(existing.Key ?? key);
                target[existing.Key ?? key] = value?.DeepClone();
            }
        }
    }

    private static JsonNode ToJson<T>(T value) => JsonSerializer.SerializeToNode(value, ControlJson.Options)!;

    private static async Task WriteAsync(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(body.ToJsonString(SnapshotJson.Indented), http.RequestAborted);
    }
}
