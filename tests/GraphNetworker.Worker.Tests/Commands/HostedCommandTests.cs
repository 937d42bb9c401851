using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using GraphNetworker.GraphEmulator;
using GraphNetworker.Store;
using GraphNetworker.Store.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using GraphNetworker.Worker.Tests.Infrastructure;
using GraphNetworker.Tests.Common;

namespace GraphNetworker.Worker.Tests.Commands;

/// <summary><c>doctor</c> and <c>run</c>, each as a real process against a real emulator.</summary>
public sealed partial class HostedCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Environment(GraphEmulatorServer emulator, string data) => new()
    {
        ["GraphNetworker__Store__DataFolder"] = data,
        ["GraphNetworker__Graph__Mode"] = "Emulator",
        ["GraphNetworker__Graph__BaseUrl"] = emulator.BaseUrl.ToString(),
        ["GraphNetworker__Scope__OptInGroupId"] = emulator.Control.SyntheticManifest!.GroupId,
    };

    private static string TempFolder() => Path.Combine(Path.GetTempPath(), "gn-host-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The output with the table's borders, spaces and line breaks taken out (a long detail wraps).</summary>
    private static string Flat(string output) =>
        output.Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace("│", "", StringComparison.Ordinal);

    /// <summary>A SQLite store in <paramref name="data"/> migrated as the worker migrates it, or only up to <paramref name="target"/>.</summary>
    private static async Task MigrateAsync(string data, string? target = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["GraphNetworker:Store:DataFolder"] = data }).Build());
        services.AddLogging();
        services.AddGraphNetworkerStore();
        await using var provider = services.BuildServiceProvider();
        if (target is null)
        {
            await provider.GetRequiredService<StoreMigrator>().MigrateAsync(Ct);
            return;
        }

        Directory.CreateDirectory(data);
        await using var db = await provider.GetRequiredService<IDbContextFactory<GraphNetworkerDbContext>>().CreateDbContextAsync(Ct);
        await db.GetService<IMigrator>().MigrateAsync(target, Ct);
    }

    [Fact]
    public async Task Doctor_HealthySetup_EveryCheckPasses()
    {
        await using var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions(), Ct);
        var data = TempFolder();
        await MigrateAsync(data);

        var result = await Cli.RunAsync("doctor", Environment(emulator, data), Ct);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        foreach (var check in new[] { "Database", "Configuration", "Graph", "Token roles", "Opt-in group", "Mail metadata", "Calendar", "Mailbox settings", "To Do", "Teams chats", "Teams calls" })
        {
            Assert.Contains(check, result.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("problem", result.Output, StringComparison.Ordinal);
        Assert.Contains($"Sqlite:atmigration{EvaluationState.MigrationId}(9applied;nonepending:thelatestschema)", Flat(result.Output), StringComparison.Ordinal);
        Assert.DoesNotContain("Collation", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_DatabaseAnOlderVersionLeft_ReportsItsMigrationAndWhatIsPending_AndLeavesItAsItIs()
    {
        await using var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions(), Ct);
        var data = TempFolder();
        await MigrateAsync(data, SyncHealthAndOutlookWrites.MigrationId);

        var result = await Cli.RunAsync("doctor", Environment(emulator, data), Ct);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains(
            $"Sqlite:atmigration{SyncHealthAndOutlookWrites.MigrationId}(2applied;7pending:{OneModel.MigrationId},{OneModelBackfill.MigrationId},{LeaseFencing.MigrationId},{NumberMailboxesAndFolders.MigrationId},{CompactItems.MigrationId},{DropLegacyInteractions.MigrationId},{EvaluationState.MigrationId};theworkerappliesthemwhenitstarts)",
            Flat(result.Output), StringComparison.Ordinal);
        var options = new DbContextOptionsBuilder<GraphNetworkerDbContext>().UseSqlite($"Data Source={Path.Combine(data, "graphnetworker.db")};Pooling=False").Options;
        await using var db = new GraphNetworkerDbContext(options);
        Assert.Equal([Initial.MigrationId, SyncHealthAndOutlookWrites.MigrationId], await db.Database.GetAppliedMigrationsAsync(Ct));
    }

    [Fact]
    public async Task Doctor_WithoutTheOptionalTeamsPermissions_SaysWhichSourcesAreOffAndWhatToGrant_AndStillPasses()
    {
        await using var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions
        {
            TokenRoles = { ["mail-only"] = new TokenGrant { Roles = [.. GraphNetworker.Graph.GraphPermissions.Application] } },
        }, Ct);
        var environment = new Dictionary<string, string>(Environment(emulator, TempFolder())) { ["GraphNetworker__Graph__EmulatorToken"] = "mail-only", ["COLUMNS"] = "400" };

        var result = await Cli.RunAsync("doctor", environment, Ct);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Matches(@"Teams chats\s+│\s+ok\s+│\s+off \(optional\): Graph refused the chat list .*Chat\.ReadBasic\.All .*Chat\.Read\.All", result.Output);
        Assert.Matches(@"Teams calls\s+│\s+ok\s+│\s+off \(optional\): grant CallRecords\.Read\.All", result.Output);
        Assert.Matches(@"Mail metadata\s+│\s+ok", result.Output);
    }

    [Fact]
    public async Task Doctor_BrokenSetups_NameTheProblem()
    {
        await using var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions
        {
            TokenRoles = { ["limited-token"] = new TokenGrant { Roles = ["User.Read.All", "GroupMember.Read.All"] } },
        }, Ct);
        var data = TempFolder();

        var badKey = await Cli.RunAsync("doctor", new Dictionary<string, string>(Environment(emulator, data)) { ["GraphNetworker__Graph__BaseUrl"] = "https://graph.microsoft.com/beta" }, Ct);
        var noMailAccess = await Cli.RunAsync("doctor", new Dictionary<string, string>(Environment(emulator, data)) { ["GraphNetworker__Graph__EmulatorToken"] = "limited-token" }, Ct);

        Assert.Equal(1, badKey.ExitCode);
        Assert.Contains("GraphNetworker:Graph:BaseUrl must be an absolute URL ending in /v1.0", badKey.Output, StringComparison.Ordinal);
        Assert.Equal(1, noMailAccess.ExitCode);
        Assert.Matches(@"Mail metadata\s+│\s+problem\s+│\s+Graph 403", noMailAccess.Output);
    }

    [Fact]
    public async Task Run_TheHostedWorker_CompletesACycle_AndItsHealthEndpointsAnswer()
    {
        await using var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions(), Ct);
        var environment = Environment(emulator, TempFolder());
        environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        await using var worker = WorkerProcess.Start(environment);

        await worker.WaitForAsync(l => l.Contains("Cycle done:", StringComparison.Ordinal), TimeSpan.FromMinutes(3), Ct);
        var address = worker.Lines.Select(l => ListeningOn().Match(l)).First(m => m.Success).Groups["url"].Value;
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var live = await http.GetAsync(new Uri("/healthz/live", UriKind.Relative), Ct);
        var ready = await http.GetAsync(new Uri("/healthz/ready", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(Ct));
        Assert.Contains(worker.Lines, l => l.Contains("Cycle done: 3 mailboxes, 3 synced, 0 failed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Run_SignalledMidCycle_StopsWithinSeconds_AndReleasesEveryLease(string signal)
    {
        await using var emulator = await GraphEmulatorServer.StartAsync(new GraphEmulatorOptions { Latency = TimeSpan.FromMilliseconds(150) }, Ct);
        var data = TempFolder();
        var environment = Environment(emulator, data);
        environment["GraphNetworker__Sync__MailboxParallelism"] = "3";
        await using var worker = WorkerProcess.Start(environment);
        // The worker logs each statement it runs: a mailbox's start recorded is a cycle under way.
        await worker.WaitForAsync(l => l.Contains("\"LastSyncStartedAt\" = ", StringComparison.Ordinal), TimeSpan.FromMinutes(2), Ct);

        var (exit, took) = await worker.SignalAsync(signal, TimeSpan.FromSeconds(30));

        Assert.Equal(0, exit);
        Assert.True(took < TimeSpan.FromSeconds(15), $"took {took}");
        Assert.DoesNotContain(worker.Lines, l => l.Contains("Cycle done:", StringComparison.Ordinal));
        var options = new DbContextOptionsBuilder<GraphNetworkerDbContext>().UseSqlite($"Data Source={Path.Combine(data, "graphnetworker.db")};Pooling=False").Options;
        await using var db = new GraphNetworkerDbContext(options);
        var mailboxes = await db.Mailboxes.AsNoTracking().ToListAsync(Ct);
        Assert.NotEmpty(mailboxes);
        Assert.All(mailboxes, m => Assert.Null(m.LeaseOwner));
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Emulator_CommandLineSignalled_StopsWithinSeconds(string signal)
    {
        await using var emulator = WorkerProcess.StartEmulator("--url", "http://127.0.0.1:0");
        await emulator.WaitForAsync(l => l.StartsWith("Control API:", StringComparison.Ordinal), TimeSpan.FromMinutes(1), Ct);

        var (exit, took) = await emulator.SignalAsync(signal, TimeSpan.FromSeconds(30));

        Assert.Equal(0, exit);
        Assert.True(took < TimeSpan.FromSeconds(10), $"took {took}");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
