using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace GraphNetworker.Store.SqlServer.Tests;

/// <summary>
/// The provider-neutral migrations as SQL Server gets them: the idempotent script EF Core generates for the SQL
/// Server provider (what <c>dotnet ef migrations script --idempotent</c> prints) parses with SQL Server's own parser,
/// creates every table and unique index, and never puts an unbounded column into an index key.
/// </summary>
public sealed class SqlServerMigrationScriptTests
{
    private static string Script()
    {
        using var db = new SqlServerContexts().CreateDbContext();
        return db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }

    private static TSqlScript Parse(string sql, out IList<ParseError> errors) =>
        (TSqlScript)new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out errors);

    [Fact]
    public void IdempotentScript_ParsesAsTSql_WithNoErrors()
    {
        Parse(Script(), out var errors);

        Assert.Empty(errors.Select(e => $"{e.Line}:{e.Column} {e.Message}"));
    }

    [Fact]
    public void IdempotentScript_CreatesEveryTableOfTheModel_AndRecordsEveryMigration()
    {
        var script = Parse(Script(), out _);
        using var db = new SqlServerContexts().CreateDbContext();

        var created = script.Batches.SelectMany(b => b.Statements).SelectMany(Flatten).OfType<CreateTableStatement>()
            .Select(t => t.SchemaObjectName.BaseIdentifier.Value).ToHashSet(StringComparer.Ordinal);
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        Assert.Subset(created, tables);
        foreach (var migration in db.Database.GetMigrations())
        {
            Assert.Contains($"N'{migration}'", Script(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void IdempotentScript_UniqueIndexesOnIds_AndNoUnboundedColumnInAnyIndexKey()
    {
        var script = Parse(Script(), out _);
        var statements = script.Batches.SelectMany(b => b.Statements).SelectMany(Flatten).ToList();
        var unbounded = new HashSet<(string Table, string Column)>();
        foreach (var table in statements.OfType<CreateTableStatement>())
        {
            foreach (var column in table.Definition.ColumnDefinitions)
            {
                if (column.DataType is SqlDataTypeReference { Parameters: [{ LiteralType: LiteralType.Max }] })
                {
                    unbounded.Add((table.SchemaObjectName.BaseIdentifier.Value, column.ColumnIdentifier.Value));
                }
            }
        }

        var indexes = statements.OfType<CreateIndexStatement>().ToList();
        Assert.Contains(indexes, i => i.Unique && i.OnName.BaseIdentifier.Value == "Interactions");
        Assert.All(indexes, index => Assert.All(index.Columns, c =>
            Assert.DoesNotContain((index.OnName.BaseIdentifier.Value, c.Column.MultiPartIdentifier.Identifiers[^1].Value), unbounded)));
    }

    /// <summary>Statements inside the idempotent script's IF blocks, and those blocks' own statements.</summary>
    private static IEnumerable<TSqlStatement> Flatten(TSqlStatement statement) => statement switch
    {
        IfStatement branch => [.. Flatten(branch.ThenStatement), .. branch.ElseStatement is null ? [] : Flatten(branch.ElseStatement)],
        BeginEndBlockStatement block => block.StatementList.Statements.SelectMany(Flatten),
        ExecuteStatement exec when exec.ExecuteSpecification.ExecutableEntity is ExecutableProcedureReference { ProcedureReference.ProcedureReference.Name.BaseIdentifier.Value: "sp_executesql" } proc
            && proc.Parameters is [{ ParameterValue: StringLiteral inner }, ..] => Parse(inner.Value, out _).Batches.SelectMany(b => b.Statements).SelectMany(Flatten),
        _ => [statement],
    };
}
