using System.Data;
using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Repositories;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace GraphNetworker.Store.SqlServer.Tests;

/// <summary>
/// The statements that keep two workers apart, as EF Core translates them for SQL Server / Azure SQL (no server here:
/// the commands are captured, then parsed by SQL Server's own T-SQL parser). What makes each correct on SQL Server is
/// checked: one atomic statement, the server's clock, the fence's conditions.
/// </summary>
public sealed class SqlServerTranslationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly LeaseFence Fence = new("5e000000-0000-4000-8000-000000000001", "worker-1", 7);

    [Fact]
    public async Task LeaseTake_IsOneUpdate_JudgedByTheServersClock_BumpingTheEpoch()
    {
        var contexts = new SqlServerContexts(_ => Epoch(8));

        var fence = await new MailboxLeases(contexts).TryAcquireAsync(Fence.MailboxId, "worker-1", TimeSpan.FromMinutes(5), Ct);

        Assert.Equal(8, fence?.Epoch);
        var update = Parsed(contexts.Commands[0]);
        Assert.IsType<UpdateStatement>(update);
        var text = contexts.Commands[0];
        Assert.Contains("GETUTCDATE()", text, StringComparison.Ordinal);
        Assert.Contains("DATEADD(", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("[LeaseEpoch] + CAST(1 AS bigint)", text, StringComparison.Ordinal);
        Assert.Contains("[ScopeState]", text, StringComparison.Ordinal);
        Assert.IsType<SelectStatement>(Parsed(contexts.Commands[1]));
        Assert.Equal(2, contexts.Commands.Count);
    }

    [Fact]
    public async Task LeaseRenewAndRelease_AreConditionalOnOwnerAndEpoch()
    {
        var contexts = new SqlServerContexts();
        var leases = new MailboxLeases(contexts);

        await leases.RenewAsync(Fence, TimeSpan.FromMinutes(5), Ct);
        await leases.ReleaseAsync(Fence, Ct);

        Assert.All(contexts.Commands, c => Assert.IsType<UpdateStatement>(Parsed(c)));
        Assert.All(contexts.Commands, c => Assert.Contains("[LeaseOwner] = @", c, StringComparison.Ordinal));
        Assert.All(contexts.Commands, c => Assert.Contains("[LeaseEpoch] = @", c, StringComparison.Ordinal));
        Assert.Contains("GETUTCDATE()", contexts.Commands[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FenceCheck_IsAnUpdateOfTheMailboxRow_SoItHoldsTheRowLockUntilTheWriteCommits()
    {
        var contexts = new SqlServerContexts();
        await using var db = contexts.CreateDbContext();

        await FencedWrites.HoldAsync(db, Fence, Ct);

        var text = Assert.Single(contexts.Commands);
        Assert.IsType<UpdateStatement>(Parsed(text));
        Assert.Contains("SET [m].[LeaseEpoch] = [m].[LeaseEpoch]", text, StringComparison.Ordinal);
        foreach (var condition in new[] { "[m].[Id] = @", "[m].[LeaseOwner] = @", "[m].[LeaseEpoch] = @", "[m].[ScopeState] = 0" })
        {
            Assert.Contains(condition, text, StringComparison.Ordinal);
        }
    }

    /// <summary>One statement, parsed by SQL Server's own parser with no errors.</summary>
    internal static TSqlStatement Parsed(string sql)
    {
        var script = (TSqlScript)new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        Assert.Empty(errors.Select(e => $"{e.Line}:{e.Column} {e.Message}"));
        return Assert.Single(script.Batches.SelectMany(b => b.Statements));
    }

    private static System.Data.Common.DbDataReader Epoch(long value)
    {
        var table = new DataTable();
        table.Columns.Add("LeaseEpoch", typeof(long));
        table.Rows.Add(value);
        return table.CreateDataReader();
    }
}
