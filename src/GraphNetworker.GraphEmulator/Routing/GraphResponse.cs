using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Routing;

/// <summary>A Graph response before it is written to HTTP or folded into a <c>$batch</c> envelope.</summary>
internal sealed class GraphResponse
{
    public int Status { get; init; } = 200;

    /// <summary>A JSON body; for errors the pipeline builds it from <see cref="Error"/> with the request ids.</summary>
    public JsonNode? Body { get; set; }

    public GraphError? Error { get; init; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A scripted fault: write only the first half of the body.</summary>
    public bool Truncate { get; set; }

    /// <summary>A scripted fault: write the first half of the body, then stall this long (infinite: until the client gives up) before the rest.</summary>
    public (TimeSpan For, TimeProvider Clock)? Stall { get; set; }

    public static GraphResponse Ok(JsonNode body) => new() { Status = 200, Body = body };

    public static GraphResponse Created(JsonNode body) => new() { Status = 201, Body = body };

    public static GraphResponse NoContent() => new() { Status = 204 };

    public static GraphResponse Fail(int status, string code, string message) =>
        new() { Status = status, Error = new GraphError(code, message) };

    public GraphResponse WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }
}

/// <summary>The error part of Graph's envelope; <c>innerError</c> ids and date are added when written.</summary>
internal sealed record GraphError(string Code, string Message)
{
    /// <summary>Extra innerError properties (the 429 body carries code, message and status there).</summary>
    public IReadOnlyDictionary<string, string>? Inner { get; init; }
}

/// <summary>Thrown by handlers for a Graph error answer; the pipeline turns it into the error envelope.</summary>
internal sealed class GraphException : Exception
{
    public GraphException(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public GraphException()
    {
        Code = "BadRequest";
    }

    public GraphException(string message)
        : base(message)
    {
        Status = 400;
        Code = "BadRequest";
    }

    public GraphException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 400;
        Code = "BadRequest";
    }

    public int Status { get; } = 400;

    public string Code { get; }

    public IReadOnlyDictionary<string, string>? Inner { get; init; }

    /// <summary>A Location header (410 answers point at a fresh initial delta round).</summary>
    public string? Location { get; init; }

    public GraphResponse ToResponse()
    {
        var response = new GraphResponse { Status = Status, Error = new GraphError(Code, Message) { Inner = Inner } };
        return Location is null ? response : response.WithHeader("Location", Location);
    }
}
