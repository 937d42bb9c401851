using System.Net;
using System.Text.Json;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace GraphNetworker.Graph.Sync;

/// <summary>Raw pages through the SDK's request adapter: the SDK builds, authenticates and sends; the worker reads each item on its own.</summary>
internal static class GraphPages
{
    private static readonly Dictionary<string, ParsableFactory<IParsable>> Errors = new()
    {
        ["XXX"] = ODataError.CreateFromDiscriminatorValue,
    };

    /// <summary>Sends a request and parses its JSON body. Memory holds one page.</summary>
    /// <remarks>
    /// The request's attempts are bounded by the retry layer's timeouts, which end when the headers arrive; the body by
    /// <see cref="Access.ResponseBodyDeadlineHandler"/>, as every Graph response's is: a connection that stalls mid-body
    /// fails the read with a <see cref="TimeoutException"/> instead of holding the mailbox's slot for ever.
    /// </remarks>
    public static async Task<JsonDocument> FetchAsync(IRequestAdapter adapter, RequestInformation request, CancellationToken cancellationToken)
    {
        var stream = await adapter.SendPrimitiveAsync<Stream>(request, Errors, cancellationToken)
            ?? throw new InvalidOperationException("Graph returned an empty body.");
        await using (stream)
        {
            return await JsonDocument.ParseAsync(stream, default, cancellationToken);
        }
    }

    /// <summary>
    /// A GET of a link Graph gave (<c>@odata.nextLink</c>, <c>@odata.deltaLink</c>), as the SDK's request builders make it
    /// (the link as it is, JSON accepted) with a <c>Prefer</c> header. Made directly rather than through a builder's
    /// configuration callback, which reads its query parameters' attributes by reflection on every request: a quiet
    /// cycle follows one link per folder and calendar of every mailbox.
    /// </summary>
    public static RequestInformation Follow(string link, string prefer)
    {
        var request = new RequestInformation { HttpMethod = Method.GET, URI = new Uri(link) };
        request.Headers.TryAdd("Accept", "application/json");
        request.Headers.Add("Prefer", prefer);
        return request;
    }

    /// <summary>A delta token Graph no longer knows: 410 Gone, or a sync-state error code. Answer with a full round, never a retry.</summary>
    public static bool IsResync(Exception exception) =>
        exception is ApiException api && (api.ResponseStatusCode == (int)HttpStatusCode.Gone ||
            (api is ODataError { Error.Code: { } code } &&
             (code.Contains("syncstate", StringComparison.OrdinalIgnoreCase) || code.Contains("resync", StringComparison.OrdinalIgnoreCase))));

    /// <summary>Every item of a Graph collection: the first page, then each <c>@odata.nextLink</c> through <paramref name="next"/>.</summary>
    public static async Task<List<T>> AllAsync<TPage, T>(TPage? first, Func<string, Task<TPage?>> next, Func<TPage, List<T>?> items)
        where TPage : Microsoft.Graph.Models.BaseCollectionPaginationCountResponse
    {
        var all = new List<T>();
        var page = first;
        while (page is not null)
        {
            all.AddRange(items(page) ?? []);
            page = page.OdataNextLink is { } link ? await next(link) : null;
        }

        return all;
    }

    public static string? Link(JsonDocument page, string name) =>
        page.RootElement.TryGetProperty(name, out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;

    public static IEnumerable<JsonElement> Items(JsonDocument page) =>
        page.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    public static bool IsRemoved(JsonElement item) => item.ValueKind == JsonValueKind.Object && item.TryGetProperty("@removed"u8, out _);
}
