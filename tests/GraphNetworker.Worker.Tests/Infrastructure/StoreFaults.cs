using System.Collections.Concurrent;
using System.Data.Common;
using GraphNetworker.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GraphNetworker.Worker.Tests.Infrastructure;

/// <summary>
/// Makes chosen database statements fail, as a database error would (a lost connection, a full disk): a statement is
/// chosen by its text and by the mailbox among its parameters. The worker's own contexts run it, through the store's
/// provider registration, so the failure surfaces exactly where a real one would.
/// </summary>
public sealed class StoreFaults : DbCommandInterceptor
{
    private readonly ConcurrentDictionary<int, Rule> _rules = new();
    private int _next;

    /// <summary>The statements that failed so far, by rule name.</summary>
    public ConcurrentQueue<string> Failed { get; } = new();

    /// <summary>Every statement the worker's contexts sent, in order (its text), for counting a cycle's round trips.</summary>
    public ConcurrentQueue<string> Sent { get; } = new();

    /// <summary>Every statement whose text passes <paramref name="statement"/> and that names <paramref name="mailboxId"/> fails.</summary>
    public void Fail(string name, Func<string, bool> statement, string mailboxId) =>
        _rules[Interlocked.Increment(ref _next)] = new Rule(name, statement, mailboxId);

    public void Clear() => _rules.Clear();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    private void Check(DbCommand command)
    {
        Sent.Enqueue(command.CommandText);
        foreach (var rule in _rules.Values)
        {
            if (rule.Statement(command.CommandText) && command.Parameters.Cast<DbParameter>().Any(p => Equals(p.Value, rule.MailboxId)))
            {
                Failed.Enqueue(rule.Name);
                throw new Microsoft.Data.Sqlite.SqliteException($"Injected database error ({rule.Name}).", 10);
            }
        }
    }

    private sealed record Rule(string Name, Func<string, bool> Statement, string MailboxId);

    /// <summary>The store's provider as registered, with the faults added to every context it configures.</summary>
    internal sealed class Configurator(IStoreProviderConfigurator inner, StoreFaults faults) : IStoreProviderConfigurator
    {
        public StoreProvider Provider => inner.Provider;

        public void Configure(DbContextOptionsBuilder builder, StoreOptions options)
        {
            inner.Configure(builder, options);
            builder.AddInterceptors(faults);
        }
    }
}
