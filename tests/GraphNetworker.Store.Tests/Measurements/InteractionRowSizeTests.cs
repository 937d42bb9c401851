using System.Data.Common;
using System.Globalization;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Configuration;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Store.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Store.Tests.Measurements;

public sealed class InteractionRowSizeTestsOnSqlite(SqliteServer server) : InteractionRowSizeTests<SqliteServer>(server);

public sealed class InteractionRowSizeTestsOnPostgres(PostgresServer server) : InteractionRowSizeTests<PostgresServer>(server);

/// <summary>
/// What one stored mail item or meeting costs on disk, its row and index entries together with its share of the
/// mailbox's correspondents, measured on a few thousand realistic rows (Graph-shaped ids and links, a realistic spread
/// of recipients). The figure goes into docs/storage.md; the bound is the store's budget of 400 bytes an item, so a
/// change that makes rows grow (a body, say, or an uncompressed id) fails here.
/// </summary>
public abstract class InteractionRowSizeTests<TServer>(TServer server) : StoreTest<TServer>(server)
    where TServer : StoreServer
{
    private const int Rows = 10_000;

    /// <summary>Graph folder ids are about 120 characters (the test suite's short ones would flatter the figure).</summary>
    private const string Folder = "AAMkAGI2TG93AGQ1LTRhYjAtNDA3ZC1iNWI2LWQ0ZTZlMWQ3YjRlMgAuAAAAAADUuTJK1K9aTpCdqXop_4NaAQCd9nJ-tVysQos2hTfspaWRAAAAAAEMAAA=";

    /// <summary>The store's budget per item (the first schema took ≈ 1,600 bytes on SQLite and 1,460 on PostgreSQL).</summary>
    private const int BudgetBytesPerRow = 400;

    [Fact]
    public async Task Items_TenThousandRealisticRows_StayWithinTheBytesPerItemBudget()
    {
        var database = await Server.CreateDatabaseAsync();
        await using var services = database.Services(Clock);
        await services.GetRequiredService<StoreMigrator>().MigrateAsync(Ct);
        var mailbox = await TestData.AddMailboxAsync(database, Clock.GetUtcNow().UtcDateTime.AddYears(-2), Ct);
        var sync = services.GetRequiredService<SyncStore>();
        await sync.TrackFolderAsync(TestData.Fence(mailbox.Id), new MailFolder(Folder, "Inbox", null, "inbox"), FolderKind.Mail, Ct);
        var before = await MeasureAsync(database);

        var random = new Random(4711);
        var rows = Enumerable.Range(0, Rows).Select(i => Realistic(random, i)).ToList();
        foreach (var page in rows.Chunk(1000))
        {
            await sync.CommitPageAsync(TestData.Fence(mailbox.Id), new DeltaPage(Folder, page, [], "https://graph.microsoft.com/next", null, 0), Ct);
        }

        var after = await MeasureAsync(database);
        var perRow = (after.Total - before.Total) / (double)Rows;
        var book = new GraphNetworker.Store.Items.CorrespondentBook();
        var participantBytes = rows.Average(r => GraphNetworker.Store.Items.ParticipantBytes.Encode(r.Participants, book).Length);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{database.Provider}: {Rows} rows, {perRow:F0} bytes/row on disk (tables {after.Table - before.Table:N0} B, indexes {after.Indexes - before.Indexes:N0} B; SQLite: file only), " +
            $"participants {participantBytes:F1} bytes/row for {rows.Average(r => r.ParticipantCount):F1} participants/row, {book.Pending.Count} correspondents"));

        Assert.Equal(Rows, (await TestData.ReadMailboxAsync(database, mailbox.Id, Ct)).ItemsStored);
        Assert.InRange(perRow, 100, BudgetBytesPerRow);
    }

    private async Task<(long Table, long Indexes, long Total)> MeasureAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(Ct);
        if (database.Provider == StoreProvider.Sqlite)
        {
            // Fold the WAL into the file and count its pages (this build of SQLite has no dbstat to split table from indexes).
            await ScalarAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
            var pages = await ScalarAsync(connection, "PRAGMA page_count") - await ScalarAsync(connection, "PRAGMA freelist_count");
            return (0, 0, pages * await ScalarAsync(connection, "PRAGMA page_size"));
        }

        long heap = 0, index = 0;
        foreach (var table in new[] { "Items", "Correspondents", "LinkFormats" })
        {
            await ScalarAsync(connection, $"VACUUM ANALYZE \"{table}\"");
            heap += await ScalarAsync(connection, $"SELECT pg_table_size('\"{table}\"')");
            index += await ScalarAsync(connection, $"SELECT pg_indexes_size('\"{table}\"')");
        }

        return (heap, index, heap + index);
    }

    private async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(Ct);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    private static readonly string[] First = ["dana", "lee", "sam", "avery", "kim", "jo", "alex", "maria", "chen", "priya", "tom", "fatima", "lars", "ines", "noah", "yuki"];
    private static readonly string[] Last = ["whitfield", "park", "ortiz", "chen", "nakamura", "schmidt", "okafor", "rossi", "dubois", "kowalski", "silva", "haddad"];
    private static readonly string[] Domains = ["contoso.com", "fabrikam.com", "northwind.com", "adatum.com", "tailspintoys.com", "litware.com", "woodgrovebank.com"];

    /// <summary>One mail item or meeting as the mappers store it: ~150-character immutable ids, an OWA link, 1–40 participants.</summary>
    private static Interaction Realistic(Random random, int index)
    {
        var roll = random.NextDouble();
        var kind = roll < 0.65 ? InteractionKind.EmailReceived : roll < 0.9 ? InteractionKind.EmailSent : InteractionKind.Meeting;
        var count = random.NextDouble() switch
        {
            < 0.5 => 2,
            < 0.85 => random.Next(3, 6),
            < 0.97 => random.Next(6, 16),
            _ => random.Next(16, 41),
        };
        var participants = new List<Participant>(count);
        for (var i = 0; i < count; i++)
        {
            var (first, last) = (First[random.Next(First.Length)], Last[random.Next(Last.Length)]);
            var role = kind == InteractionKind.Meeting
                ? i == 0 ? ParticipantRole.Organizer : ParticipantRole.Attendee
                : i == 0 ? ParticipantRole.From : random.NextDouble() < 0.75 ? ParticipantRole.To : ParticipantRole.Cc;
            var response = kind == InteractionKind.Meeting ? i == 0 ? MeetingResponse.Organizer : (MeetingResponse)random.Next(2, 6) : MeetingResponse.None;
            participants.Add(new Participant($"{first}.{last}@{Domains[random.Next(Domains.Length)]}",
                $"{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(first)} {CultureInfo.InvariantCulture.TextInfo.ToTitleCase(last)}", role, response));
        }

        // An Exchange id: URL-safe base64 of a 113-byte entry id (a fixed store and folder part, then the item's own bytes).
        var entry = new byte[113];
        Convert.FromBase64String("AAkALgAAAAAAHYQDEapmEc2byACqAC+EWg0AXq9BdOJ4TEa6A2vR4tDrrQAAAAAAEMAA").CopyTo(entry, 0);
        random.NextBytes(entry.AsSpan(51));
        BitConverter.TryWriteBytes(entry.AsSpan(109), index);
        var id = Convert.ToBase64String(entry).Replace('+', '-').Replace('/', '_');
        var at = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(0, 2 * 365 * 24 * 60));
        return new Interaction
        {
            ItemId = id,
            Kind = kind,
            OccurredAt = new DateTimeOffset(at, TimeSpan.Zero),
            EndsAt = kind == InteractionKind.Meeting ? new DateTimeOffset(at.AddMinutes(30), TimeSpan.Zero) : null,
            ParticipantCount = count + (count > 10 ? random.Next(0, 20) : 0),
            Participants = participants,
            InternetMessageId = kind == InteractionKind.Meeting ? null : $"<{Token(random, 36)}@AM0PR04MB{random.Next(1000, 9999)}.eurprd04.prod.outlook.com>",
            WebLink = $"https://outlook.office365.com/owa/?ItemID={Uri.EscapeDataString(id)}&exvsurl=1&viewmodel=ReadMessageItem",
            Bulk = kind == InteractionKind.EmailReceived && random.NextDouble() < 0.3 ? BulkSignals.ClassifiedOther | BulkSignals.ListUnsubscribe : BulkSignals.None,
            OwnerResponse = kind == InteractionKind.Meeting ? MeetingResponse.Accepted : MeetingResponse.None,
        };
    }

    private static string Token(Random random, int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }
}
