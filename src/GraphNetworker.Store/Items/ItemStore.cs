using System.Collections.Concurrent;
using System.Data.Common;
using GraphNetworker.Core.Ports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace GraphNetworker.Store.Items;

/// <summary>
/// What the item tables share across one database's repositories: the web-link formats, each mailbox's number, and
/// the correspondents of the mailboxes this worker is syncing (kept while it holds their lease: the holder is their
/// only writer, so a page need not read them again). A purge or another worker's lease starts a new epoch, which
/// reads them afresh.
/// </summary>
public sealed class ItemStore
{
    private const int BooksKept = 32;
    private readonly ConcurrentDictionary<string, int> _numbers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<LeaseFence, CorrespondentBook> _books = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _writers = new(StringComparer.Ordinal);
    private int _formatsLoaded;

    internal WebLinks Links { get; } = new();

    /// <summary>The connection and transaction EF Core has open for <paramref name="db"/> (opened if needed).</summary>
    internal static async Task<(DbConnection Connection, DbTransaction? Transaction, SqlDialect Dialect)> OpenAsync(GraphNetworkerDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return (db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(), Sql.DialectOf(db.Database));
    }

    /// <summary>The mailbox's number (never changes once given), or null when the mailbox has no row.</summary>
    internal async Task<int?> MailboxNumberAsync(GraphNetworkerDbContext db, string mailboxId, CancellationToken cancellationToken)
    {
        if (_numbers.TryGetValue(mailboxId, out var known))
        {
            return known;
        }

        var number = await db.Mailboxes.AsNoTracking().Where(m => m.Id == mailboxId).Select(m => (int?)m.Number).SingleOrDefaultAsync(cancellationToken);
        if (number is > 0)
        {
            _numbers[mailboxId] = number.Value;
        }

        return number;
    }

    /// <summary>The correspondents of a mailbox whose lease <paramref name="fence"/> holds, read once per lease.</summary>
    internal async Task<CorrespondentBook> BookAsync(LeaseFence fence, DbConnection connection, DbTransaction? transaction, SqlDialect dialect, int mailbox, CancellationToken cancellationToken)
    {
        if (_books.TryGetValue(fence, out var book))
        {
            return book;
        }

        book = await ReadBookAsync(connection, transaction, dialect, mailbox, cancellationToken);
        if (_books.Count >= BooksKept)
        {
            _books.Clear();
        }

        return _books.GetOrAdd(fence, book);
    }

    /// <summary>
    /// Waits until no other page of the mailbox is being written by this process, and holds that until disposed. A
    /// mailbox's folders are read at once, but their pages commit one at a time: each numbers the people it brings
    /// first in the mailbox's one correspondent book, and writes them with itself. The lease makes this process the
    /// mailbox's only writer, so a lock here is enough.
    /// </summary>
    internal async Task<IDisposable> WritingAsync(string mailboxId, CancellationToken cancellationToken)
    {
        var writer = _writers.GetOrAdd(mailboxId, _ => new SemaphoreSlim(1, 1));
        await writer.WaitAsync(cancellationToken);
        return new Writing(writer);
    }

    private sealed class Writing(SemaphoreSlim writer) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                writer.Release();
            }
        }
    }

    /// <summary>Forgets a mailbox's correspondents (its lease ended, or a write of it failed half-way).</summary>
    internal void Forget(LeaseFence fence) => _books.TryRemove(fence, out _);

    internal static async Task<CorrespondentBook> ReadBookAsync(DbConnection connection, DbTransaction? transaction, SqlDialect dialect, int mailbox, CancellationToken cancellationToken)
    {
        var book = new CorrespondentBook();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        dialect.Add(command, "@m", mailbox);
        command.CommandText = $"SELECT {dialect.Q(CorrespondentColumns.Number)}, {dialect.Q(CorrespondentColumns.Address)}, {dialect.Q(CorrespondentColumns.Name)} " +
                              $"FROM {dialect.Q(CorrespondentColumns.Table)} WHERE {dialect.Q(CorrespondentColumns.MailboxNumber)} = @m";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            book.Load(reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }

        return book;
    }

    /// <summary>Reads the link formats the first time, and again when a row names one this process has not seen.</summary>
    internal async Task EnsureFormatsAsync(DbConnection connection, DbTransaction? transaction, SqlDialect dialect, bool again, CancellationToken cancellationToken)
    {
        if (!again && Volatile.Read(ref _formatsLoaded) == 1)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {dialect.Columns(LinkFormatColumns.All)} FROM {dialect.Q(LinkFormatColumns.Table)}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            Links.Loaded(new LinkFormat(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3)));
        }

        Volatile.Write(ref _formatsLoaded, 1);
    }
}
