using System.Text.Json;
using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Routing;

/// <summary>A Graph request, from HTTP or from inside a <c>$batch</c>; the pipeline treats both alike.</summary>
internal sealed class GraphRequest
{
    public required string Method { get; init; }

    /// <summary>The path after <c>/v1.0</c>, starting with '/', still percent-encoded as received.</summary>
    public required string Path { get; init; }

    /// <summary>The query string without '?'.</summary>
    public required string Query { get; init; }

    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Set on a <c>$batch</c> sub-request: the id of the step inside the batch.</summary>
    public string? BatchStepId { get; init; }

    /// <summary>Set on a <c>$batch</c> sub-request: the request-id of the enclosing batch.</summary>
    public string? BatchRequestId { get; init; }

    /// <summary>A <c>$batch</c> step beyond the mailbox's concurrency limit within its batch: answered 429.</summary>
    public bool BeyondBatchConcurrency { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public string PathAndQuery => Query.Length == 0 ? Path : Path + "?" + Query;

    /// <summary>Parses the body as JSON; a missing or malformed body is a 400, as Graph answers.</summary>
    public JsonObject ReadJsonObject()
    {
        if (Body.IsEmpty)
        {
            throw new GraphException(400, "BadRequest", "Empty Payload, JSON content expected");
        }

        try
        {
            return JsonNode.Parse(Body.Span) as JsonObject
                ?? throw new GraphException(400, "BadRequest", "Invalid request body: a JSON object is expected.");
        }
        catch (JsonException ex)
        {
            throw new GraphException(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format. " + ex.Message);
        }
    }
}
