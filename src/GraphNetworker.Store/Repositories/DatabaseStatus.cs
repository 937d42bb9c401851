using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace GraphNetworker.Store.Repositories;

/// <summary>
/// What <c>doctor</c> reports about the database, read without changing it: the provider, the migrations applied and
/// those this version would apply on start, and on SQL Server the collations that decide whether Graph ids compare
/// case-sensitively.
/// </summary>
/// <param name="Provider">The configured provider, as EF Core reports it.</param>
/// <param name="Applied">Applied migrations, oldest first.</param>
/// <param name="Pending">Migrations of this version not yet applied (the worker applies them when it starts).</param>
/// <param name="Unknown">Applied migrations this version does not have: a newer version migrated the database.</param>
/// <param name="Collations">SQL Server only: the database's collation and each id column's; null on other providers.</param>
public sealed record DatabaseState(
    StoreProvider Provider,
    IReadOnlyList<string> Applied,
    IReadOnlyList<string> Pending,
    IReadOnlyList<string> Unknown,
    IdCollations? Collations)
{
    /// <summary>The migration the database is at, or null for an empty database.</summary>
    public string? Current => Applied.Count == 0 ? null : Applied[^1];
}

/// <summary>
/// SQL Server's collations where Graph ids are compared: the database's (new columns take it) and that of every string
/// column in a primary key or unique index that exists. Graph ids are case-sensitive, so each must be binary or
/// case-sensitive, or two ids differing only in case collide.
/// </summary>
public sealed record IdCollations(string Database, IReadOnlyList<ColumnCollation> Columns)
{
    public bool DatabaseIsCaseSensitive => ColumnCollation.IsCaseSensitive(Database);

    /// <summary>Id columns whose collation ignores case.</summary>
    public IReadOnlyList<ColumnCollation> CaseInsensitive => [.. Columns.Where(c => !ColumnCollation.IsCaseSensitive(c.Collation))];
}

/// <summary>One id column's collation on SQL Server.</summary>
public sealed record ColumnCollation(string Table, string Column, string Collation)
{
    /// <summary>
    /// A binary collation (<c>…_BIN</c>, <c>…_BIN2</c>) or a case-sensitive one (<c>…_CS_…</c>). SQL Server names the
    /// case option as its own part of the name (<c>Latin1_General_100_CI_AS</c>), so parts are compared, not substrings.
    /// </summary>
    public static bool IsCaseSensitive(string collation) =>
        collation.Split('_').Any(part => part.Equals("BIN", StringComparison.OrdinalIgnoreCase) || part.Equals("BIN2", StringComparison.OrdinalIgnoreCase) || part.Equals("CS", StringComparison.OrdinalIgnoreCase));
}

/// <summary>Reads <see cref="DatabaseState"/>: the store's one place where the database describes itself.</summary>
public sealed class DatabaseStatus(IDbContextFactory<GraphNetworkerDbContext> contexts)
{
    private const string SqlServerProvider = "Microsoft.EntityFrameworkCore.SqlServer";

    /// <summary>The database collation; the column is named for EF Core's scalar queries.</summary>
    internal const string DatabaseCollationSql = "SELECT CAST(DATABASEPROPERTYEX(DB_NAME(), 'Collation') AS nvarchar(128)) AS [Value]";

    /// <summary>Every collated column of the tables in the user's default schema (where the migrations create them).</summary>
    internal const string ColumnCollationsSql = """
        SELECT t.[name] AS [Table], c.[name] AS [Column], c.[collation_name] AS [Collation]
        FROM sys.columns AS c
        INNER JOIN sys.tables AS t ON t.[object_id] = c.[object_id]
        WHERE t.[schema_id] = SCHEMA_ID() AND c.[collation_name] IS NOT NULL
        """;

    public async Task<DatabaseState> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        var known = db.Database.GetMigrations().ToList();
        var provider = db.Database.ProviderName switch
        {
            SqlServerProvider => StoreProvider.SqlServer,
            "Npgsql.EntityFrameworkCore.PostgreSQL" => StoreProvider.PostgreSql,
            _ => StoreProvider.Sqlite,
        };
        var collations = provider == StoreProvider.SqlServer ? await CollationsAsync(db, cancellationToken) : null;
        return new DatabaseState(provider, applied, [.. known.Except(applied, StringComparer.Ordinal)], [.. applied.Except(known, StringComparer.Ordinal)], collations);
    }

    private static async Task<IdCollations> CollationsAsync(GraphNetworkerDbContext db, CancellationToken ct)
    {
        var database = await db.Database.SqlQueryRaw<string>(DatabaseCollationSql).ToListAsync(ct);
        var columns = await db.Database.SqlQueryRaw<CollatedColumn>(ColumnCollationsSql).ToListAsync(ct);
        var ids = IdColumns(db.Model);
        return new IdCollations(
            database.SingleOrDefault() ?? "unknown",
            [.. columns.Where(c => ids.Contains((c.Table, c.Column))).Select(c => new ColumnCollation(c.Table, c.Column, c.Collation)).OrderBy(c => c.Table, StringComparer.Ordinal).ThenBy(c => c.Column, StringComparer.Ordinal)]);
    }

    /// <summary>The string columns of every primary key and unique index in the model: where an id is compared.</summary>
    internal static HashSet<(string Table, string Column)> IdColumns(IModel model)
    {
        var columns = new HashSet<(string, string)>();
        foreach (var entity in model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table)
            {
                continue;
            }

            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var keyed = entity.GetKeys().Where(k => k.IsPrimaryKey()).Select(k => k.Properties)
                .Concat(entity.GetIndexes().Where(i => i.IsUnique).Select(i => i.Properties));
            foreach (var property in keyed.SelectMany(p => p).Where(p => p.ClrType == typeof(string)))
            {
                if (property.GetColumnName(store) is { } column)
                {
                    columns.Add((table, column));
                }
            }
        }

        return columns;
    }

    /// <summary>A row of <see cref="ColumnCollationsSql"/>.</summary>
    private sealed class CollatedColumn
    {
        public string Table { get; set; } = string.Empty;

        public string Column { get; set; } = string.Empty;

        public string Collation { get; set; } = string.Empty;
    }
}
