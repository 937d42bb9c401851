using GraphNetworker.GraphEmulator;
using GraphNetworker.Store;
using GraphNetworker.Store.Entities;
using GraphNetworker.Tests.Common;
using GraphNetworker.Worker.Hosting;
using GraphNetworker.Worker.Pipeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GraphNetworker.Worker.Tests.Infrastructure;

/// <summary>
/// The real worker's services over a real SQLite file, talking through the unmodified Graph SDK to an in-process
/// emulator on loopback, both on one clock that moves only to the end of a wait or when the test moves it.
/// </summary>
public sealed class WorkerHarness : IAsyncDisposable
{
    private readonly List<ServiceProvider> _workers = [];

    private WorkerHarness(TimeProvider clock, GraphEmulatorServer emulator, string dataFolder)
    {
        Time = clock;
        Emulator = emulator;
        DataFolder = dataFolder;
    }

    /// <summary>The one clock of the worker and the emulator: a <see cref="WaitSkippingClock"/> unless the test brings its own.</summary>
    public TimeProvider Time { get; }

    /// <summary>The harness's own clock, which only waits and the test move.</summary>
    public WaitSkippingClock Clock => Time as WaitSkippingClock ?? throw new InvalidOperationException("This harness runs on the test's own clock: use Time.");

    public GraphEmulatorServer Emulator { get; }

    public string DataFolder { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Database statements to fail, in every worker of the harness.</summary>
    public StoreFaults StoreFaults { get; } = new();

    public ServiceProvider Services => _workers[0];

    public SyntheticManifest Manifest => Emulator.Control.SyntheticManifest ?? throw new InvalidOperationException("Not a synthetic tenant.");

    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static async Task<WorkerHarness> StartAsync(
        string tenant = "synthetic:users=3,months=12,seed=42",
        Action<GraphEmulatorOptions>? emulator = null,
        Action<Dictionary<string, string?>>? settings = null,
        TimeProvider? time = null)
    {
        var clock = time ?? new WaitSkippingClock();
        var options = new GraphEmulatorOptions { Tenant = tenant, TimeProvider = clock };
        emulator?.Invoke(options);
        var server = await GraphEmulatorServer.StartAsync(options);
        var folder = Path.Combine(Path.GetTempPath(), "gn-it-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        var harness = new WorkerHarness(clock, server, folder);
        harness.Settings["GraphNetworker:Store:DataFolder"] = folder;
        harness.Settings["GraphNetworker:Graph:Mode"] = "Emulator";
        harness.Settings["GraphNetworker:Graph:BaseUrl"] = server.BaseUrl.ToString();
        harness.Settings["GraphNetworker:Graph:RequestTimeout"] = "00:10:00";
        harness.Settings["GraphNetworker:Worker:WorkerId"] = "worker-1";
        if (server.Control.SyntheticManifest is { } manifest)
        {
            harness.Settings["GraphNetworker:Scope:OptInGroupId"] = manifest.GroupId;
        }

        if (clock is Microsoft.Extensions.Time.Testing.FakeTimeProvider and not WaitSkippingClock)
        {
            // The test's clock stands still unless the test moves it, and a paced Teams read would wait for it forever:
            // the Teams pace is raised so that its burst (400 reads at once at this rate) covers a cycle's Teams reads.
            harness.Settings["GraphNetworker:Graph:TeamsRequestsPerSecond"] = "10000";
        }

        settings?.Invoke(harness.Settings);
        await harness.AddWorkerAsync();
        return harness;
    }

    /// <summary>Another worker process on the same database and tenant (its own services, its own name).</summary>
    public async Task<ServiceProvider> AddWorkerAsync(string? workerId = null, TimeProvider? clock = null)
    {
        var settings = new Dictionary<string, string?>(Settings, StringComparer.OrdinalIgnoreCase);
        if (workerId is not null)
        {
            settings["GraphNetworker:Worker:WorkerId"] = workerId;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging(l => l.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<TimeProvider>(clock ?? Time);
        services.AddGraphNetworkerWorker();
        foreach (var registered in services.Where(d => d.ServiceType == typeof(IStoreProviderConfigurator) && d.ImplementationType is not null).ToList())
        {
            services.AddSingleton<IStoreProviderConfigurator>(sp => new StoreFaults.Configurator((IStoreProviderConfigurator)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!), StoreFaults));
        }

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await provider.GetRequiredService<StoreMigrator>().MigrateAsync(CancellationToken.None);
        _workers.Add(provider);
        return provider;
    }

    /// <summary>
    /// A clock at the wall clock's pace from the harness's usual start: for the tests whose subject is real time (a lease
    /// running out on the database's clock; a purge, a takeover or a cancellation landing while a request is on its way).
    /// </summary>
    public static TimeProvider WallPaced() => new SkewedClock(TimeProvider.System, WaitSkippingClock.DefaultStart - TimeProvider.System.GetUtcNow());

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public GraphNetworkerDbContext Db() => Get<IDbContextFactory<GraphNetworkerDbContext>>().CreateDbContext();

    /// <summary>
    /// One cycle of the first worker. On the harness's own clock it starts a minute after the last moment the clock
    /// showed, as cycles do in production (they are an interval apart): what a cycle stamps (inputs changed, a sync
    /// finished) then differs from what the one before stamped, as it always does on a clock that runs.
    /// </summary>
    public Task<CycleReport> RunCycleAsync(CancellationToken cancellationToken = default)
    {
        (Time as WaitSkippingClock)?.Advance(TimeSpan.FromMinutes(1));
        return Get<CyclePipeline>().RunOnceAsync(cancellationToken);
    }

    /// <summary>
    /// One cycle in which Graph never answers some request: the harness's clock moves on by <paramref name="step"/> every
    /// few milliseconds of wall time until the cycle ends, so a request timeout or a body's deadline comes after
    /// timeout ÷ step steps. A step well under the request timeout leaves every request answered in time untouched.
    /// </summary>
    public async Task<CycleReport> RunCycleMovingTimeAsync(TimeSpan step, CancellationToken cancellationToken = default)
    {
        var cycle = RunCycleAsync(cancellationToken);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromMinutes(3));
        while (!cycle.IsCompleted)
        {
            Clock.Advance(step);
            await Task.WhenAny(cycle, Task.Delay(TimeSpan.FromMilliseconds(25), bound.Token));
        }

        return await cycle;
    }

    public string MailboxIdOf(string userPrincipalName)
    {
        using var db = Db();
        return db.Mailboxes.Single(m => m.UserPrincipalName == userPrincipalName).Id;
    }

    public List<StoredItem> Interactions(string mailboxId) => StoredItem.Read(Services, mailboxId);

    /// <summary>Every mailbox's stored items.</summary>
    public List<StoredItem> AllInteractions() => StoredItem.Read(Services);

    public List<StoredSuggestion> Suggestions() => StoredSuggestion.Read(Db());

    public List<StoredRelationship> Relationships() => StoredRelationship.Read(Db());

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        await Emulator.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pooled connection: the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>Another clock that keeps pace with <paramref name="inner"/> but reads <paramref name="offset"/> apart: a worker whose clock is wrong.</summary>
public sealed class SkewedClock(TimeProvider inner, TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => inner.CreateTimer(callback, state, dueTime, period);
}
