using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace GraphNetworker.Store.Tests.Migrations;

/// <summary>
/// The provider-neutral migrations against EF Core's own differ, for the provider a context is configured with: each
/// migration's operations are exactly what the differ generates between its frozen model and the previous one, and the
/// last frozen model is the snapshot. So a migration written (or made neutral) by hand is what <c>dotnet ef migrations
/// add</c> would have generated for that provider. Shared with GraphNetworker.Store.SqlServer.Tests (linked there).
/// </summary>
internal static class FrozenModels
{
    private const string SqliteAutoincrement = "Sqlite:Autoincrement";
    private const string NpgsqlStrategy = "Npgsql:ValueGenerationStrategy";
    private const string SqlServerIdentity = "SqlServer:Identity";

    public static void AssertEachMigrationIsTheDifference(DbContext db)
    {
        var migrations = db.GetService<IMigrationsAssembly>();
        var differ = db.GetService<IMigrationsModelDiffer>();
        var initializer = db.GetService<IModelRuntimeInitializer>();
        IRelationalModel? previous = null;
        foreach (var (id, type) in migrations.Migrations.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var migration = migrations.CreateMigration(type, db.Database.ProviderName!);
            var target = initializer.Initialize(((IMutableModel)migration.TargetModel!).FinalizeModel()).GetRelationalModel();

            var written = migration.UpOperations.SelectMany(Describe).Order(StringComparer.Ordinal).ToList();
            var implied = differ.GetDifferences(previous, target).SelectMany(Describe).Order(StringComparer.Ordinal).ToList();

            Assert.True(written.SequenceEqual(implied), $"{id} on {db.Database.ProviderName}: the operations differ from its frozen model.\nWritten:\n  {string.Join("\n  ", written.Except(implied))}\nImplied:\n  {string.Join("\n  ", implied.Except(written))}");
            previous = target;
        }

        var snapshot = migrations.ModelSnapshot!.Model;
        snapshot = initializer.Initialize(snapshot is IMutableModel mutable && !((Annotatable)mutable).IsReadOnly ? mutable.FinalizeModel() : snapshot);
        Assert.Empty(differ.GetDifferences(previous, snapshot.GetRelationalModel()));
    }

    /// <summary>What an operation changes in the schema, one line per fact (names, types, nullability, lengths, keys, identity, index filters).</summary>
    private static IEnumerable<string> Describe(MigrationOperation operation) => operation switch
    {
        CreateTableOperation t =>
        [
            $"table {t.Name} key ({string.Join(", ", t.PrimaryKey!.Columns)})",
            .. t.Columns.Select(c => Column(t.Name, c)),
            .. t.ForeignKeys.Select(f => $"foreign key {t.Name} ({string.Join(", ", f.Columns)}) -> {f.PrincipalTable} ({string.Join(", ", f.PrincipalColumns!)}) {f.OnDelete}"),
        ],
        AddColumnOperation c => [Column(c.Table, c)],
        CreateIndexOperation i => [$"index {i.Table}.{i.Name}{(i.IsUnique ? " unique" : string.Empty)} ({string.Join(", ", i.Columns)}){(i.Filter is { } filter ? $" where {filter}" : string.Empty)}"],
        SqlOperation => [],
        _ => [operation.GetType().Name],
    };

    /// <summary>A column; identity as any provider marks it (a neutral migration carries every provider's mark, EF's differ only its own).</summary>
    private static string Column(string table, ColumnOperation c)
    {
        var identity = c[SqliteAutoincrement] is true || c[NpgsqlStrategy] is not null || c[SqlServerIdentity] is not null ? " identity" : string.Empty;
        return $"column {table}.{c.Name} {c.ClrType.Name}{(c.MaxLength is { } max ? $"({max})" : string.Empty)} {(c.IsNullable ? "null" : "not null")}{identity}";
    }
}
