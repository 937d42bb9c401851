using System.Data;
using System.Data.Common;
using GraphNetworker.Store.SqlServer;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace GraphNetworker.Store.SqlServer.Tests;

/// <summary>
/// Contexts configured exactly as the worker configures SQL Server (<see cref="SqlServerStoreProvider"/>), with no
/// server behind them: the connection is never opened, and every command is captured and answered by the test.
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
        builder.AddInterceptors(new NeverOpened(), new Captured(Commands, reader));
        _options = builder.Options;
    }

    /// <summary>The command texts, in the order EF Core sent them.</summary>
    public List<string> Commands { get; } = [];

    public GraphNetworkerDbContext CreateDbContext() => new(_options);

    private sealed class NeverOpened : DbConnectionInterceptor
    {
        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(InterceptionResult.Suppress());

        public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) => InterceptionResult.Suppress();
    }

    private sealed class Captured(List<string> commands, Func<DbCommand, DbDataReader>? reader) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            commands.Add(command.CommandText);
            return ValueTask.FromResult(InterceptionResult<int>.SuppressWithResult(1));
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            commands.Add(command.CommandText);
            using var answer = reader?.Invoke(command);
            return ValueTask.FromResult(InterceptionResult<object>.SuppressWithResult(answer is not null && answer.Read() ? answer.GetValue(0) : DBNull.Value));
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            commands.Add(command.CommandText);
            return ValueTask.FromResult(InterceptionResult<DbDataReader>.SuppressWithResult(reader?.Invoke(command) ?? new DataTable().CreateDataReader()));
        }
    }
}
