using System.Collections.Concurrent;
using GraphNetworker.GraphEmulator.Control;
using GraphNetworker.GraphEmulator.Directory;
using GraphNetworker.GraphEmulator.Faults;
using GraphNetworker.GraphEmulator.Mail;
using GraphNetworker.GraphEmulator.Throttling;
using Microsoft.Extensions.Logging.Abstractions;

namespace GraphNetworker.GraphEmulator.Core;

/// <summary>
/// Everything an emulator knows, independent of any Kestrel instance, so that a test can stop the server
/// and start it again (same port, same state) to model "the emulator restarted mid-cycle".
/// </summary>
internal sealed class EmulatorState
{
    private long _version;

    public EmulatorState(GraphEmulatorOptions startOptions, EmulatorClock clock, LoadedTenant tenant)
    {
        Clock = clock;
        Settings = new GraphEmulatorOptions();
        Settings.CopyBehaviourFrom(startOptions);
        Logger = (startOptions.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("GraphNetworker.GraphEmulator");
        Log = new RequestLog { Capacity = Settings.RequestLogCapacity };
        Stats = new StatisticsCollector { Enabled = Settings.CollectStatistics };
        Replace(tenant);
    }

    /// <summary>Changes when the tenant is replaced, so tokens from before a reset are "not found".</summary>
    public string StateId { get; private set; } = string.Empty;

    public EmulatorClock Clock { get; }

    /// <summary>Behavioural settings in force (a copy of the start options, changeable at run time).</summary>
    public GraphEmulatorOptions Settings { get; }

    public ILogger Logger { get; }

    public ulong Seed { get; private set; }

    public OpaqueIds Ids { get; private set; } = new(0);

    public TenantDirectory Directory { get; private set; } = new();

    public MailboxRegistry Mailboxes { get; private set; } = null!;

    /// <summary>The tenant's chats and call records.</summary>
    public Teams.TeamsStore Teams { get; private set; } = new();

    public SyntheticManifest? Manifest { get; private set; }

    public RequestLog Log { get; }

    public StatisticsCollector Stats { get; }

    public FaultInjector Faults { get; } = new();

    public MailboxThrottler Throttler { get; } = new();

    public ConcurrentDictionary<string, bool> RevokedTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Mailboxes Graph cannot serve, by user id (set through the control API).</summary>
    public ConcurrentDictionary<string, MailboxCondition> MailboxConditions { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Bumped by token invalidation without a mailbox filter: every older token becomes invalid.</summary>
    public long GlobalTokenGeneration { get; set; }

    public long NextVersion() => Interlocked.Increment(ref _version);

    public long CurrentVersion => Interlocked.Read(ref _version);

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Replaces the tenant (seed with reset): directory, mailboxes, ids; outstanding tokens die.</summary>
    public void Replace(LoadedTenant tenant)
    {
        Directory = tenant.Directory;
        Mailboxes = new MailboxRegistry(tenant.Content, () => Settings.Fidelity.RssFeedsFolder, tenant.Seed);
        Seed = tenant.Seed;
        Ids = new OpaqueIds(tenant.Seed ^ 0x5EEDUL);
        Manifest = tenant.Manifest;
        Teams = new Teams.TeamsStore(tenant.Teams);
        StateId = Guid.NewGuid().ToString("N")[..12];
    }

    /// <summary>Resolves a mailbox owner by id or UPN; null when unknown or deleted.</summary>
    public DirectoryUser? FindLiveUser(string idOrUpn)
    {
        var user = Directory.Find(idOrUpn);
        return user is null || user.IsDeleted ? null : user;
    }
}

/// <summary>A tenant ready to serve: its directory, where mailbox content comes from, and its seed.</summary>
internal sealed record LoadedTenant(TenantDirectory Directory, Tenants.IMailboxContentSource Content, ulong Seed, SyntheticManifest? Manifest, System.Text.Json.Nodes.JsonObject? Teams = null);
