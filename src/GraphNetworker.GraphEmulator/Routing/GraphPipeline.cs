using System.Text;
using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;

namespace GraphNetworker.GraphEmulator.Routing;

/// <summary>
/// Serves one Graph request, from HTTP or from a <c>$batch</c> step: route, authenticate, authorize, resolve
/// the mailbox, apply scripted faults, the per-mailbox limiter and latency, run the handler, then record
/// statistics and the request log. Errors become Graph's error envelope with the request ids.
/// </summary>
internal sealed partial class GraphPipeline
{
    private readonly EmulatorState _state;
    private readonly RouteTable _routes;

    public GraphPipeline(EmulatorState state, RouteTable routes)
    {
        _state = state;
        _routes = routes;
    }

    public EmulatorState State => _state;

    public async Task<GraphResponse> ExecuteAsync(GraphRequest request, string baseUrl, CancellationToken ct)
    {
        var requestId = Guid.NewGuid().ToString();
        var clientRequestId = request.Header("client-request-id") ?? requestId;
        var now = _state.Now;
        var trace = new Trace();
        GraphResponse response;
        try
        {
            response = await ExecuteCoreAsync(request, baseUrl, requestId, trace, ct);
        }
        catch (GraphException ex)
        {
            response = ex.ToResponse();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            response = GraphResponse.Fail(499, "RequestCanceled", "The client closed the request.");
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_state.Logger, ex, request.Method, trace.Route?.Name);
            response = GraphResponse.Fail(500, "InternalServerError", "The emulator failed: " + ex.Message);
        }
        finally
        {
            if (trace.ThrottleKey is not null)
            {
                _state.Throttler.Release(trace.ThrottleKey);
            }
        }

