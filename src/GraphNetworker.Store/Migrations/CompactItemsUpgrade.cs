using System.Data.Common;
using GraphNetworker.Core.Model;
using GraphNetworker.Store.Items;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace GraphNetworker.Store.Migrations;

/// <summary>
/// Moves the rows of the first schema's <c>Interactions</c> into the compact <c>Items</c>, between the migrations
/// <see cref="CompactItems"/> and <see cref="DropLegacyInteractions"/>. It runs in code because participants are
/// re-encoded (JSON text to numbers into <c>Correspondents</c>), in pages of a thousand rows: each page's items are
/// written and its old rows deleted in one transaction, so an upgrade that stops part-way goes on where it stopped.
/// Nothing is lost: every field the engine reads is kept; the Internet Message-ID becomes its key and the web link
/// its format, as for new items.
/// </summary>
internal static class CompactItemsUpgrade
{
    private const int PageSize = 1000;

    private static readonly string[] Legacy =
    [
        "Id", "GraphId", "FolderId", "Kind", "OccurredAt", "EndsAt", "ParticipantCount", "Participants", "InternetMessageId", "Subject",
        "WebLink", "Bulk", "IsCancelled", "OwnerResponse", "IsOwnHold", "Generation",
    ];

    /// <summary>Moves every legacy row; returns how many.</summary>
    public static async Task<long> RunAsync(GraphNetworkerDbContext db, CancellationToken cancellationToken)
    {
        var (connection, _, dialect) = await ItemStore.OpenAsync(db, cancellationToken);
        var mailboxes = new List<(string Id, int Number)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {dialect.Q("Id")}, {dialect.Q("Number")} FROM {dialect.Q("Mailboxes")}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                mailboxes.Add((reader.GetString(0), reader.GetInt32(1)));
            }
        }

        var links = new WebLinks();
        await LoadFormatsAsync(connection, dialect, links, cancellationToken);
        long moved = 0;
        foreach (var (id, number) in mailboxes)
        {
            moved += await MoveMailboxAsync(db, connection, dialect, id, number, links, cancellationToken);
        }

        return moved;
    }

    private static async Task<long> MoveMailboxAsync(
        GraphNetworkerDbContext db, DbConnection connection, SqlDialect dialect, string mailboxId, int mailbox, WebLinks links, CancellationToken cancellationToken)
    {
        var folders = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            dialect.Add(command, "@m", mailboxId);
            command.CommandText = $"SELECT {dialect.Q("FolderId")}, {dialect.Q("Number")} FROM {dialect.Q("FolderCursors")} WHERE {dialect.Q("MailboxId")} = @m";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                folders[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        var book = await ItemStore.ReadBookAsync(connection, null, dialect, mailbox, cancellationToken);
        long moved = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var page = await ReadLegacyPageAsync(connection, transaction.GetDbTransaction(), dialect, mailboxId, cancellationToken);
            if (page.Count == 0)
            {
                return moved;
            }

            var writer = new ItemWriter(connection, transaction.GetDbTransaction(), dialect);
            var formats = new List<LinkFormat>();
            foreach (var group in page.Where(r => folders.ContainsKey(r.FolderId)).GroupBy(r => (Folder: folders[r.FolderId], r.Generation)))
            {
                var written = await writer.WriteAsync(mailbox, group.Key.Folder, group.Key.Generation, [.. group.Select(r => r.Item)], [], book, links, cancellationToken);
                formats.AddRange(written.NewFormats);
            }

            await using (var delete = connection.CreateCommand())
            {
                delete.Transaction = transaction.GetDbTransaction();
                var ids = dialect.InList(delete, "id", page.Select(r => r.RowId));
                delete.CommandText = $"DELETE FROM {dialect.Q("Interactions")} WHERE {dialect.Q("Id")} IN ({ids})";
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            book.Committed();
            foreach (var format in formats)
            {
                links.Stored(format.Id);
            }

            moved += page.Count;
        }
    }

    private sealed record LegacyRow(long RowId, string FolderId, int Generation, Interaction Item);

    private static async Task<List<LegacyRow>> ReadLegacyPageAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, string mailboxId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        dialect.Add(command, "@m", mailboxId);
        command.CommandText = dialect.SelectTop(PageSize, dialect.Columns(Legacy),
            $"FROM {dialect.Q("Interactions")} WHERE {dialect.Q("MailboxId")} = @m ORDER BY {dialect.Q("Id")}");
        var rows = new List<LegacyRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new LegacyRow(reader.GetInt64(0), reader.GetString(2), reader.GetInt32(15), new Interaction
            {
                ItemId = reader.GetString(1),
                Kind = (InteractionKind)reader.GetInt32(3),
                OccurredAt = new DateTimeOffset(Sql.Utc(reader.GetDateTime(4))),
                EndsAt = reader.IsDBNull(5) ? null : new DateTimeOffset(Sql.Utc(reader.GetDateTime(5))),
                ParticipantCount = reader.GetInt32(6),
                Participants = LegacyParticipantJson.Decode(reader.GetString(7)),
                InternetMessageId = reader.IsDBNull(8) ? null : reader.GetString(8),
                Subject = reader.IsDBNull(9) ? null : reader.GetString(9),
                WebLink = reader.IsDBNull(10) ? null : reader.GetString(10),
                Bulk = (BulkSignals)reader.GetInt32(11),
                IsCancelled = reader.GetBoolean(12),
                OwnerResponse = (MeetingResponse)reader.GetInt32(13),
                IsOwnHold = reader.GetBoolean(14),
            }));
        }

        return rows;
    }

    private static async Task LoadFormatsAsync(DbConnection connection, SqlDialect dialect, WebLinks links, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {dialect.Columns(LinkFormatColumns.All)} FROM {dialect.Q(LinkFormatColumns.Table)}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            links.Loaded(new LinkFormat(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3)));
        }
    }
}
