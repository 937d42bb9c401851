using GraphNetworker.Store.Migrations;
using GraphNetworker.Store.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Store.Tests.Migrations;

/// <summary>A SQLite migration is all-or-nothing even though its table rebuilds run outside a transaction.</summary>
public sealed class SqliteMigrationGuardTests(SqliteServer server) : StoreTest<SqliteServer>(server)
{
    [Fact]
    public async Task Migrate_KilledHalfwayThroughARebuild_NextStartRestoresTheCopyAndKeepsEveryRow()
    {
        var database = await Server.CreateDatabaseAsync();
        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        await using (var db = database.CreateContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(SyncHealthAndOutlookWrites.MigrationId, Ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "Mailboxes" ("Id", "UserPrincipalName", "ScopeState", "ConsecutiveFailures", "ItemsStored", "ItemsRejected", "ThrottledRequests", "FaultedRequests", "Resyncs", "LastCycleRequests", "LastCycleItems", "LastCycleRejected")
                VALUES ({"m-1"}, {"avery.chen@contoso.com"}, {0}, {0}, {7L}, {0L}, {0L}, {0L}, {0}, {0}, {0}, {0})
                """, Ct);
        }

        // What a worker killed during OneModel leaves: the copy it took, and a file with the first half applied
        // (columns added and committed, the rebuild's temporary table created, the migration not recorded).
        SqliteConnection.ClearAllPools();
        await using (var copy = new SqliteConnection(database.ConnectionString))
        {
            await copy.OpenAsync(Ct);
            await using var vacuum = copy.CreateCommand();
            vacuum.CommandText = $"VACUUM INTO '{file}.before-migration'";
            await vacuum.ExecuteNonQueryAsync(Ct);
        }

        await using (var db = database.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "Relationships" ADD "LastOutboundChannel" INTEGER NULL""", Ct);
            await db.Database.ExecuteSqlRawAsync("""CREATE TABLE "ef_temp_Interactions" ("Id" INTEGER NOT NULL)""", Ct);
        }

        await using (var services = database.Services(Clock))
        {
            await services.GetRequiredService<StoreMigrator>().MigrateAsync(Ct);
        }

        await using var after = database.CreateContext();
        Assert.Empty(await after.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal(7L, (await after.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == "m-1", Ct)).ItemsStored);
        Assert.False(File.Exists(file + ".before-migration"));
        Assert.False(after.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task Migrate_CompletesNormally_LeavesNoCopyBehind()
    {
        var database = await Server.CreateDatabaseAsync();
        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        await using (var db = database.CreateContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(Initial.MigrationId, Ct);
        }

        await using var services = database.Services(Clock);
        await services.GetRequiredService<StoreMigrator>().MigrateAsync(Ct);

        Assert.False(File.Exists(file + ".before-migration"));
        await using var db2 = database.CreateContext();
        Assert.Empty(await db2.Database.GetPendingMigrationsAsync(Ct));
    }
}
