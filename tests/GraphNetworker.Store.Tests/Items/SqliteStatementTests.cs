using GraphNetworker.Store.Items;
using Microsoft.Data.Sqlite;

namespace GraphNetworker.Store.Tests.Items;

/// <summary>
/// The item writer binds SQLite's statements itself (by position); everything else in the store reads and writes through
/// Microsoft.Data.Sqlite. A value either one writes must be stored exactly as the other would store it, or rows written
/// by one would read back differently (a date as another text, a flag as another type).
/// </summary>
public sealed class SqliteStatementTests
{
    public static TheoryData<string, object?> Values => new()
    {
        { "int", 42 },
        { "negative long", -9_223_372_036_854_775_807L },
        { "short", (short)7 },
        { "true", true },
        { "false", false },
        { "a time with ticks", new DateTime(2026, 3, 1, 9, 15, 30, DateTimeKind.Utc).AddTicks(1_234_567) },
        { "a time on the second", new DateTime(2024, 12, 31, 23, 59, 59, DateTimeKind.Utc) },
        { "a time at midnight", new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
        { "bytes", new byte[] { 0, 1, 2, 250, 255 } },
        { "no bytes", Array.Empty<byte>() },
        { "text", "Zoë Ångström <zoe@example.com> 日本" },
        { "empty text", string.Empty },
        { "null", null },
    };

    /// <summary>An in-memory database with the tables <paramref name="schema"/> makes.</summary>
    private static SqliteConnection InMemory(string schema)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = schema;
        create.ExecuteNonQuery();
        return connection;
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Bind_StoresTheValueExactlyAsMicrosoftDataSqliteDoes(string what, object? value)
    {
        // The declared types of the store's columns: INTEGER, TEXT and BLOB affinities as EF Core's migrations make them.
        using var connection = InMemory("CREATE TABLE t (n INTEGER, i INTEGER, t TEXT, b BLOB)");

        using (var byName = connection.CreateCommand())
        {
            byName.CommandText = "INSERT INTO t VALUES (1, @v, @v, @v)";
            SqlDialect.Sqlite.Add(byName, "@v", value, value?.GetType());
            byName.ExecuteNonQuery();
        }

        using (var byPosition = SqliteStatement.Prepare(connection, "INSERT INTO t VALUES (?1, ?2, ?2, ?2)"))
        {
            byPosition.Bind(1, 2);
            byPosition.Bind(2, value);
            Assert.Equal(1, byPosition.Execute());
        }

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT quote(i) || typeof(i), quote(t) || typeof(t), quote(b) || typeof(b) FROM t ORDER BY n";
        using var rows = read.ExecuteReader();
        Assert.True(rows.Read());
        var written = new[] { rows.GetString(0), rows.GetString(1), rows.GetString(2) };
        Assert.True(rows.Read());
        Assert.Equal(written, new[] { rows.GetString(0), rows.GetString(1), rows.GetString(2) });
        _ = what; // names the case in the test's display name
    }

    [Fact]
    public void Read_StepsThroughTheRows_AndRunsAgainWithNewBindings()
    {
        using var connection = InMemory("CREATE TABLE t (k INTEGER PRIMARY KEY, b BLOB); INSERT INTO t VALUES (1, x'01'), (2, x'0202')");

        using var lookup = SqliteStatement.Prepare(connection, "SELECT k, b FROM t WHERE k = ?1");
        var found = new List<string>();
        foreach (var key in new long[] { 2, 3, 1 })
        {
            lookup.Bind(1, key);
            while (lookup.Read())
            {
                found.Add($"{lookup.Int64(0)}:{Convert.ToHexString(lookup.Bytes(1))}");
            }
        }

        Assert.Equal(["2:0202", "1:01"], found);
    }

    [Theory]
    [InlineData("2026-03-01T09:15:30.1234567Z")]
    [InlineData("2024-12-31T23:59:59Z")]
    [InlineData("2025-01-01T00:00:00Z")]
    public void Reads_WhatMicrosoftDataSqliteWrote_AsItReadsIt(string instant)
    {
        var time = DateTime.Parse(instant, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        using var connection = InMemory("CREATE TABLE t (at TEXT, none INTEGER, b BLOB, s TEXT, n INTEGER, flag INTEGER)");

        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO t VALUES (@at, NULL, @b, @s, @n, @flag)";
            SqlDialect.Sqlite.Add(insert, "@at", time);
            SqlDialect.Sqlite.Add(insert, "@b", new byte[] { 9, 8, 7 });
            SqlDialect.Sqlite.Add(insert, "@s", "Zoë 日本");
            SqlDialect.Sqlite.Add(insert, "@n", (short)-3);
            SqlDialect.Sqlite.Add(insert, "@flag", true);
            insert.ExecuteNonQuery();
        }

        using var read = SqliteStatement.Prepare(connection, "SELECT at, none, b, s, n, flag FROM t");
        Assert.True(read.Read());

        Assert.Equal((time, DateTimeKind.Utc), (read.Time(0), read.Time(0).Kind));
        Assert.Equal((false, true), (read.IsNull(0), read.IsNull(1)));
        Assert.Equal([9, 8, 7], read.Bytes(2).ToArray());
        Assert.Equal("Zoë 日本", read.Text(3));
        Assert.Equal(((short)-3, -3, -3L, true), (read.Int16(4), read.Int32(4), read.Int64(4), read.Boolean(5)));
        Assert.False(read.Read());
    }

    [Fact]
    public void Execute_ReportsAFailedStatement_AsSqliteDoes()
    {
        using var connection = InMemory("CREATE TABLE t (k INTEGER PRIMARY KEY)");

        using var insert = SqliteStatement.Prepare(connection, "INSERT INTO t VALUES (?1)");
        insert.Bind(1, 1L);
        insert.Execute();
        var duplicate = Assert.Throws<SqliteException>(() => insert.Execute());
        Assert.Equal(19, duplicate.SqliteErrorCode); // SQLITE_CONSTRAINT

        // The statement is usable again after the failure.
        insert.Bind(1, 2L);
        Assert.Equal(1, insert.Execute());
    }
}
