using System.Data.Common;
using GraphNetworker.Core.Model;
using Npgsql;
using NpgsqlTypes;

namespace GraphNetworker.Store.Items;

/// <summary>
/// Writes one page of items in the caller's transaction with as few round trips as each provider allows: the keys
/// already stored are read in one query; new correspondents and new items are bulk-inserted (PostgreSQL's binary
/// <c>COPY</c>, multi-row <c>INSERT</c> on SQL Server, one prepared statement on SQLite, which runs in the process);
/// items seen again are updated in one batch; removals are one <c>DELETE</c>. EF Core's change tracker stays out of it:
/// at a thousand items a page it cost more than everything else the worker does. The caller holds the mailbox's
/// lease (checked in the same transaction), so no other writer touches these keys meanwhile.
/// </summary>
internal sealed class ItemWriter(DbConnection connection, DbTransaction transaction, SqlDialect dialect)
{
    private const int KeysPerStatement = 1000;

    public async Task<ItemWrite> WriteAsync(
        int mailbox, int folder, int generation, IReadOnlyList<Interaction> items, IReadOnlyCollection<string> removed,
        CorrespondentBook book, WebLinks links, CancellationToken cancellationToken)
    {
        var rows = new List<ItemRow>(items.Count);
        foreach (var item in items)
        {
            rows.Add(ItemRow.Encode(item, book, links));
        }

        var stored = await StoredIdsAsync(mailbox, rows.Select(r => r.Key), cancellationToken);
        var inserts = new List<ItemRow>();
        var updates = new List<ItemRow>();
        var collisions = 0;
        foreach (var row in rows)
        {
            if (!stored.TryGetValue(row.Key, out var id))
            {
                inserts.Add(row);
            }
            else if (id.AsSpan().SequenceEqual(row.GraphId))
            {
                updates.Add(row);
            }
            else
            {
                // Two ids with one 64-bit key (odds of about one in 10¹⁰ for a large mailbox): the stored item is kept.
                collisions++;
            }
        }

        await InsertAsync(CorrespondentColumns.Table, CorrespondentColumns.All, CorrespondentTypes,
            book.Pending.Select(p => new object?[] { mailbox, p.Number, p.Who.Address, p.Who.Name }), cancellationToken);
        var formats = rows.Select(r => r.LinkFormat).OfType<LinkFormat>().DistinctBy(f => f.Id).Where(f => !links.IsStored(f.Id)).ToList();
        foreach (var format in formats)
        {
            await InsertFormatAsync(format, cancellationToken);
        }

        if (dialect == SqlDialect.Sqlite)
        {
            // In this process: each row bound straight from its values by position (no boxed copy of the row).
            InsertAndUpdateOnSqlite(inserts, updates, mailbox, folder, generation);
        }
        else if (dialect == SqlDialect.PostgreSql)
        {
            // Each row streamed into the COPY with its own types (no boxed copy of the row, no type lookup per value).
            if (inserts.Count > 0)
            {
                await using var copy = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
                    $"COPY {dialect.Q(ItemColumns.Table)} ({dialect.Columns(ItemColumns.All)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
                foreach (var row in inserts)
                {
                    await row.WriteToAsync(copy, mailbox, folder, generation, cancellationToken);
                }

                await copy.CompleteAsync(cancellationToken);
            }

            await UpdateAsync(updates.Select(r => r.Values(mailbox, folder, generation)).ToList(), cancellationToken);
        }
        else
        {
            await InsertAsync(ItemColumns.Table, ItemColumns.All, ItemRow.Types, inserts.Select(r => r.Values(mailbox, folder, generation)), cancellationToken);
            await UpdateAsync(updates.Select(r => r.Values(mailbox, folder, generation)).ToList(), cancellationToken);
        }

        var incoming = rows.Select(r => r.Key).ToHashSet();
        var gone = removed.Select(GraphIds.Key).Where(k => !incoming.Contains(k)).Distinct().ToList();
        var deleted = await DeleteAsync(mailbox, folder, gone, cancellationToken);
        return new ItemWrite(inserts.Count, updates.Count, deleted, collisions, formats);
    }

    private void InsertAndUpdateOnSqlite(List<ItemRow> inserts, List<ItemRow> updates, int mailbox, int folder, int generation)
    {
        if (inserts.Count > 0)
        {
            using var insert = SqliteStatement.Prepare(connection, $"INSERT INTO {dialect.Q(ItemColumns.Table)} ({dialect.Columns(ItemColumns.All)}) VALUES ({Positions(1, ItemColumns.All.Length)})");
            foreach (var row in inserts)
            {
                row.BindTo(insert, mailbox, folder, generation);
                insert.Execute();
            }
        }

        if (updates.Count > 0)
        {
            using var update = SqliteStatement.Prepare(connection, UpdateText());
            foreach (var row in updates)
            {
                row.BindTo(update, mailbox, folder, generation);
                update.Execute();
            }
        }
    }

