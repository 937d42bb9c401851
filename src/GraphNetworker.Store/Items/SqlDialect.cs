using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace GraphNetworker.Store.Items;

/// <summary>The three providers' SQL, where the item statements need it to differ: quoting, row limits, parameter types.</summary>
internal enum SqlDialect
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

internal static class Sql
{
    /// <summary>SQL Server accepts at most 2,100 parameters in one command; statements stay well below.</summary>
    public const int MaxParameters = 2000;

    public static SqlDialect DialectOf(DatabaseFacade database) => database.ProviderName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => SqlDialect.Sqlite,
        "Npgsql.EntityFrameworkCore.PostgreSQL" => SqlDialect.PostgreSql,
        "Microsoft.EntityFrameworkCore.SqlServer" => SqlDialect.SqlServer,
        var other => throw new NotSupportedException($"The store has no item statements for the provider {other}."),
    };

    /// <summary>A quoted identifier (the model's names are mixed case: PostgreSQL folds unquoted ones).</summary>
    public static string Q(this SqlDialect dialect, string name) => dialect == SqlDialect.SqlServer ? $"[{name}]" : $"\"{name}\"";

    public static string Columns(this SqlDialect dialect, IEnumerable<string> names) => string.Join(", ", names.Select(name => dialect.Q(name)));

    /// <summary><c>SELECT … FROM … WHERE … ORDER BY …</c> with at most <paramref name="limit"/> rows.</summary>
    public static string SelectTop(this SqlDialect dialect, int limit, string columns, string rest) => dialect == SqlDialect.SqlServer
        ? $"SELECT TOP ({limit}) {columns} {rest}"
        : $"SELECT {columns} {rest} LIMIT {limit}";

    /// <summary><c>@p0, @p1, …</c> for a list of values, added to the command.</summary>
    public static string InList<T>(this SqlDialect dialect, DbCommand command, string prefix, IEnumerable<T> values)
    {
        var names = new StringBuilder();
        var i = 0;
        foreach (var value in values)
        {
            var name = $"@{prefix}{i++}";
            names.Append(names.Length == 0 ? name : ", " + name);
            dialect.Add(command, name, value);
        }

        return names.ToString();
    }

    /// <summary>Adds a parameter typed so that every provider binds it to the column's type (nulls included).</summary>
    public static DbParameter Add(this SqlDialect dialect, DbCommand command, string name, object? value, Type? type = null)
    {
        var parameter = dialect.Typed(command.CreateParameter(), name, value, type);
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>The same for one command of a batch.</summary>
    public static DbParameter Add(this SqlDialect dialect, DbBatchCommand command, string name, object? value, Type? type = null)
    {
        var parameter = dialect.Typed(command.CreateParameter(), name, value, type);
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static DbParameter Typed(this SqlDialect dialect, DbParameter parameter, string name, object? value, Type? type)
    {
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        type ??= value?.GetType();
        if (type is not null && DbTypeOf(dialect, Nullable.GetUnderlyingType(type) ?? type) is { } dbType)
        {
            parameter.DbType = dbType;
        }

        return parameter;
    }

    /// <summary>
    /// The parameter type, where the provider needs one: SQL Server types a null by it (a null of no type is
    /// nvarchar, which no varbinary column takes) and would send a <see cref="DateTime"/> as the imprecise
    /// <c>datetime</c>; PostgreSQL infers <c>timestamptz</c> from a UTC <see cref="DateTime"/> only when no type is set.
    /// </summary>
    private static DbType? DbTypeOf(SqlDialect dialect, Type type) => type switch
    {
        _ when type == typeof(DateTime) => dialect == SqlDialect.SqlServer ? DbType.DateTime2 : null,
        _ when type == typeof(int) => DbType.Int32,
        _ when type == typeof(long) => DbType.Int64,
        _ when type == typeof(short) => DbType.Int16,
        _ when type == typeof(bool) => DbType.Boolean,
        _ when type == typeof(double) => DbType.Double,
        _ when type == typeof(byte[]) => DbType.Binary,
        _ when type == typeof(string) => DbType.String,
        _ => null,
    };

    /// <summary>A UTC <see cref="DateTime"/> as every provider reads it back (SQLite and SQL Server say nothing of the kind).</summary>
    public static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
