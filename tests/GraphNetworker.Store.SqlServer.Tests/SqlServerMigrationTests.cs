using GraphNetworker.Store.Tests.Migrations;

namespace GraphNetworker.Store.SqlServer.Tests;

/// <summary>
/// The one provider-neutral migration set as SQL Server's own differ sees it: the provider as the worker configures it,
/// no server needed (the differ compares models).
/// </summary>
public sealed class SqlServerMigrationTests
{
    [Fact]
    public void FrozenModels_EachMigration_IsExactlyTheDifferenceBetweenItsModelAndThePreviousOne()
    {
        using var db = new SqlServerContexts().CreateDbContext();

        FrozenModels.AssertEachMigrationIsTheDifference(db);
    }
}
