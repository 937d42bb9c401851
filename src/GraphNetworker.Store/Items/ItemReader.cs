using System.Data.Common;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Store.Items;

/// <summary>
/// Reads items back into the engine's <see cref="Interaction"/>: participants from the mailbox's correspondents (one
/// string per address for the whole mailbox, not one per row), the id unpacked, the web link kept as its format (made from the id when it is read).
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
        // SQLite's parameters are positions (bound by SqliteStatement), the others' names.
        var (m, a) = dialect == SqlDialect.Sqlite ? ("?1", "?2") : ("@m", "@after");
        var from = after is null ? string.Empty : $" AND {dialect.Q(ItemColumns.ItemKey)} > {a}";
        var text = dialect.SelectTop(size, dialect.Columns(Read),
            $"FROM {dialect.Q(ItemColumns.Table)} WHERE {dialect.Q(ItemColumns.MailboxNumber)} = {m}{from} ORDER BY {dialect.Q(ItemColumns.ItemKey)}");
        if (dialect == SqlDialect.Sqlite)
        {
            // In this process: SQLite's own statement, its columns read in place (Microsoft.Data.Sqlite checks the row's
            // column count through a native call for every value it returns, and copies every blob).
            return ReadAllOnSqlite(connection, text, mailbox, after, book, links);
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        dialect.Add(command, m, mailbox);
        if (after is { } key)
        {
            dialect.Add(command, a, key);
        }

        return await ReadAllAsync(command, book, links, cancellationToken);
    }

    private static List<StoredInteraction> ReadAllOnSqlite(DbConnection connection, string sql, int mailbox, long? after, CorrespondentBook book, WebLinks links)
    {
        var items = new List<StoredInteraction>();
        using var statement = SqliteStatement.Prepare(connection, sql);
        statement.Bind(1, mailbox);
        if (after is { } key)
        {
            statement.Bind(2, key);
        }

        while (statement.Read())
        {
            items.Add(Decode(statement, book, links));
        }

        return items;
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

    /// <summary>
    /// An item as the store reads it back, from the row it was encoded to (<see cref="ItemRow.Encode"/>) without a
    /// database in between: the same decoding as a page read, for whoever needs items in exactly the store's shape (the
    /// engine benchmark's input).
    /// </summary>
    public static Interaction Decode(ItemRow row, CorrespondentBook book, WebLinks links) => Decode(new RowRecord(row), book, links).Item;

    private static async Task<List<StoredInteraction>> ReadAllAsync(DbCommand command, CorrespondentBook book, WebLinks links, CancellationToken cancellationToken)
    {
        var items = new List<StoredInteraction>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var record = new DataRecord(reader);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Decode(record, book, links));
        }

        return items;
    }

    private static StoredInteraction Decode<TRecord>(TRecord row, CorrespondentBook book, WebLinks links)
        where TRecord : IItemRecord
    {
        var id = GraphIds.Unpack(row.Bytes(11));
        var item = new Interaction
        {
            ItemId = id,
            Kind = (InteractionKind)row.Int16(2),
            OccurredAt = new DateTimeOffset(row.Time(3)),
            EndsAt = row.IsNull(4) ? null : new DateTimeOffset(row.Time(4)),
            ParticipantCount = row.Int32(5),
            MessageKey = row.IsNull(6) ? null : row.Int64(6),
            Bulk = (BulkSignals)row.Int16(7),
            OwnerResponse = (MeetingResponse)row.Int16(8),
            IsCancelled = row.Boolean(9),
            IsOwnHold = row.Boolean(10),
            Participants = ParticipantBytes.Decode(row.Bytes(12), book),
            // A link kept as a format is made when someone reads it (the engine: when an assessment's contact point is read), not here for every item.
            WebLinkFormat = links.FormatOf(row.IsNull(13) ? null : row.Int32(13)),
            WebLink = row.IsNull(14) ? null : row.Text(14),
            Subject = row.IsNull(15) ? null : row.Text(15),
        };
        return new StoredInteraction(row.Int64(0), row.Int32(1), row.Int32(16), item);
    }

    /// <summary>A row of any provider's reader, as <see cref="Decode"/> reads it.</summary>
    private readonly struct DataRecord(DbDataReader reader) : IItemRecord
    {
        public bool IsNull(int column) => reader.IsDBNull(column);

        public short Int16(int column) => reader.GetInt16(column);

        public int Int32(int column) => reader.GetInt32(column);

        public long Int64(int column) => reader.GetInt64(column);

        public bool Boolean(int column) => reader.GetBoolean(column);

        public DateTime Time(int column) => Sql.Utc(reader.GetDateTime(column));

        public ReadOnlySpan<byte> Bytes(int column) => (byte[])reader.GetValue(column);

        public string Text(int column) => reader.GetString(column);
    }
}

/// <summary>An encoded row's values, by the columns <see cref="ItemReader"/> reads (the folder and generation: none, zero).</summary>
internal readonly struct RowRecord(ItemRow row) : IItemRecord
{
    public bool IsNull(int column) => column switch
    {
        4 => row.EndsAt is null,
        6 => row.MessageKey is null,
        13 => row.LinkFormat is null,
        14 => row.Link is null,
        15 => row.Subject is null,
        _ => false,
    };

    public short Int16(int column) => column switch
    {
        2 => (short)row.Kind,
        7 => (short)row.Bulk,
        8 => (short)row.Response,
        _ => throw Unread(column),
    };

    public int Int32(int column) => column switch
    {
        1 or 16 => 0,
        5 => row.ParticipantCount,
        13 => row.LinkFormat!.Id,
        _ => throw Unread(column),
    };

    public long Int64(int column) => column switch
    {
        0 => row.Key,
        6 => row.MessageKey!.Value,
        _ => throw Unread(column),
    };

    public bool Boolean(int column) => column switch
    {
        9 => row.IsCancelled,
        10 => row.IsOwnHold,
        _ => throw Unread(column),
    };

    public DateTime Time(int column) => column switch
    {
        3 => row.OccurredAt,
        4 => row.EndsAt!.Value,
        _ => throw Unread(column),
    };

    public ReadOnlySpan<byte> Bytes(int column) => column switch
    {
        11 => row.GraphId,
        12 => row.Participants,
        _ => throw Unread(column),
    };

    public string Text(int column) => column switch
    {
        14 => row.Link!,
        15 => row.Subject!,
        _ => throw Unread(column),
    };

    private static ArgumentOutOfRangeException Unread(int column) =>
        new(nameof(column), column, "Not a column of this type in the order ItemReader reads them.");
}

/// <summary>The column reads an item's decoding needs: a provider's data reader, or SQLite's own statement.</summary>
internal interface IItemRecord
{
    bool IsNull(int column);

    short Int16(int column);

    int Int32(int column);

    long Int64(int column);

    bool Boolean(int column);

    /// <summary>A UTC time.</summary>
    DateTime Time(int column);

    /// <summary>A blob, valid until the next row is read.</summary>
    ReadOnlySpan<byte> Bytes(int column);

    string Text(int column);
}

/// <summary>An item as stored: its key, the number of the folder it was read from, the generation of the round that last saw it, and the interaction.</summary>
internal sealed record StoredInteraction(long Key, int Folder, int Generation, Interaction Item);
