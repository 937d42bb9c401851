using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using GraphNetworker.Store.SqlServer;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace GraphNetworker.Store.SqlServer.Tests;

/// <summary>
/// Contexts configured exactly as the worker configures SQL Server (<see cref="SqlServerStoreProvider"/>), with no
/// server behind them: the connection is a stand-in that is always open and never reaches a server, transactions are
/// begun and committed only in the log, and every command is captured (with the transaction it was sent in) and
/// answered by the test.
/// </summary>
internal sealed class SqlServerContexts : IDbContextFactory<GraphNetworkerDbContext>
{
    private readonly DbContextOptions<GraphNetworkerDbContext> _options;

    public SqlServerContexts(Func<DbCommand, DbDataReader>? reader = null)
    {
        var builder = new DbContextOptionsBuilder<GraphNetworkerDbContext>();
        new SqlServerStoreProvider().Configure(builder, new StoreOptions
        {
            Provider = StoreProvider.SqlServer,
            ConnectionString = "Server=tcp:contoso-sql.database.windows.net,1433;Database=graphnetworker;Authentication=Active Directory Managed Identity;Encrypt=True",
        });
        builder.AddInterceptors(new NoServer(), new Captured(this, reader), new Transactions(Log));
        _options = builder.Options;
    }

    /// <summary>The command texts, in the order EF Core sent them.</summary>
    public List<string> Commands { get; } = [];

    /// <summary>Everything in order: <c>begin</c>, each command as <c>[transaction number] text</c> (0 outside one), <c>commit</c>, <c>rollback</c>.</summary>
    public List<string> Log { get; } = [];

    public GraphNetworkerDbContext CreateDbContext() => new(_options);

    /// <summary>
    /// Replaces the provider's SqlConnection with <see cref="StandInConnection"/>. It must look open: EF Core drops a
    /// transaction whose connection it finds closed, and a SqlConnection cannot open without a server.
    /// </summary>
    private sealed class NoServer : DbConnectionInterceptor
    {
        public override InterceptionResult<DbConnection> ConnectionCreating(ConnectionCreatingEventData eventData, InterceptionResult<DbConnection> result) =>
            InterceptionResult<DbConnection>.SuppressWithResult(new StandInConnection(eventData.ConnectionString ?? string.Empty));
    }

    private sealed class Captured(SqlServerContexts owner, Func<DbCommand, DbDataReader>? reader) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(InterceptionResult<int>.SuppressWithResult(1));
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            using var answer = reader?.Invoke(command);
            return ValueTask.FromResult(InterceptionResult<object>.SuppressWithResult(answer is not null && answer.Read() ? answer.GetValue(0) : DBNull.Value));
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(InterceptionResult<DbDataReader>.SuppressWithResult(reader?.Invoke(command) ?? new DataTable().CreateDataReader()));
        }

        private void Record(DbCommand command)
        {
            owner.Commands.Add(command.CommandText);
            owner.Log.Add($"[{(command.Transaction as LoggedTransaction)?.Number ?? 0}] {command.CommandText}");
        }
    }

    private sealed class Transactions(List<string> log) : DbTransactionInterceptor
    {
        public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result) =>
            InterceptionResult<DbTransaction>.SuppressWithResult(Begin(connection, eventData.IsolationLevel));

        public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(InterceptionResult<DbTransaction>.SuppressWithResult(Begin(connection, eventData.IsolationLevel)));

        private LoggedTransaction Begin(DbConnection connection, IsolationLevel isolation)
        {
            log.Add("begin");
            return new LoggedTransaction(connection, isolation, log, log.Count(l => l == "begin"));
        }
    }

    private sealed class LoggedTransaction(DbConnection connection, IsolationLevel isolation, List<string> log, int number) : DbTransaction
    {
        public int Number => number;

        public override IsolationLevel IsolationLevel => isolation;

        protected override DbConnection DbConnection => connection;

        public override void Commit() => log.Add("commit");

        public override void Rollback() => log.Add("rollback");
    }

    /// <summary>An open connection to no server: commands are SQL Server's own (its parameters), transactions come from the interceptor.</summary>
    private sealed class StandInConnection(string connectionString) : DbConnection
    {
        [AllowNull]
        public override string ConnectionString { get; set; } = connectionString;

        public override string Database => "graphnetworker";

        public override string DataSource => "contoso-sql.database.windows.net";

        public override string ServerVersion => "16.00.1000";

        public override ConnectionState State => ConnectionState.Open;

        public override void ChangeDatabase(string databaseName)
        {
        }

        public override void Close()
        {
        }

        public override void Open()
        {
        }

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => throw new NotSupportedException("Transactions are begun by the interceptor.");

        protected override DbCommand CreateDbCommand() => new TransactionHolder(new Microsoft.Data.SqlClient.SqlCommand()) { Connection = this };
    }

    /// <summary>SQL Server's command (its text and parameters) with a transaction that need not be SQL Server's own.</summary>
    [SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "Test double: the text is EF Core's own.")]
    private sealed class TransactionHolder(DbCommand inner) : DbCommand
    {
        [AllowNull]
        public override string CommandText { get => inner.CommandText; set => inner.CommandText = value; }

        public override int CommandTimeout { get => inner.CommandTimeout; set => inner.CommandTimeout = value; }

        public override CommandType CommandType { get => inner.CommandType; set => inner.CommandType = value; }

        public override bool DesignTimeVisible { get => inner.DesignTimeVisible; set => inner.DesignTimeVisible = value; }

        public override UpdateRowSource UpdatedRowSource { get => inner.UpdatedRowSource; set => inner.UpdatedRowSource = value; }

        protected override DbConnection? DbConnection { get; set; }

        protected override DbParameterCollection DbParameterCollection => inner.Parameters;

        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel()
        {
        }

        public override int ExecuteNonQuery() => throw new NotSupportedException("Every command is answered by the interceptor.");

        public override object? ExecuteScalar() => throw new NotSupportedException("Every command is answered by the interceptor.");

        public override void Prepare()
        {
        }

        protected override DbParameter CreateDbParameter() => inner.CreateParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => throw new NotSupportedException("Every command is answered by the interceptor.");

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
