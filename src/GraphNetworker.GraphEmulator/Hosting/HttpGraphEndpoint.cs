using System.Text.Json;
using GraphNetworker.GraphEmulator.Routing;
using GraphNetworker.GraphEmulator.Tenants;

namespace GraphNetworker.GraphEmulator.Hosting;

/// <summary>Adapts HTTP to the Graph pipeline: reads the request under <c>/v1.0</c>, writes Graph's headers and body.</summary>
internal sealed class HttpGraphEndpoint
{
    public const string ContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
    private readonly GraphPipeline _pipeline;

    public HttpGraphEndpoint(GraphPipeline pipeline) => _pipeline = pipeline;

    public async Task HandleAsync(HttpContext http, PathString rest)
    {
        var request = new GraphRequest
        {
            Method = http.Request.Method,
            Path = rest.HasValue ? rest.Value! : "/",
            Query = http.Request.QueryString.HasValue ? http.Request.QueryString.Value![1..] : string.Empty,
            Headers = ReadHeaders(http.Request.Headers),
            Body = await ReadBodyAsync(http.Request, http.RequestAborted),
        };
        var baseUrl = http.Request.Scheme + "://" + http.Request.Host.Value + http.Request.PathBase + "/v1.0";
        var response = await _pipeline.ExecuteAsync(request, baseUrl, http.RequestAborted);
        if (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        await WriteAsync(http, response);
    }

    public static Dictionary<string, string> ReadHeaders(IHeaderDictionary headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            result[name] = string.Join(", ", values.ToArray());
        }

        return result;
    }

    public static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    public static async Task WriteAsync(HttpContext http, GraphResponse response)
    {
        http.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            http.Response.Headers[name] = value;
        }

        http.Response.Headers.CacheControl = "no-store";
        if (response.Body is null || response.Status == 204)
        {
            return;
        }

        http.Response.ContentType = ContentType;
        if (response.Stall is { } stall)
        {
            var whole = System.Text.Encoding.UTF8.GetBytes(response.Body.ToJsonString());
            await http.Response.Body.WriteAsync(whole.AsMemory(0, whole.Length / 2), http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
            await Task.Delay(stall.For, stall.Clock, http.RequestAborted);
            await http.Response.Body.WriteAsync(whole.AsMemory(whole.Length / 2), http.RequestAborted);
            return;
        }

        if (response.Truncate)
        {
            var whole = System.Text.Encoding.UTF8.GetBytes(response.Body.ToJsonString());
            await http.Response.Body.WriteAsync(whole.AsMemory(0, whole.Length / 2), http.RequestAborted);
            return;
        }

        using (var writer = new Utf8JsonWriter(http.Response.BodyWriter, SnapshotJson.CompactWriter))
        {
            response.Body.WriteTo(writer);
        }

        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }
}
