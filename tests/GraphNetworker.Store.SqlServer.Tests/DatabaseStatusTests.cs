using System.Data;
using System.Data.Common;
using GraphNetworker.Store.Migrations;
using GraphNetworker.Store.Repositories;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace GraphNetworker.Store.SqlServer.Tests;

/// <summary>
/// What <c>doctor</c> reads from SQL Server / Azure SQL, with no server behind it: the catalog queries are captured,
/// parsed by SQL Server's own parser and answered as a database created with a case-insensitive collation would answer.
/// </summary>
public sealed class DatabaseStatusTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_OnSqlServer_ReportsAppliedAndPendingMigrations_AndTheCaseInsensitiveIdColumns()
    {
        var contexts = new SqlServerContexts(Answer);

        var state = await new DatabaseStatus(contexts).ReadAsync(Ct);

        Assert.Equal(StoreProvider.SqlServer, state.Provider);
        Assert.Equal([Initial.MigrationId, SyncHealthAndOutlookWrites.MigrationId], state.Applied);
        Assert.Equal([OneModel.MigrationId, OneModelBackfill.MigrationId, LeaseFencing.MigrationId,
            NumberMailboxesAndFolders.MigrationId, CompactItems.MigrationId, DropLegacyInteractions.MigrationId, EvaluationState.MigrationId], state.Pending);
        Assert.Empty(state.Unknown);
        var collations = Assert.IsType<IdCollations>(state.Collations);
        Assert.Equal("SQL_Latin1_General_CP1_CI_AS", collations.Database);
        Assert.False(collations.DatabaseIsCaseSensitive);

        // Only columns of a key or a unique index count; a subject or a display name may ignore case.
        Assert.Equal([("FolderCursors", "FolderId"), ("FolderCursors", "MailboxId"), ("Mailboxes", "Id")], collations.Columns.Select(c => (c.Table, c.Column)));
        Assert.Equal([("FolderCursors", "FolderId")], collations.CaseInsensitive.Select(c => (c.Table, c.Column)));
    }

    [Fact]
    public async Task ReadAsync_OnSqlServer_AsksTheCatalogInValidTSql_ForTheTablesOfTheDefaultSchema()
    {
        var contexts = new SqlServerContexts(Answer);

        await new DatabaseStatus(contexts).ReadAsync(Ct);

        var catalog = Assert.Single(contexts.Commands, c => c.Contains("sys.columns", StringComparison.Ordinal));
        var select = Assert.IsType<SelectStatement>(Parsed(catalog));
        Assert.Contains("INNER JOIN sys.tables", catalog, StringComparison.Ordinal);
        Assert.Contains("SCHEMA_ID()", catalog, StringComparison.Ordinal);
        Assert.Contains("[collation_name]", catalog, StringComparison.Ordinal);
        Assert.NotNull(select.QueryExpression);
        Assert.IsType<SelectStatement>(Parsed(Assert.Single(contexts.Commands, c => c.Contains("DATABASEPROPERTYEX(DB_NAME(), 'Collation')", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData("Latin1_General_100_BIN2", true)]
    [InlineData("Latin1_General_BIN", true)]
    [InlineData("Latin1_General_100_CS_AS", true)]
    [InlineData("Latin1_General_100_BIN2_UTF8", true)]
    [InlineData("SQL_Latin1_General_CP1_CI_AS", false)]
    [InlineData("Latin1_General_100_CI_AS_SC_UTF8", false)]
    [InlineData("Cyrillic_General_CI_AS", false)]
    public void IsCaseSensitive_ReadsTheCollationsNameParts(string collation, bool expected) =>
        Assert.Equal(expected, ColumnCollation.IsCaseSensitive(collation));

    /// <summary>A database at the second migration, its id columns as a case-insensitive server creates them, one fixed.</summary>
    private static DbDataReader Answer(DbCommand command)
    {
        var text = command.CommandText;
        if (text.Contains("__EFMigrationsHistory", StringComparison.Ordinal) && text.Contains("[MigrationId]", StringComparison.Ordinal))
        {
            return Table(["MigrationId", "ProductVersion"], [Initial.MigrationId, "10.0.15"], [SyncHealthAndOutlookWrites.MigrationId, "10.0.15"]);
        }

        if (text.Contains("DATABASEPROPERTYEX", StringComparison.Ordinal))
        {
            return Table(["Value"], ["SQL_Latin1_General_CP1_CI_AS"]);
        }

        if (text.Contains("sys.columns", StringComparison.Ordinal))
        {
            return Table(["Table", "Column", "Collation"],
                ["Mailboxes", "Id", "Latin1_General_100_BIN2"],
                ["FolderCursors", "MailboxId", "Latin1_General_100_CS_AS"],
                ["FolderCursors", "FolderId", "SQL_Latin1_General_CP1_CI_AS"],
                ["Items", "Subject", "SQL_Latin1_General_CP1_CI_AS"],
                ["Mailboxes", "DisplayName", "SQL_Latin1_General_CP1_CI_AS"]);
        }

        // EF Core asks whether the history table exists (OBJECT_ID) before reading it.
        return Table(["Value"], [1]);
    }

    private static DbDataReader Table(string[] columns, params object[][] rows)
    {
        var table = new DataTable();
        foreach (var (column, index) in columns.Select((c, i) => (c, i)))
        {
            table.Columns.Add(column, rows.Length > 0 ? rows[0][index].GetType() : typeof(string));
        }

        foreach (var row in rows)
        {
            table.Rows.Add(row);
        }

        return table.CreateDataReader();
    }

    private static TSqlStatement Parsed(string sql) => SqlServerTranslationTests.Parsed(sql);
}