    private static readonly Type[] CorrespondentTypes = [typeof(int), typeof(int), typeof(string), typeof(string)];

    private DbCommand Command(string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command;
    }

    private async Task<Dictionary<long, byte[]>> StoredIdsAsync(int mailbox, IEnumerable<long> keys, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<long, byte[]>();
        if (dialect == SqlDialect.Sqlite)
        {
            // In this process a lookup along the primary key per item costs less than building and binding a long IN list.
            using var lookup = SqliteStatement.Prepare(connection,
                $"SELECT {dialect.Q(ItemColumns.ItemKey)}, {dialect.Q(ItemColumns.GraphId)} FROM {dialect.Q(ItemColumns.Table)} " +
                $"WHERE {dialect.Q(ItemColumns.MailboxNumber)} = ?1 AND {dialect.Q(ItemColumns.ItemKey)} = ?2");
            lookup.Bind(1, mailbox);
            foreach (var key in keys)
            {
                lookup.Bind(2, key);
                while (lookup.Read())
                {
                    stored[lookup.Int64(0)] = lookup.Blob(1);
                }
            }

            return stored;
        }

        if (dialect == SqlDialect.PostgreSql)
        {
            // One array parameter: PostgreSQL plans the same short statement every time instead of one with a thousand parameters.
            await using var command = Command(
                $"SELECT {dialect.Q(ItemColumns.ItemKey)}, {dialect.Q(ItemColumns.GraphId)} FROM {dialect.Q(ItemColumns.Table)} " +
                $"WHERE {dialect.Q(ItemColumns.MailboxNumber)} = @m AND {dialect.Q(ItemColumns.ItemKey)} = ANY(@keys)");
            dialect.Add(command, "@m", mailbox);
            command.Parameters.Add(new NpgsqlParameter<long[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. keys.Distinct()] });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stored[reader.GetInt64(0)] = (byte[])reader.GetValue(1);
            }

