using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GraphNetworker.Store.Tests.Infrastructure;

/// <summary>
/// Reads a database's schema as the database itself reports it, one sorted line per fact: tables, columns (store
/// type, nullability, identity), primary keys, indexes (columns and uniqueness) and foreign keys (with the delete
/// rule). EF Core's own tables (<c>__EF…</c>) are left out. Defaults are left out too: a column added to a table
/// that has rows needs one, while a table created from the model has none.
/// </summary>
internal static class SchemaReader
{
    public static Task<List<string>> ReadAsync(TestDatabase database, CancellationToken cancellationToken) => database.Provider switch
    {
        StoreProvider.Sqlite => ReadSqliteAsync(database.ConnectionString, cancellationToken),
        StoreProvider.PostgreSql => ReadPostgresAsync(database.ConnectionString, cancellationToken),
        _ => throw new NotSupportedException(database.Provider.ToString()),
    };

    private static async Task<List<string>> ReadSqliteAsync(string connectionString, CancellationToken ct)
    {
        var facts = new List<string>();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        var tables = await QueryAsync(connection,
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_EF%' ESCAPE '\\'",
            r => (Name: r.GetString(0), Sql: r.GetString(1)), ct);
        foreach (var (table, sql) in tables)
        {
            facts.Add($"table {table}");
            var columns = await QueryAsync(connection, $"PRAGMA table_info(\"{table}\")",
                r => (Name: r.GetString(1), Type: r.GetString(2), NotNull: r.GetInt64(3) == 1, Pk: r.GetInt64(5)), ct);
            facts.AddRange(columns.Select(c => $"column {table}.{c.Name} {c.Type} {(c.NotNull ? "not null" : "null")}"));
            var key = string.Join(", ", columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name));
            var autoincrement = sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase) ? " autoincrement" : string.Empty;
            facts.Add($"primary key {table} ({key}){autoincrement}");

            var indexes = await QueryAsync(connection, $"PRAGMA index_list(\"{table}\")",
                r => (Name: r.GetString(1), Unique: r.GetInt64(2) == 1, Origin: r.GetString(3)), ct);
            foreach (var index in indexes.Where(i => i.Origin != "pk"))
            {
                var indexColumns = await QueryAsync(connection, $"PRAGMA index_info(\"{index.Name}\")", r => (Seq: r.GetInt64(0), Name: r.GetString(2)), ct);
                facts.Add($"index {table}.{index.Name}{(index.Unique ? " unique" : string.Empty)} ({string.Join(", ", indexColumns.OrderBy(c => c.Seq).Select(c => c.Name))})");
            }

            var foreignKeys = await QueryAsync(connection, $"PRAGMA foreign_key_list(\"{table}\")",
                r => (Id: r.GetInt64(0), Table: r.GetString(2), From: r.GetString(3), To: r.GetString(4), OnDelete: r.GetString(6)), ct);
            facts.AddRange(foreignKeys.GroupBy(f => f.Id).Select(g =>
                $"foreign key {table} ({string.Join(", ", g.Select(f => f.From))}) references {g.First().Table} ({string.Join(", ", g.Select(f => f.To))}) on delete {g.First().OnDelete}"));
        }

        facts.Sort(StringComparer.Ordinal);
        return facts;
    }

    private static async Task<List<string>> ReadPostgresAsync(string connectionString, CancellationToken ct)
    {
        var facts = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);

        facts.AddRange(await QueryAsync(connection, """
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\_\_EF%'
            """, r => $"table {r.GetString(0)}", ct));

        facts.AddRange(await QueryAsync(connection, """
            SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, is_identity, identity_generation
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EF%'
            """, r =>
            {
                var length = r.IsDBNull(3) ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"({r.GetInt32(3)})");
                var identity = r.GetString(5) == "YES" ? $" identity {r.GetString(6)}" : string.Empty;
                return $"column {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}{length} {(r.GetString(4) == "YES" ? "null" : "not null")}{identity}";
            }, ct));

        // Primary keys from information_schema; foreign keys as PostgreSQL states them (columns, target, ON DELETE).
        facts.AddRange(await QueryAsync(connection, """
            SELECT tc.table_name, tc.constraint_name, string_agg(kcu.column_name, ', ' ORDER BY kcu.ordinal_position)
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage kcu
              ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name
            WHERE tc.table_schema = 'public' AND tc.constraint_type = 'PRIMARY KEY' AND tc.table_name NOT LIKE '\_\_EF%'
            GROUP BY tc.table_name, tc.constraint_name
            """, r => $"primary key {r.GetString(0)} {r.GetString(1)} ({r.GetString(2)})", ct));
        facts.AddRange(await QueryAsync(connection, """
            SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
            WHERE c.connamespace = 'public'::regnamespace AND c.contype = 'f'
            """, r => $"foreign key {r.GetString(0)} {r.GetString(1)} {r.GetString(2)}", ct));

        facts.AddRange(await QueryAsync(connection, """
            SELECT tablename, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename NOT LIKE '\_\_EF%'
            """, r => $"index {r.GetString(0)}: {r.GetString(1)}", ct));

        facts.Sort(StringComparer.Ordinal);
        return facts;
    }

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> read, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
