using System.Data.Common;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Store.Items;

/// <summary>
/// Reads items back into the engine's <see cref="Interaction"/>: participants from the mailbox's correspondents (one
/// string per address for the whole mailbox, not one per row), the id unpacked, the web link made again from its format.
/// </summary>
internal static class ItemReader
{
    /// <summary>The columns read, after the key (<see cref="ItemColumns.ItemKey"/> is read first, as the keyset).</summary>
    private static readonly string[] Read =
    [
        ItemColumns.ItemKey, ItemColumns.Folder, ItemColumns.Kind, ItemColumns.OccurredAt, ItemColumns.EndsAt, ItemColumns.ParticipantCount,
        ItemColumns.MessageKey, ItemColumns.Bulk, ItemColumns.Response, ItemColumns.IsCancelled, ItemColumns.IsOwnHold, ItemColumns.GraphId,
        ItemColumns.Participants, ItemColumns.LinkFormat, ItemColumns.Link, ItemColumns.Subject, ItemColumns.Generation,
    ];

    /// <summary>
    /// One page of a mailbox's items in key order, after <paramref name="after"/> (null: from the start): a short query
    /// along the primary key, so a mailbox streams a page at a time and each page can be retried alone.
    /// </summary>
    public static async Task<List<StoredInteraction>> PageAsync(
        DbConnection connection, DbTransaction? transaction, SqlDialect dialect, int mailbox, long? after, int size,
        CorrespondentBook book, WebLinks links, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        dialect.Add(command, "@m", mailbox);
        var from = after is null ? string.Empty : $" AND {dialect.Q(ItemColumns.ItemKey)} > @after";
        if (after is { } key)
        {
            dialect.Add(command, "@after", key);
        }

        command.CommandText = dialect.SelectTop(size, dialect.Columns(Read),
            $"FROM {dialect.Q(ItemColumns.Table)} WHERE {dialect.Q(ItemColumns.MailboxNumber)} = @m{from} ORDER BY {dialect.Q(ItemColumns.ItemKey)}");
        return await ReadAllAsync(command, book, links, cancellationToken);
    }

    /// <summary>One item by its Graph id, or null.</summary>
    public static async Task<StoredInteraction?> OneAsync(
        DbConnection connection, SqlDialect dialect, int mailbox, string graphId, CorrespondentBook book, WebLinks links, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        dialect.Add(command, "@m", mailbox);
        dialect.Add(command, "@k", GraphIds.Key(graphId));
        command.CommandText = $"SELECT {dialect.Columns(Read)} FROM {dialect.Q(ItemColumns.Table)} " +
                              $"WHERE {dialect.Q(ItemColumns.MailboxNumber)} = @m AND {dialect.Q(ItemColumns.ItemKey)} = @k";
        var found = await ReadAllAsync(command, book, links, cancellationToken);
        return found.SingleOrDefault(i => i.Item.ItemId == graphId);
    }

    private static async Task<List<StoredInteraction>> ReadAllAsync(DbCommand command, CorrespondentBook book, WebLinks links, CancellationToken cancellationToken)
    {
        var items = new List<StoredInteraction>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Decode(reader, book, links));
        }

        return items;
    }

    private static StoredInteraction Decode(DbDataReader row, CorrespondentBook book, WebLinks links)
    {
        var id = GraphIds.Unpack((byte[])row.GetValue(11));
        var item = new Interaction
        {
            ItemId = id,
            Kind = (InteractionKind)row.GetInt16(2),
            OccurredAt = new DateTimeOffset(Sql.Utc(row.GetDateTime(3))),
            EndsAt = row.IsDBNull(4) ? null : new DateTimeOffset(Sql.Utc(row.GetDateTime(4))),
            ParticipantCount = row.GetInt32(5),
            MessageKey = row.IsDBNull(6) ? null : row.GetInt64(6),
            Bulk = (BulkSignals)row.GetInt16(7),
            OwnerResponse = (MeetingResponse)row.GetInt16(8),
            IsCancelled = row.GetBoolean(9),
            IsOwnHold = row.GetBoolean(10),
            Participants = ParticipantBytes.Decode((byte[])row.GetValue(12), number => book[number]),
            WebLink = links.Join(row.IsDBNull(13) ? null : row.GetInt32(13), row.IsDBNull(14) ? null : row.GetString(14), id),
            Subject = row.IsDBNull(15) ? null : row.GetString(15),
        };
        return new StoredInteraction(row.GetInt64(0), row.GetInt32(1), row.GetInt32(16), item);
    }
}

/// <summary>An item as stored: its key, the number of the folder it was read from, the generation of the round that last saw it, and the interaction.</summary>
internal sealed record StoredInteraction(long Key, int Folder, int Generation, Interaction Item);
