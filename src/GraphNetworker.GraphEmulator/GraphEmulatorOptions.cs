using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using GraphNetworker.GraphEmulator.Tenants;
using Microsoft.Extensions.Options;

namespace GraphNetworker.GraphEmulator;

/// <summary>
/// Configuration of a Graph emulator (configuration section <c>Emulator</c>). Behavioural settings
/// (latency, throttling, delta modes, page sizes, token roles) can also be changed while it runs through
/// <see cref="EmulatorControl.Settings"/>; the tenant, URL and clock are fixed at start.
/// </summary>
public sealed class GraphEmulatorOptions
{
    public const string SectionName = "Emulator";

    /// <summary>The bearer token the worker should send to the emulator (any non-empty token works by default).</summary>
    public const string DeveloperToken = "emulator-token";

    /// <summary>A snapshot folder path, or <c>synthetic:users=3,months=12,seed=42</c> (see docs/emulator.md).</summary>
    [Required]
    public string Tenant { get; set; } = "synthetic:users=3,months=12,seed=42";

    /// <summary>
    /// The bearer token the control API (<c>/_emulator/</c>) requires: it can rewrite the tenant, so a page in a browser
    /// (DNS rebinding) or another local process cannot drive it without the token. Not changeable through the API.
    /// </summary>
    [Required]
    public string ControlToken { get; set; } = DeveloperToken;

    /// <summary>Where <c>POST /_emulator/snapshot?path=</c> may write: a relative path under this folder, nowhere else.</summary>
    public string SnapshotRoot { get; set; } = Path.Combine(Path.GetTempPath(), "graphnetworker-emulator-snapshots");

    /// <summary>An in-memory tenant; when set it is used instead of <see cref="Tenant"/>.</summary>
    [JsonIgnore]
    public TenantSnapshot? TenantSnapshot { get; set; }

    /// <summary>The clock: "now" for synthetic data, Retry-After, token ages and latency. Tests pass a controllable one.</summary>
    [JsonIgnore]
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Listen address such as <c>http://127.0.0.1:5080</c>; null for 127.0.0.1 on an ephemeral port.</summary>
    public string? Url { get; set; }

    /// <summary>The largest page <c>Prefer: odata.maxpagesize</c> can ask for; larger requests get this many.</summary>
    [Range(1, 100_000)]
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>The page size when no <c>Prefer: odata.maxpagesize</c> is sent (Graph: 10 for Outlook resources).</summary>
    [Range(1, 1000)]
    public int DefaultPageSize { get; set; } = 10;

    /// <summary>Added to every HTTP request (not to each $batch step), to model network time; waits on <see cref="TimeProvider"/>.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    [ValidateObjectMembers]
    public EmulatorThrottlingOptions Throttling { get; set; } = new();

    public EmulatorDeltaOptions Delta { get; set; } = new();

    /// <summary>
    /// Token → grant. Empty (the default): any non-empty bearer token has every permission. When set, only
    /// these tokens are accepted and each has only its roles (403 otherwise).
    /// </summary>
    public Dictionary<string, TokenGrant> TokenRoles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How many requests the request log keeps (oldest dropped first); 0 turns the log off.</summary>
    [Range(0, 10_000_000)]
    public int RequestLogCapacity { get; set; } = 10_000;

    /// <summary>Request bodies longer than this are truncated in the request log.</summary>
    [Range(0, 10_000_000)]
    public int RequestLogBodyLimit { get; set; } = 16 * 1024;

    /// <summary>Whether per-mailbox and per-endpoint statistics are kept.</summary>
    public bool CollectStatistics { get; set; } = true;

    /// <summary>Status of <c>ErrorDuplicateTransactionId</c> (Graph's is unconfirmed: 400 or 409).</summary>
    [Range(400, 409)]
    public int DuplicateTransactionIdStatus { get; set; } = 400;

    /// <summary>Return $batch responses in a shuffled order (Graph does not promise request order).</summary>
    public bool ShuffleBatchResponses { get; set; }

    /// <summary>
    /// How strictly Graph's harder habits are played (strict by default; <see cref="GraphFidelityOptions.Legacy"/>
    /// for the earlier lenient behaviour, or <see cref="GraphFidelityOptions.UseLegacy"/> per behaviour).
    /// </summary>
    public GraphFidelityOptions Fidelity { get; set; } = new();

    /// <summary>Logging for the emulator and its Kestrel host; none when null.</summary>
    [JsonIgnore]
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The state of a started emulator; reused when these options start an emulator again (restart tests).</summary>
    [JsonIgnore]
    internal Core.EmulatorState? State { get; set; }

