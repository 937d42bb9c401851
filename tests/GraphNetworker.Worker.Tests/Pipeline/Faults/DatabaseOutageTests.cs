using GraphNetworker.Worker.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace GraphNetworker.Worker.Tests.Pipeline.Faults;

/// <summary>
/// The production database (a server, here a real PostgreSQL) becomes unreachable in the middle of a cycle: every
/// open connection is reset and new ones are refused for a few seconds, through a TCP forwarder the test cuts. Commands
/// fail (the test checks they did), EF Core's retrying strategy reconnects; nothing may be lost or duplicated, the cycle
/// must end normally (a mailbox that could not finish is marked and retried), and the next cycle completes.
/// </summary>
public sealed class DatabaseOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostgreSqlUnreachableMidCycle_CycleEndsNormally_NextCycleCompletes_NothingLostOrDuplicated()
    {
        var admin = Environment.GetEnvironmentVariable("GRAPHNETWORKER_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            Assert.SkipWhen(Environment.GetEnvironmentVariable("GRAPHNETWORKER_REQUIRE_POSTGRES") != "1", "GRAPHNETWORKER_TEST_POSTGRES is not set: no PostgreSQL server (.ci/run starts one).");
            Assert.Fail("GRAPHNETWORKER_REQUIRE_POSTGRES=1 but GRAPHNETWORKER_TEST_POSTGRES is not set.");
        }

        var name = $"gn_it_{Guid.NewGuid():N}";
        await AdminAsync(admin!, $"CREATE DATABASE \"{name}\"");
        var server = new NpgsqlConnectionStringBuilder(admin);
        await using var cutter = new TcpCutter(server.Host ?? "127.0.0.1", server.Port);
        var throughCutter = new NpgsqlConnectionStringBuilder(admin) { Database = name, Host = "127.0.0.1", Port = cutter.Port, Timeout = 3 }.ToString();
        try
        {
            await using var clean = await WorkerHarness.StartAsync();
            await clean.RunCycleAsync(Ct);
            await clean.RunCycleAsync(Ct);

            await using var harness = await WorkerHarness.StartAsync(
                emulator: e => e.Latency = TimeSpan.FromMilliseconds(50),
                settings: s =>
                {
                    s["GraphNetworker:Store:Provider"] = "PostgreSql";
                    s["GraphNetworker:Store:ConnectionString"] = throughCutter;
                });
            var cycle = harness.RunCycleAsync(Ct);
            await Task.WhenAny(cycle, harness.Emulator.Control.WaitForRequestAsync(r => r.Sequence >= 20, Ct));

            Assert.False(cycle.IsCompleted, "the outage must land inside the cycle");
            var before = cutter.Connections;
            cutter.Cut();
            await Task.Delay(TimeSpan.FromSeconds(3), Ct);
            cutter.Restore();

            var first = await cycle;
            using (var db = harness.Db())
            {
                await db.Mailboxes.ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, (DateTime?)null), Ct);
            }

            var second = await harness.RunCycleAsync(Ct);

            Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == RelationalEventId.CommandError.Id || e.EventId.Id == RelationalEventId.ConnectionError.Id);
            Assert.True(cutter.Connections > before, "the worker reconnected after the outage");
            Assert.Equal(3, first.Synced + first.Failed);
            Assert.Equal(3, second.Synced);
            using var after = harness.Db();
            using var reference = clean.Db();
            Assert.All(await after.Mailboxes.AsNoTracking().ToListAsync(Ct), m => Assert.Null(m.LastError));
            Assert.Equal(clean.AllInteractions().Count(i => !i.Item.IsOwnHold), harness.AllInteractions().Count(i => !i.Item.IsOwnHold));
            await FaultStormTests.AssertNoDuplicatesAsync(harness);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync(admin!, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static async Task AdminAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
