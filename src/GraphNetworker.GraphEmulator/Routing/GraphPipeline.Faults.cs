using System.Globalization;

namespace GraphNetworker.GraphEmulator.Routing;

/// <summary>Turns a scripted <see cref="FaultRule"/> into its answer (or a delay before the normal one).</summary>
internal sealed partial class GraphPipeline
{
    private async Task<GraphResponse?> ApplyFaultAsync(FaultRule fault, GraphRequest request, string baseUrl, CancellationToken ct)
    {
        switch (fault.Kind)
        {
            case FaultKind.Slow:
                await Task.Delay(fault.Delay ?? TimeSpan.FromSeconds(5), _state.Clock.Inner, ct);
                return null;
            case FaultKind.TruncatedBody or FaultKind.StalledBody or FaultKind.AppliedThen503:
                return null;
            case FaultKind.Timeout:
                await Task.Delay(fault.Delay ?? Timeout.InfiniteTimeSpan, _state.Clock.Inner, ct);
                return WithRetryAfter(GraphResponse.Fail(504, "GatewayTimeout", "The operation has timed out."), fault.RetryAfter);
            case FaultKind.Throttle429:
                var throttled = GraphErrors.Throttled(fault.RetryAfter ?? TimeSpan.Zero);
                if (fault.RetryAfter is null)
                {
                    throttled.Headers.Remove("Retry-After");
                }

                return throttled;
            case FaultKind.ServiceUnavailable503:
                return WithRetryAfter(GraphResponse.Fail(503, "ServiceNotAvailable", "The service is temporarily unavailable. Please retry later."), fault.RetryAfter);
            case FaultKind.GatewayTimeout504:
                return WithRetryAfter(GraphResponse.Fail(504, "GatewayTimeout", "The operation has timed out."), fault.RetryAfter);
            case FaultKind.SyncStateNotFound410:
                return GraphResponse.Fail(410, "syncStateNotFound", GraphErrors.SyncStateNotFoundMessage)
                    .WithHeader("Location", baseUrl + request.Path + "?$deltatoken=");
            case FaultKind.SyncStateNotFound400:
                return GraphResponse.Fail(400, "syncStateNotFound", GraphErrors.SyncStateNotFoundMessage);
            case FaultKind.ResyncRequired400:
                return GraphResponse.Fail(400, "resyncRequired", "The delta token is no longer valid, and the app must reset the sync state.");
            default:
                return WithRetryAfter(GraphResponse.Fail(fault.Status, fault.Code ?? "InjectedFault", "A scripted fault answered this request."), fault.RetryAfter);
        }
    }

    private static GraphResponse WithRetryAfter(GraphResponse response, TimeSpan? retryAfter) =>
        retryAfter is { } ra
            ? response.WithHeader("Retry-After", ((int)Math.Ceiling(ra.TotalSeconds)).ToString(CultureInfo.InvariantCulture))
            : response;
}
