using System.Data;
using System.Text.RegularExpressions;
using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace GraphNetworker.Store.SqlServer.Tests;

/// <summary>
/// The statements that keep two workers apart, and the purge, as EF Core translates them for SQL Server / Azure SQL (no
/// server here: the commands and transactions are captured, then parsed by SQL Server's own T-SQL parser). What makes
/// each correct on SQL Server is checked: one atomic statement, the server's clock, the fence's conditions, one
/// transaction.
/// </summary>
public sealed partial class SqlServerTranslationTests
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

    [Fact]
    public async Task Purge_FencesFirst_ThenClearsEveryTableTheMailboxOwns_AllInOneTransaction()
    {
        var contexts = new SqlServerContexts();
        await using var db = contexts.CreateDbContext();
        var owned = db.Model.GetEntityTypes()
            .Where(e => e.GetForeignKeys().Any(f => f.PrincipalEntityType.ClrType == typeof(Mailbox) && f.DeleteBehavior == DeleteBehavior.Cascade))
            .Select(e => e.GetTableName()!)
            .Append("ExclusionRules")
            .ToHashSet(StringComparer.Ordinal);

        await new MailboxPurge(contexts, TimeProvider.System).PurgeAsync(Fence.MailboxId, ScopeState.OptedOut, Ct);

        // One transaction around everything, committed once: a purge lands whole or not at all.
        Assert.Equal("begin", contexts.Log[0]);
        Assert.Equal("commit", contexts.Log[^1]);
        Assert.Equal(contexts.Commands.Count + 2, contexts.Log.Count);
        Assert.All(contexts.Log[1..^1], l => Assert.StartsWith("[1] ", l, StringComparison.Ordinal));
        var statements = contexts.Commands.Select(c => (Text: c, Statement: Parsed(c))).ToList();

        // The fence comes first and locks the mailbox's row: a new epoch, no owner, out of scope. A write of a worker
        // still holding the old lease fails its own fence check from here on, so nothing lands after the purge.
        var fence = statements[0];
        Assert.IsType<UpdateStatement>(fence.Statement);
        foreach (var part in new[] { "UPDATE [m]", "[Mailboxes] AS [m]", "[LeaseEpoch] = [m].[LeaseEpoch] + CAST(1 AS bigint)", "[LeaseOwner] = NULL", "[LeaseExpiresAt] = NULL", "[ScopeState] = ", "WHERE [m].[Id] = @" })
        {
            Assert.Contains(part, fence.Text, StringComparison.Ordinal);
        }

        // Then every table whose rows belong to the mailbox (each cascades from Mailboxes, and the user's own rules),
        // by the mailbox's id; the mailbox row itself stays, so the scope remembers the user.
        var deletes = statements.Skip(1).Where(s => s.Statement is DeleteStatement).ToList();
        Assert.Equal(owned, deletes.Select(d => DeletedTable().Match(d.Text).Groups[1].Value).ToHashSet(StringComparer.Ordinal));
        // Items and correspondents are keyed by the mailbox's number, taken from its row by id in the same statement.
        Assert.All(deletes, d => Assert.True(
            d.Text.Contains("[MailboxId] = @", StringComparison.Ordinal) || (d.Text.Contains("[MailboxNumber] IN (", StringComparison.Ordinal) && d.Text.Contains("[Id] = @", StringComparison.Ordinal)),
            d.Text));
        Assert.DoesNotContain("Mailboxes", deletes.Select(d => DeletedTable().Match(d.Text).Groups[1].Value));
        Assert.All(statements.Skip(1).Where(s => s.Statement is not DeleteStatement), s => Assert.Contains("UPDATE [m]", s.Text, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"FROM \[(\w+)\] AS \[\w+\]")]
    private static partial Regex DeletedTable();

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
