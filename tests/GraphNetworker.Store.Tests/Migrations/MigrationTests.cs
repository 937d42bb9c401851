using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Configuration;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Migrations;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Store.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Store.Tests.Migrations;

public sealed class MigrationTestsOnSqlite(SqliteServer server) : MigrationTests<SqliteServer>(server);

public sealed class MigrationTestsOnPostgres(PostgresServer server) : MigrationTests<PostgresServer>(server);

/// <summary>The hand-written migrations: they build the model's schema, upgrade without losing data, and are safe to run twice or at once.</summary>
public abstract class MigrationTests<TServer>(TServer server) : StoreTest<TServer>(server)
    where TServer : StoreServer
{
    [Fact]
    public async Task Migrate_FreshDatabase_MatchesSchemaCreatedFromModel()
    {
        var migrated = await Server.CreateDatabaseAsync();
        await using (var services = migrated.Services(Clock))
        {
            await services.GetRequiredService<StoreMigrator>().MigrateAsync(Ct);
        }

        var created = await Server.CreateDatabaseAsync();
        await using (var db = created.CreateContext())
        {
            Assert.True(await db.Database.EnsureCreatedAsync(Ct));
        }

        var fromMigrations = await SchemaReader.ReadAsync(migrated, Ct);
        var fromModel = await SchemaReader.ReadAsync(created, Ct);

        var onlyModel = fromModel.Except(fromMigrations).ToList();
        var onlyMigrations = fromMigrations.Except(fromModel).ToList();
        Assert.True(onlyModel.Count == 0 && onlyMigrations.Count == 0,
            $"The migrated schema differs from the model's.\nOnly in the model:\n  {string.Join("\n  ", onlyModel)}\nOnly after migrating:\n  {string.Join("\n  ", onlyMigrations)}");
        Assert.Equal(fromModel, fromMigrations);
        Assert.Equal(13, fromMigrations.Count(f => f.StartsWith("table ", StringComparison.Ordinal)));
        Assert.DoesNotContain(fromMigrations, f => f.Contains("Interactions", StringComparison.Ordinal));
        Assert.Contains(fromMigrations, f => f.Contains("IX_Items_MailboxNumber_Folder_Generation", StringComparison.Ordinal));
        Assert.Contains(fromMigrations, f => f.StartsWith("foreign key Items", StringComparison.Ordinal) && f.Contains("CASCADE", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(fromMigrations, f => f.StartsWith("foreign key OutlookWrites", StringComparison.Ordinal) && f.Contains("CASCADE", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task HasPendingModelChanges_AfterMigrating_IsFalse()
    {
        var database = await Server.CreateDatabaseAsync();
        await using var services = database.Services(Clock);
        await services.GetRequiredService<StoreMigrator>().MigrateAsync(Ct);

        await using var db = database.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal([Initial.MigrationId, SyncHealthAndOutlookWrites.MigrationId, OneModel.MigrationId, OneModelBackfill.MigrationId, LeaseFencing.MigrationId,
            NumberMailboxesAndFolders.MigrationId, CompactItems.MigrationId, DropLegacyInteractions.MigrationId, EvaluationState.MigrationId], await db.Database.GetAppliedMigrationsAsync(Ct));
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task FrozenModels_EachMigration_IsExactlyTheDifferenceBetweenItsModelAndThePreviousOne()
    {
        await using var db = Db.CreateContext();

        FrozenModels.AssertEachMigrationIsTheDifference(db);
    }

    [Fact]
    public async Task Migrate_FromInitialWithData_KeepsEveryRowAndDefaultsNewColumns()
    {
        var database = await Server.CreateDatabaseAsync();
        await using (var db = database.CreateContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(Initial.MigrationId, Ct);
        }

        var at = TestData.Utc("2026-02-27T16:45:12Z");
        var mailboxId = Guid.NewGuid().ToString();
        // Participants as the first schema stored them: compact JSON.
        const string participants = """[{"a":"dana.whitfield@fabrikam.com","n":"Dana Whitfield","r":0},{"a":"avery.chen@contoso.com","n":"Avery Chen","r":1}]""";
        static string Link(string id) => $"https://outlook.office365.com/owa/?ItemID={Uri.EscapeDataString(id)}&exvsurl=1&viewmodel=ReadMessageItem";
        await using (var db = database.CreateContext())
        {
            // The schema of migration 1, written as a worker of that version wrote it.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "Mailboxes" ("Id", "UserPrincipalName", "DisplayName", "ScopeState", "InScopeSince", "ConsecutiveFailures", "ItemsStored", "ItemsRejected", "ThrottledRequests", "LastSyncSucceededAt")
                VALUES ({mailboxId}, {"avery.chen@contoso.com"}, {"Avery Chen"}, {0}, {at.AddDays(-30)}, {0}, {2L}, {1L}, {3L}, {at})
                """, Ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "FolderCursors" ("MailboxId", "FolderId", "Kind", "DisplayName", "DeltaLink", "Generation", "FullRound", "IsRemoved", "Truncated", "Resyncs", "LastCompletedAt")
                VALUES ({mailboxId}, {TestData.Inbox}, {0}, {"Inbox"}, {"https://graph.microsoft.com/v1.0/users/x/mailFolders/inbox/messages/delta?$deltatoken=abc"}, {1}, {false}, {false}, {false}, {0}, {at})
                """, Ct);
            foreach (var (graphId, kind) in new[] { (TestData.MessageId("1"), 1), (TestData.MessageId("2"), 0) })
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "Interactions" ("MailboxId", "GraphId", "FolderId", "Kind", "OccurredAt", "ParticipantCount", "Participants", "InternetMessageId", "WebLink", "Bulk", "IsCancelled", "OwnerResponse", "IsOwnHold", "Generation", "UpdatedAt")
                    VALUES ({mailboxId}, {graphId}, {TestData.Inbox}, {kind}, {at}, {2}, {participants}, {"<" + graphId[^4..] + "@contoso.com>"}, {Link(graphId)}, {0}, {false}, {0}, {false}, {1}, {at})
                    """, Ct);
            }

            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "Relationships" ("MailboxId", "PersonKey", "DisplayName", "Addresses", "LastContactAt", "LastContactChannel", "LastOutboundAt", "Strength", "PeakStrength", "Trend", "Tier", "TierOverridden", "CadenceDays", "OverdueDays", "Status", "Why", "Priority", "IsDrifting", "IsSenior", "AccountClosed", "MeetingShare", "CountedItems", "IgnoredItems", "EvaluatedAt")
                VALUES ({mailboxId}, {"dana.whitfield@fabrikam.com"}, {"Dana Whitfield"}, {"[\"dana.whitfield@fabrikam.com\"]"}, {at}, {0}, {at}, {72.5}, {80.0}, {0}, {0}, {false}, {14}, {28}, {1}, {"[\"You write weekly.\"]"}, {3.5}, {false}, {false}, {false}, {0.25}, {2}, {0}, {at})
                """, Ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "Suggestions" ("Id", "MailboxId", "PersonKey", "DisplayName", "Kind", "State", "Reason", "Channel", "ChannelAdvice", "DueAt", "Priority", "CreatedAt", "GraphId")
                VALUES ({"sg-1"}, {mailboxId}, {"dana.whitfield@fabrikam.com"}, {"Dana Whitfield"}, {0}, {1}, {"You used to talk weekly."}, {"email"}, {"Send a short note."}, {at.AddDays(2)}, {3.5}, {at}, {"AAMkTask="})
                """, Ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "PersonPreferences" ("MailboxId", "PersonKey", "TierOverride", "Muted", "Senior", "UpdatedAt")
                VALUES ({mailboxId}, {"lee@northwind.com"}, {2}, {true}, {false}, {at})
                """, Ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "PersonLinks" ("MailboxId", "FromKey", "ToKey", "Accepted", "CreatedAt", "DecidedAt")
                VALUES ({mailboxId}, {"sam@contoso.com"}, {"sam@northwind.com"}, {true}, {at}, {at})
                """, Ct);
        }

        await using (var services = database.Services(Clock))
        {
            await services.GetRequiredService<StoreMigrator>().MigrateAsync(Ct);
        }

        await using (var db = database.CreateContext())
        {
            var mailbox = await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == mailboxId, Ct);
            Assert.Equal((2L, 1L, 3L, at), (mailbox.ItemsStored, mailbox.ItemsRejected, mailbox.ThrottledRequests, mailbox.LastSyncSucceededAt));
            Assert.Equal((0L, 0, 0, 0, 0), (mailbox.FaultedRequests, mailbox.Resyncs, mailbox.LastCycleRequests, mailbox.LastCycleItems, mailbox.LastCycleRejected));

            var cursor = await db.FolderCursors.AsNoTracking().SingleAsync(c => c.MailboxId == mailboxId, Ct);
            Assert.EndsWith("$deltatoken=abc", cursor.DeltaLink, StringComparison.Ordinal);

            // The items moved into the compact tables whole: what the engine reads of each is as it was.
            var stored = await TestData.ReadInteractionsAsync(database, mailboxId, Ct);
            var interactions = stored.Select(r => r.Item).ToList();
            Assert.Equal([TestData.MessageId("1"), TestData.MessageId("2")], interactions.Select(i => i.ItemId));
            Assert.All(stored, r => Assert.Equal((TestData.Inbox, 1), (r.FolderId, r.Generation)));
            Assert.All(interactions, i => Assert.Equal(
                [("dana.whitfield@fabrikam.com", "Dana Whitfield", ParticipantRole.From), ("avery.chen@contoso.com", "Avery Chen", ParticipantRole.To)],
                i.Participants.Select(p => (p.Address, p.DisplayName, p.Role))));
            Assert.All(interactions, i => Assert.Equal(new DateTimeOffset(at, TimeSpan.Zero), i.OccurredAt));
            Assert.All(interactions, i => Assert.Equal(Link(i.ItemId), i.WebLink));
            Assert.All(interactions, i => Assert.Equal(StableHash.Of("<" + i.ItemId[^4..] + "@contoso.com>"), i.MessageKey));
            Assert.Equal([InteractionKind.EmailReceived, InteractionKind.EmailSent], interactions.Select(i => i.Kind));
            Assert.Equal(0L, await db.Database.SqlQueryRaw<long>(database.Provider == StoreProvider.Sqlite
                ? "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE name = 'Interactions'"
                : "SELECT COUNT(*) AS \"Value\" FROM information_schema.tables WHERE table_name = 'Interactions'").SingleAsync(Ct));

            // The assessment of a version that stored less comes back whole: the contact points it had, no move, its cadence.
            var relationship = await db.Relationships.AsNoTracking().SingleAsync(r => EF.Property<string>(r, Shadow.MailboxId) == mailboxId, Ct);
            Assert.Equal((72.5, new DateTimeOffset(at, TimeSpan.Zero)), (relationship.Strength, relationship.LastContact?.At));
            Assert.Null(relationship.Move);
            Assert.Equal((ContactChannel.EmailSent, new DateTimeOffset(at, TimeSpan.Zero)), (relationship.LastOutbound?.Channel, relationship.LastOutbound?.At));
            Assert.Null(relationship.LastInbound);
            Assert.Equal((TimeSpan.FromDays(14), TimeSpan.FromDays(28)), (relationship.Cadence.DueAfter, relationship.Cadence.OverdueAfter));
            Assert.Equal(["You write weekly."], relationship.Why);
            Assert.Equal("AAMkTask=", (await db.Suggestions.AsNoTracking().SingleAsync(s => EF.Property<string>(s, Shadow.MailboxId) == mailboxId, Ct)).GraphId);
            Assert.True((await db.PersonPreferences.AsNoTracking().SingleAsync(p => EF.Property<string>(p, Shadow.MailboxId) == mailboxId, Ct)).Muted);
            var link = await db.PersonLinks.AsNoTracking().Where(l => EF.Property<string>(l, Shadow.MailboxId) == mailboxId)
                .Select(l => new { Link = l, Verdict = EF.Property<bool?>(l, Shadow.Verdict) }).SingleAsync(Ct);
            Assert.Equal((true, (bool?)true), (link.Link.Accepted, link.Verdict));

            // The new ledger table takes writes at once.
            db.OutlookWrites.Add(new OutlookWrite { MailboxId = mailboxId, SuggestionId = "sg-1", Operation = OutlookOperation.CreateTask, StartedAt = at });
            await db.SaveChangesAsync(Ct);
        }

        // And the upgraded store keeps counting on the rows it inherited.
        await using (var services = database.Services(Clock))
        {
            var sync = services.GetRequiredService<SyncStore>();
            var fence = await services.GetRequiredService<MailboxLeases>().TryAcquireAsync(mailboxId, "upgraded-worker", TimeSpan.FromMinutes(5), Ct);
            Assert.Equal(1, fence?.Epoch);
            await sync.CommitPageAsync(fence!.Value, new DeltaPage(TestData.Inbox, [TestData.Mail(TestData.MessageId("3"), at)], [], null, "https://graph.microsoft.com/delta?$deltatoken=def", 0), Ct);
        }

        var after = await TestData.ReadMailboxAsync(database, mailboxId, Ct);
        Assert.Equal((3L, 1), (after.ItemsStored, after.LastCycleItems));
    }

    [Fact]
    public async Task Migrate_Twice_SecondRunChangesNothing()
    {
        var database = await Server.CreateDatabaseAsync();
        await using var services = database.Services(Clock);
        var migrator = services.GetRequiredService<StoreMigrator>();
        await migrator.MigrateAsync(Ct);
        var mailbox = await TestData.AddMailboxAsync(database, Clock.GetUtcNow().UtcDateTime, Ct);
        var schema = await SchemaReader.ReadAsync(database, Ct);

        await migrator.MigrateAsync(Ct);

        await using var db = database.CreateContext();
        Assert.Equal(9, (await db.Database.GetAppliedMigrationsAsync(Ct)).Count());
        Assert.Equal(schema, await SchemaReader.ReadAsync(database, Ct));
        Assert.Equal(mailbox.UserPrincipalName, (await TestData.ReadMailboxAsync(database, mailbox.Id, Ct)).UserPrincipalName);
    }

    [Fact]
    public async Task Migrate_TwoWorkersStartingAtOnce_BothSucceedAndApplyEachMigrationOnce()
    {
        var database = await Server.CreateDatabaseAsync();
        await using var first = database.Services(Clock);
        await using var second = database.Services(Clock);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var both = Task.WhenAll(
            Task.Run(async () => { await start.Task; await first.GetRequiredService<StoreMigrator>().MigrateAsync(Ct); }, Ct),
            Task.Run(async () => { await start.Task; await second.GetRequiredService<StoreMigrator>().MigrateAsync(Ct); }, Ct));
        start.SetResult();
        await both;

        await using var db = database.CreateContext();
        Assert.Equal([Initial.MigrationId, SyncHealthAndOutlookWrites.MigrationId, OneModel.MigrationId, OneModelBackfill.MigrationId, LeaseFencing.MigrationId,
            NumberMailboxesAndFolders.MigrationId, CompactItems.MigrationId, DropLegacyInteractions.MigrationId, EvaluationState.MigrationId], await db.Database.GetAppliedMigrationsAsync(Ct));
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Equal(0, await db.OutlookWrites.CountAsync(Ct));
    }

    [Fact]
    public async Task Migrate_DownToInitial_RemovesLedgerAndKeepsMailboxes()
    {
        var database = await Server.CreateDatabaseAsync();
        await using (var services = database.Services(Clock))
        {
            await services.GetRequiredService<StoreMigrator>().MigrateAsync(Ct);
        }

        var mailbox = await TestData.AddMailboxAsync(database, Clock.GetUtcNow().UtcDateTime, Ct);
        await using (var db = database.CreateContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(Initial.MigrationId, Ct);
        }

        var schema = await SchemaReader.ReadAsync(database, Ct);
        Assert.DoesNotContain(schema, f => f.Contains("OutlookWrites", StringComparison.Ordinal) || f.Contains("LastCycleItems", StringComparison.Ordinal));
        await using (var db = database.CreateContext())
        {
            var upns = await db.Database.SqlQuery<string>($"""SELECT "UserPrincipalName" AS "Value" FROM "Mailboxes" """).ToListAsync(Ct);
            Assert.Equal([mailbox.UserPrincipalName], upns);
        }
    }
}