        Finish(response, requestId, clientRequestId, now);
        _state.Stats.Request(trace.Route?.Name, trace.Mailbox);
        Record(request, response, requestId, now, trace);
        return response;
    }

    private async Task<GraphResponse> ExecuteCoreAsync(GraphRequest request, string baseUrl, string requestId, Trace trace, CancellationToken ct)
    {
        var segments = PathParser.Parse(request.Path);
        var grant = Authenticate(request);
        if (segments.Count > 0 && segments[0].Equals("me", StringComparison.OrdinalIgnoreCase) && !grant.Delegated)
        {
            throw GraphErrors.BadRequest("/me request is only valid with delegated authentication flow.");
        }

        var match = _routes.Match(request.Method, segments, out var pathKnown)
            ?? throw (pathKnown ? GraphErrors.MethodNotAllowed(request.Method) : GraphErrors.NotFoundSegment(segments.LastOrDefault() ?? "v1.0"));
        trace.Route = match.Route;
        if (!grant.HasAny(match.Route.Roles))
        {
            throw GraphErrors.AccessDenied();
        }

        var context = new GraphContext
        {
            Request = request,
            Match = match,
            Query = QueryOptions.Parse(request.Query),
            Prefer = PreferOptions.Parse(request.Header("Prefer")),
            State = _state,
            Grant = grant,
            BaseUrl = baseUrl,
            Aborted = ct,
            Pipeline = this,
            RequestId = requestId,
        };

        if (match.Route.Scope is RouteScope.Mailbox or RouteScope.Todo)
        {
            ResolveMailbox(context, match.Route.Scope);
            trace.Mailbox = context.User!.UserPrincipalName;
        }
        else if (match.Route.Scope == RouteScope.Teams)
        {
            // Teams is not an Exchange workload: no mailbox is needed and Exchange's application scope does not apply.
            var key = context.Value("u");
            context.User = _state.FindLiveUser(key) ?? throw new GraphException(404, "NotFound", $"The user '{key}' was not found.");
        }

        var fault = _state.Faults.Take(request.Method, request.PathAndQuery, request.BatchStepId is not null);
        if (fault is not null)
        {
            _state.Stats.Fault();
            Log.FaultInjected(_state.Logger, fault.Kind, request.Method, request.Path);
            if (await ApplyFaultAsync(fault, request, baseUrl, ct) is { } faulted)
            {
                return faulted;
            }
        }

        if (trace.Mailbox is not null && request.BeyondBatchConcurrency && _state.Settings.Throttling.Enabled)
        {
            _state.Stats.Throttled(trace.Mailbox);
            return GraphErrors.MailboxConcurrency(_state.Settings.Throttling.ConcurrencyRetryAfter);
        }

        if (trace.Mailbox is not null)
        {
            var decision = _state.Throttler.TryAcquire(context.User!.Id, _state.Now, _state.Settings.Throttling);
            if (!decision.Admitted)
            {
                _state.Stats.Throttled(trace.Mailbox);
                return GraphErrors.Throttled(decision.RetryAfter ?? TimeSpan.FromSeconds(1));
            }

            trace.ThrottleKey = context.User.Id;
            _state.Stats.Concurrency(trace.Mailbox, decision.InFlight);
        }
        else if (match.Route.Scope is RouteScope.Teams or RouteScope.Tenant)
        {
            // Teams' limits are per app per tenant (30 requests a second for these GETs), not per mailbox.
            var key = "(teams " + match.Route.Scope + ")";
            var decision = _state.Throttler.TryAcquire(key, _state.Now, _state.Settings.Throttling.TeamsLimits());
            if (!decision.Admitted)
            {
                _state.Stats.Throttled(key);
                return GraphErrors.Throttled(decision.RetryAfter ?? TimeSpan.FromSeconds(1));
            }

            trace.ThrottleKey = key;
        }

        if (request.BatchStepId is null && _state.Settings.Latency > TimeSpan.Zero)
        {
            await Task.Delay(_state.Settings.Latency, _state.Clock.Inner, ct);
        }

        var response = await match.Route.Handler(context);
        if (fault?.Kind == FaultKind.AppliedThen503)
        {
            // Done, then lost on the way back: the caller sees only the 503.
            return WithRetryAfter(GraphResponse.Fail(503, "ServiceNotAvailable", "The service is temporarily unavailable. Please retry later."), fault.RetryAfter);
        }

        response.Truncate = fault?.Kind == FaultKind.TruncatedBody;
        response.Stall = fault?.Kind == FaultKind.StalledBody ? (fault.Delay ?? Timeout.InfiniteTimeSpan, _state.Clock.Inner) : null;
        if (context.AppliedPreferences.Count > 0 && response.Status < 300)
        {
            response.Headers["Preference-Applied"] = string.Join(", ", context.AppliedPreferences.Distinct(StringComparer.Ordinal));
        }

        return response;
    }

    /// <summary>The mailbox owner a request addresses (mail, calendar, settings, To Do), or null for other routes.</summary>
    public string? MailboxOf(string method, string path)
    {
        var match = _routes.Match(method, PathParser.Parse(path), out _);
        return match is { Route.Scope: RouteScope.Mailbox or RouteScope.Todo } && match.Values.TryGetValue("u", out var key)
            ? _state.FindLiveUser(key)?.Id
            : null;
    }

    private AccessGrant Authenticate(GraphRequest request)
    {
        var header = request.Header("Authorization");
        const string Bearer = "Bearer ";
        if (header is null || !header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) || header.Length <= Bearer.Length)
        {
            throw new GraphException(401, "InvalidAuthenticationToken", "Access token is empty.");
        }

        var token = header[Bearer.Length..].Trim();
        if (_state.RevokedTokens.ContainsKey(token))
        {
            throw new GraphException(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.");
        }

        var map = _state.Settings.TokenRoles;
        if (map.Count == 0)
        {
            return AccessGrant.Everything(token);
        }

        return map.TryGetValue(token, out var grant)
            ? AccessGrant.From(token, grant)
            : throw new GraphException(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
    }

    private void ResolveMailbox(GraphContext context, RouteScope scope)
    {
        var key = context.Value("u");
        var user = _state.FindLiveUser(key) ?? throw GraphErrors.InvalidUser(key);
        if (!user.HasMailbox)
        {
            throw GraphErrors.MailboxNotEnabled();
        }

        if (_state.MailboxConditions.TryGetValue(user.Id, out var condition))
        {
            throw condition == MailboxCondition.InvalidUser ? GraphErrors.InvalidUser(key) : GraphErrors.MailboxNotEnabled();
        }

        if (scope == RouteScope.Mailbox && !context.Grant.MayAccessMailbox(user.Id, user.UserPrincipalName))
        {
            throw GraphErrors.AccessPolicyDenied();
        }

        // Exchange scopes the application, not a token; To Do is not an Exchange-scoped workload.
        if (scope == RouteScope.Mailbox && !context.Grant.Delegated && !_state.Directory.InApplicationScope(user))
        {
            throw GraphErrors.AccessDenied();
        }

        context.User = user;
        context.Mailbox = _state.Mailboxes.GetOrCreate(user);
    }

    private void Finish(GraphResponse response, string requestId, string clientRequestId, DateTimeOffset now)
    {
        response.Headers["request-id"] = requestId;
        response.Headers["client-request-id"] = clientRequestId;
        if (response.Error is not { } error || response.Body is not null)
        {
            return;
        }

        var inner = new JsonObject();
        if (error.Inner is not null)
        {
            foreach (var (k, v) in error.Inner)
            {
                inner[k] = v;
            }
        }

        inner["date"] = GraphTime.ErrorDate(now);
        inner["request-id"] = requestId;
        inner["client-request-id"] = clientRequestId;
        var body = new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message, ["innerError"] = inner },
        };
        response.Body = body;
    }

    private void Record(GraphRequest request, GraphResponse response, string requestId, DateTimeOffset now, Trace trace)
    {
        if (_state.Log.Capacity <= 0)
        {
            return;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            headers[name] = name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? "Bearer <redacted>" : value;
        }

        string? body = null;
        if (!request.Body.IsEmpty)
        {
            var limit = _state.Settings.RequestLogBodyLimit;
            var span = request.Body.Span;
            body = Encoding.UTF8.GetString(span.Length > limit ? span[..limit] : span);
        }

        _state.Log.Add(new RecordedRequest(
            _state.Log.NextSequence(), now, request.Method, "/v1.0" + request.PathAndQuery, headers, body,
            response.Status, trace.Mailbox, trace.Route?.Name, requestId, request.BatchRequestId));
    }

    private sealed class Trace
    {
        public Route? Route { get; set; }

        public string? Mailbox { get; set; }

        public string? ThrottleKey { get; set; }
    }
}
