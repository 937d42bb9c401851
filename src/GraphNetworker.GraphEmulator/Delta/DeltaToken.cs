using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GraphNetworker.GraphEmulator.Delta;

/// <summary>
/// The state a skip or delta token carries: the round's options, versions and cursor. Tokens are opaque
/// base64url text; because they carry all state, they survive an emulator restart with the same state.
/// <c>Prefer: odata.maxpagesize</c> is deliberately not encoded (Graph needs it on every request).
/// </summary>
internal sealed record DeltaToken
{
    [JsonPropertyName("c")]
    public required string Collection { get; init; }

    [JsonPropertyName("i")]
    public required string StateId { get; init; }

    [JsonPropertyName("g")]
    public long Generation { get; init; }

    /// <summary>When the sync state was created (emulator clock, Unix seconds): for the max-token-age rule.</summary>
    [JsonPropertyName("t")]
    public long IssuedAt { get; init; }

    /// <summary>The version the round reports changes after; -1 for an initial round.</summary>
    [JsonPropertyName("s")]
    public long Since { get; init; } = -1;

    /// <summary>The version when the round started (the next round's <see cref="Since"/> for initial rounds).</summary>
    [JsonPropertyName("r")]
    public long RoundVersion { get; init; }

    /// <summary>Initial rounds: the next position (or index into the ordered view). Delta rounds: the last version sent.</summary>
    [JsonPropertyName("p")]
    public long Cursor { get; init; }

    /// <summary>Calendar view: the next instance inside the event at <see cref="Cursor"/>.</summary>
    [JsonPropertyName("o")]
    public int Instance { get; init; }

    [JsonPropertyName("n")]
    public int Emitted { get; init; }

    /// <summary>True once the empty-page test mode has produced its empty page in this round.</summary>
    [JsonPropertyName("e")]
    public bool EmptyPageDone { get; init; }

    /// <summary>Replay test mode: the position sent last, repeated at the top of the next page.</summary>
    [JsonPropertyName("x")]
    public int ReplayPosition { get; init; } = -1;

    /// <summary>Endless calendarView delta: how often this page was handed out again under a new next link.</summary>
    [JsonPropertyName("l")]
    public int Loop { get; init; }

    [JsonPropertyName("q")]
    public required DeltaQuery Query { get; init; }

    [JsonIgnore]
    public bool IsInitialRound => Since < 0;

    public string Encode()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(this, TokenJson.Options);
        return Convert.ToBase64String(json).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static DeltaToken? TryDecode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            var b64 = text.Replace('-', '+').Replace('_', '/');
            b64 += new string('=', (4 - (b64.Length % 4)) % 4);
            var bytes = Convert.FromBase64String(b64);
            return JsonSerializer.Deserialize<DeltaToken>(Encoding.UTF8.GetString(bytes), TokenJson.Options);
        }
        catch (FormatException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The query options of a delta round, fixed on the initial request and carried in its tokens.</summary>
internal sealed record DeltaQuery
{
    [JsonPropertyName("sel")]
    public string? Select { get; init; }

    [JsonPropertyName("flt")]
    public string? Filter { get; init; }

    [JsonPropertyName("ord")]
    public string? OrderBy { get; init; }

    [JsonPropertyName("top")]
    public int? Top { get; init; }

    [JsonPropertyName("ct")]
    public string? ChangeType { get; init; }

    [JsonPropertyName("exp")]
    public string? Expand { get; init; }

    [JsonPropertyName("sd")]
    public string? StartDateTime { get; init; }

    [JsonPropertyName("ed")]
    public string? EndDateTime { get; init; }

    /// <summary>The query string that restarts this round from scratch (used in a 410's Location).</summary>
    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("startDateTime", StartDateTime);
        Add("endDateTime", EndDateTime);
        Add("$select", Select);
        Add("$filter", Filter);
        Add("$orderby", OrderBy);
        Add("$expand", Expand);
        Add("$top", Top?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("changeType", ChangeType);
        return string.Join('&', parts);
    }
}

internal static class TokenJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
