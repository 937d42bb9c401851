using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace GraphNetworker.Store.Items;

/// <summary>
/// One of SQLite's own prepared statements on the connection EF Core has open, bound by position and read in place, for
/// the item pages: the writer's per-row statements and the reader's pages. It runs in the open transaction (a SQLite
/// transaction belongs to its connection). Microsoft.Data.Sqlite binds every parameter by its name on every execution
/// (the name converted to UTF-8 and looked up in the statement each time) and checks the column count through a native
/// call for every value it reads: at 18 columns and a thousand rows a page that was the largest part of a page's CPU.
/// Values are bound as Microsoft.Data.Sqlite binds them (integers, 0/1 for a boolean, a <see cref="DateTime"/> as its
/// <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c> text, blobs, text), so what one writes the other reads back unchanged.
/// </summary>
internal sealed class SqliteStatement : IItemRecord, IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    private SqliteStatement(sqlite3 db, sqlite3_stmt statement)
    {
        _db = db;
        _statement = statement;
    }

    /// <summary>Prepares <paramref name="sql"/> (parameters written <c>?1</c>, <c>?2</c>, …) on the open connection.</summary>
    public static SqliteStatement Prepare(DbConnection connection, string sql)
    {
        var db = ((SqliteConnection)connection).Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, db);
        return new SqliteStatement(db, statement);
    }

    /// <summary>Binds parameter <paramref name="index"/> (from 1) as Microsoft.Data.Sqlite would bind the value.</summary>
    public void Bind(int index, object? value)
    {
        var rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(_statement, index),
            int number => raw.sqlite3_bind_int64(_statement, index, number),
            long number => raw.sqlite3_bind_int64(_statement, index, number),
            short number => raw.sqlite3_bind_int64(_statement, index, number),
            bool flag => raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0),
            double number => raw.sqlite3_bind_double(_statement, index, number),
            DateTime time => BindTime(index, time),
            byte[] bytes => raw.sqlite3_bind_blob(_statement, index, bytes),
            string text => raw.sqlite3_bind_text(_statement, index, text),
            _ => throw new NotSupportedException($"No SQLite binding for {value.GetType()}."),
        };
        Check(rc);
    }

    private int BindTime(int index, DateTime time)
    {
        Span<byte> text = stackalloc byte[40];
        return time.TryFormat(text, out var written, TimeFormat, CultureInfo.InvariantCulture)
            ? raw.sqlite3_bind_text(_statement, index, text[..written])
            : raw.sqlite3_bind_text(_statement, index, Text(time));
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, long? value) => Check(value is { } number ? raw.sqlite3_bind_int64(_statement, index, number) : raw.sqlite3_bind_null(_statement, index));

    public void Bind(int index, DateTime value) => Check(BindTime(index, value));

    public void Bind(int index, DateTime? value) => Check(value is { } time ? BindTime(index, time) : raw.sqlite3_bind_null(_statement, index));

    public void Bind(int index, byte[]? value) => Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_blob(_statement, index, value));

    public void Bind(int index, string? value) => Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _db);

    /// <summary>Runs a statement that returns no rows and makes it ready to run again; the rows it changed.</summary>
    public int Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return raw.sqlite3_changes(_db);
    }

    /// <summary>Steps to the next row of a query: false at its end, which also makes it ready to run again.</summary>
    public bool Read()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return false;
    }

    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    public short Int16(int column) => (short)raw.sqlite3_column_int64(_statement, column);

    public int Int32(int column) => (int)raw.sqlite3_column_int64(_statement, column);

    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    public bool Boolean(int column) => raw.sqlite3_column_int64(_statement, column) != 0;

    public byte[] Blob(int column) => raw.sqlite3_column_blob(_statement, column).ToArray();

    /// <summary>A blob in SQLite's own memory, valid until the next row is read.</summary>
    public ReadOnlySpan<byte> Bytes(int column) => raw.sqlite3_column_blob(_statement, column);

    public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    /// <summary>A UTC time as Microsoft.Data.Sqlite writes it (<see cref="Text(DateTime)"/>), read without a string.</summary>
    public DateTime Time(int column)
    {
        var utf8 = raw.sqlite3_column_blob(_statement, column);
        Span<char> text = stackalloc char[Math.Min(utf8.Length, 64)];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = (char)utf8[i];
        }

        return DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
            : DateTime.SpecifyKind(DateTime.Parse(Text(column), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc);
    }

    public void Dispose() => _statement.Dispose();

    /// <summary>A <see cref="DateTime"/> as Microsoft.Data.Sqlite writes it.</summary>
    internal static string Text(DateTime time) => time.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private const string TimeFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";
}