            return stored;
        }

        foreach (var chunk in keys.Distinct().Chunk(KeysPerStatement))
        {
            await using var command = Command(string.Empty);
            var list = dialect.InList(command, "k", chunk);
            dialect.Add(command, "@m", mailbox);
            command.CommandText = $"SELECT {dialect.Q(ItemColumns.ItemKey)}, {dialect.Q(ItemColumns.GraphId)} FROM {dialect.Q(ItemColumns.Table)} " +
                                  $"WHERE {dialect.Q(ItemColumns.MailboxNumber)} = @m AND {dialect.Q(ItemColumns.ItemKey)} IN ({list})";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stored[reader.GetInt64(0)] = (byte[])reader.GetValue(1);
            }
        }

        return stored;
    }

    /// <summary>Inserts rows with each provider's fastest means within a transaction (items, correspondents, a mailbox's relationships).</summary>
    internal async Task InsertAsync(string table, string[] columns, Type[] types, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        switch (dialect)
        {
            case SqlDialect.PostgreSql:
                await CopyAsync(table, columns, types, rows, cancellationToken);
                break;
            case SqlDialect.SqlServer:
                foreach (var chunk in rows.Chunk(Math.Min(1000, Sql.MaxParameters / columns.Length)))
                {
                    await using var command = Command(string.Empty);
                    var values = chunk.Select((row, r) => "(" + string.Join(", ", row.Select((value, c) =>
                    {
                        var name = $"@r{r}c{c}";
                        dialect.Add(command, name, value, types[c]);
                        return name;
                    })) + ")");
                    command.CommandText = $"INSERT INTO {dialect.Q(table)} ({dialect.Columns(columns)}) VALUES {string.Join(", ", values)}";
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                break;
            default:
                // SQLite runs in this process: one statement prepared once, bound by position, stepped per row.
                using (var insert = SqliteStatement.Prepare(connection, $"INSERT INTO {dialect.Q(table)} ({dialect.Columns(columns)}) VALUES ({Positions(1, columns.Length)})"))
                {
                    foreach (var row in rows)
                    {
                        for (var c = 0; c < row.Length; c++)
                        {
                            insert.Bind(c + 1, row[c]);
                        }

                        insert.Execute();
                    }
                }

                break;
        }
    }

    /// <summary>PostgreSQL's binary <c>COPY</c>: the rows stream in one round trip, in the open transaction.</summary>
    private async Task CopyAsync(string table, string[] columns, Type[] types, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        NpgsqlBinaryImporter? importer = null;
        try
        {
            foreach (var row in rows)
            {
                importer ??= await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
                    $"COPY {dialect.Q(table)} ({dialect.Columns(columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
                await importer.StartRowAsync(cancellationToken);
                for (var c = 0; c < row.Length; c++)
                {
                    if (row[c] is null)
                    {
                        await importer.WriteNullAsync(cancellationToken);
                    }
                    else
                    {
                        await importer.WriteAsync(row[c], NpgsqlTypeOf(types[c]), cancellationToken);
                    }
                }
            }

            if (importer is not null)
            {
                await importer.CompleteAsync(cancellationToken);
            }
        }
        finally
        {
            if (importer is not null)
            {
                await importer.DisposeAsync();
            }
        }
    }

    private static NpgsqlDbType NpgsqlTypeOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => NpgsqlDbType.Integer,
        var t when t == typeof(long) => NpgsqlDbType.Bigint,
        var t when t == typeof(short) => NpgsqlDbType.Smallint,
        var t when t == typeof(DateTime) => NpgsqlDbType.TimestampTz,
        var t when t == typeof(bool) => NpgsqlDbType.Boolean,
        var t when t == typeof(double) => NpgsqlDbType.Double,
        var t when t == typeof(byte[]) => NpgsqlDbType.Bytea,
        var t when t == typeof(string) => NpgsqlDbType.Varchar,
        var t => throw new NotSupportedException($"No PostgreSQL type for {t}."),
    };

    /// <summary>Items seen again: every column but the key, in one batch where the provider has batches.</summary>
    private async Task UpdateAsync(List<object?[]> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var columns = ItemColumns.All;
        var text = UpdateText();
        if (!connection.CanCreateBatch)
        {
            foreach (var row in rows)
            {
                await using var single = Command(text);
                for (var c = 0; c < row.Length; c++)
                {
                    dialect.Add(single, "@c" + c, row[c], ItemRow.Types[c]);
                }

                await single.ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        foreach (var chunk in rows.Chunk(Math.Max(1, Sql.MaxParameters / columns.Length)))
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var row in chunk)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = text;
                for (var c = 0; c < row.Length; c++)
                {
                    dialect.Add(command, "@c" + c, row[c], ItemRow.Types[c]);
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The update of an item seen again: every column but the key. SQLite's parameters are positions (<c>?1</c> …, bound
    /// by <see cref="SqliteStatement"/>); the others' are names (<c>@c0</c> …), in <see cref="ItemColumns.All"/>'s order.
    /// </summary>
    private string UpdateText()
    {
        string Parameter(int c) => dialect == SqlDialect.Sqlite ? "?" + (c + 1) : "@c" + c;
        var columns = ItemColumns.All;
        var set = string.Join(", ", columns.Select((name, c) => (name, c)).Where(x => x.c >= 2).Select(x => $"{dialect.Q(x.name)} = {Parameter(x.c)}"));
        return $"UPDATE {dialect.Q(ItemColumns.Table)} SET {set} WHERE {dialect.Q(ItemColumns.MailboxNumber)} = {Parameter(0)} AND {dialect.Q(ItemColumns.ItemKey)} = {Parameter(1)}";
    }

    /// <summary><c>?from, ?from+1, …</c>: <paramref name="count"/> positional SQLite parameters.</summary>
    private static string Positions(int from, int count) => string.Join(", ", Enumerable.Range(from, count).Select(i => "?" + i));

    private async Task<int> DeleteAsync(int mailbox, int folder, IReadOnlyList<long> keys, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var chunk in keys.Chunk(KeysPerStatement))
        {
            await using var command = Command(string.Empty);
            var list = dialect.InList(command, "k", chunk);
            dialect.Add(command, "@m", mailbox);
            dialect.Add(command, "@f", folder);
            command.CommandText = $"DELETE FROM {dialect.Q(ItemColumns.Table)} WHERE {dialect.Q(ItemColumns.MailboxNumber)} = @m " +
                                  $"AND {dialect.Q(ItemColumns.Folder)} = @f AND {dialect.Q(ItemColumns.ItemKey)} IN ({list})";
            deleted += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return deleted;
    }

    /// <summary>A new link format, unless another worker wrote the same one first (its number comes from its text).</summary>
    private async Task InsertFormatAsync(LinkFormat format, CancellationToken cancellationToken)
    {
        await using var command = Command(string.Empty);
        dialect.Add(command, "@id", format.Id);
        dialect.Add(command, "@prefix", format.Prefix);
        dialect.Add(command, "@suffix", format.Suffix);
        dialect.Add(command, "@escaped", format.Escaped);
        var table = dialect.Q(LinkFormatColumns.Table);
        var columns = dialect.Columns(LinkFormatColumns.All);
        command.CommandText = dialect switch
        {
            SqlDialect.PostgreSql => $"INSERT INTO {table} ({columns}) VALUES (@id, @prefix, @suffix, @escaped) ON CONFLICT DO NOTHING",
            SqlDialect.SqlServer => $"INSERT INTO {table} ({columns}) SELECT @id, @prefix, @suffix, @escaped " +
                                    $"WHERE NOT EXISTS (SELECT 1 FROM {table} WITH (UPDLOCK, HOLDLOCK) WHERE {dialect.Q(LinkFormatColumns.Id)} = @id)",
            _ => $"INSERT OR IGNORE INTO {table} ({columns}) VALUES (@id, @prefix, @suffix, @escaped)",
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