    /// <summary>Copies the settings that may change at run time from <paramref name="other"/>.</summary>
    public void CopyBehaviourFrom(GraphEmulatorOptions other)
    {
        ArgumentNullException.ThrowIfNull(other);
        MaxPageSize = other.MaxPageSize;
        DefaultPageSize = other.DefaultPageSize;
        Latency = other.Latency;
        Throttling = other.Throttling.Clone();
        Delta = other.Delta.Clone();
        TokenRoles = new Dictionary<string, TokenGrant>(other.TokenRoles, StringComparer.Ordinal);
        RequestLogCapacity = other.RequestLogCapacity;
        RequestLogBodyLimit = other.RequestLogBodyLimit;
        CollectStatistics = other.CollectStatistics;
        DuplicateTransactionIdStatus = other.DuplicateTransactionIdStatus;
        ShuffleBatchResponses = other.ShuffleBatchResponses;
        Fidelity = other.Fidelity.Clone();
    }
}

/// <summary>The Outlook per-(app, mailbox) limits: 4 concurrent requests, 10,000 per 10 minutes.</summary>
public sealed class EmulatorThrottlingOptions
{
    public bool Enabled { get; set; } = true;

    [Range(1, 10_000)]
    public int ConcurrentPerMailbox { get; set; } = 4;

    [Range(1, int.MaxValue)]
    public int RequestsPerWindow { get; set; } = 10_000;

    /// <summary>The sliding window of <see cref="RequestsPerWindow"/> (Graph: 10 minutes).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Retry-After sent when the concurrency limit is exceeded.</summary>
    public TimeSpan ConcurrencyRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Teams chats and call records: requests a second per app per tenant (Graph: 30 for these GETs).</summary>
    [Range(1, int.MaxValue)]
    public int TeamsRequestsPerSecond { get; set; } = 30;

    public EmulatorThrottlingOptions Clone() => (EmulatorThrottlingOptions)MemberwiseClone();

    /// <summary>The limiter settings for the Teams routes: a one-second window and no concurrency limit of their own.</summary>
    internal EmulatorThrottlingOptions TeamsLimits() => new()
    {
        Enabled = Enabled,
        ConcurrentPerMailbox = 10_000,
        RequestsPerWindow = TeamsRequestsPerSecond,
        Window = TimeSpan.FromSeconds(1),
        ConcurrencyRetryAfter = ConcurrencyRetryAfter,
    };
}

/// <summary>Delta behaviour, including test modes that reproduce Graph's harder habits.</summary>
public sealed class EmulatorDeltaOptions
{
    /// <summary>Repeat the last item of each page at the top of the next one (Graph may send an item twice).</summary>
    public bool ReplayItems { get; set; }

    /// <summary>Start every round with an empty page that carries a nextLink (Graph may do so).</summary>
    public bool EmptyPages { get; set; }

    /// <summary>calendarView: occurrences carry only id, type, seriesMasterId, start, end (msgraph docs-contrib#5602).</summary>
    public bool ThinOccurrences { get; set; }

    /// <summary>calendarView delta: never split a series across pages, so a page can exceed maxpagesize, and
    /// start the next page at the last series again (repeated ids), as msgraph-sdk-dotnet#3070 reports.</summary>
    public bool OversizedRecurringPages { get; set; }

    /// <summary>How an expired or invalidated token is answered.</summary>
    public ExpiredTokenResponse ExpiredTokenResponse { get; set; } = ExpiredTokenResponse.Gone410;

    /// <summary>Tokens older than this (emulator clock) are expired; null keeps them forever.</summary>
    public TimeSpan? MaxTokenAge { get; set; }

    public EmulatorDeltaOptions Clone() => (EmulatorDeltaOptions)MemberwiseClone();
}

/// <summary>The answer to a delta request whose sync state is gone.</summary>
public enum ExpiredTokenResponse
{
    /// <summary>410 Gone, <c>syncStateNotFound</c>, with a Location that restarts the round.</summary>
    Gone410,

    /// <summary>400 Bad Request with code <c>resyncRequired</c>.</summary>
    ResyncRequired400,

    /// <summary>400 Bad Request with code <c>syncStateNotFound</c> (what some clients see for Outlook folders).</summary>
    SyncStateNotFound400,
}

/// <summary>What a bearer token may do: application roles, optionally limited to some mailboxes.</summary>
public sealed class TokenGrant
{
    /// <summary>Application roles such as <c>Mail.ReadBasic.All</c>; <c>*</c> grants everything.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Mailboxes (ids or UPNs) reachable under an application access policy; null or empty: all.</summary>
    public List<string>? AllowedMailboxes { get; set; }

    /// <summary>A delegated (signed-in user) token rather than app-only.</summary>
    public bool Delegated { get; set; }
}
