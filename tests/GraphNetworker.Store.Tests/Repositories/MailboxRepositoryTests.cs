using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Store.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Store.Tests.Repositories;

public sealed class MailboxRepositoryTestsOnSqlite(SqliteServer server) : MailboxRepositoryTests<SqliteServer>(server);

public sealed class MailboxRepositoryTestsOnPostgres(PostgresServer server) : MailboxRepositoryTests<PostgresServer>(server);

/// <summary>The scope as the directory has it: mailboxes keyed by their immutable user id, never by a name that can be reused.</summary>
public abstract class MailboxRepositoryTests<TServer>(TServer server) : StoreTest<TServer>(server)
    where TServer : StoreServer
{
    [Fact]
    public async Task ApplyScope_NewHireGetsAFormerEmployeesUpn_BothRowsLive_TheNameFindsTheNewHire()
    {
        await using var services = Db.Services(Clock);
        var mailboxes = services.GetRequiredService<MailboxRepository>();
        var upn = $"dana.kim.{Guid.NewGuid():N}"[..24] + "@contoso.com";
        var former = new ScopeMember(Guid.NewGuid().ToString(), upn, upn, "Dana Kim", true);
        await mailboxes.ApplyScopeAsync([former], TimeSpan.Zero, Ct);
        await mailboxes.ApplyScopeAsync([], TimeSpan.Zero, Ct);
        await services.GetRequiredService<MailboxPurge>().PurgeAsync(former.Id, ScopeState.Purged, Ct);

        var newHire = new ScopeMember(Guid.NewGuid().ToString(), upn, upn, "Dana Kim", true);
        var scope = await mailboxes.ApplyScopeAsync([newHire], TimeSpan.Zero, Ct);

        Assert.Equal([newHire.Id], scope.ToSync.Select(m => m.Id));
        Assert.Equal(newHire.Id, (await mailboxes.FindByNameAsync(upn, Ct))?.Id);
        var stale = await TestData.ReadMailboxAsync(Db, former.Id, Ct);
        Assert.Equal((ScopeState.Purged, former.Id), (stale.ScopeState, stale.UserPrincipalName));
    }

    [Fact]
    public async Task ApplyScope_TwoLiveUsersSwapNames_BothKeepTheirOwnRows()
    {
        await using var services = Db.Services(Clock);
        var mailboxes = services.GetRequiredService<MailboxRepository>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (a, b) = ($"a.{suffix}@contoso.com", $"b.{suffix}@contoso.com");
        var first = new ScopeMember(Guid.NewGuid().ToString(), a, a, "A", true);
        var second = new ScopeMember(Guid.NewGuid().ToString(), b, b, "B", true);
        await mailboxes.ApplyScopeAsync([first, second], TimeSpan.Zero, Ct);

        var scope = await mailboxes.ApplyScopeAsync([first with { UserPrincipalName = b, Mail = b }, second with { UserPrincipalName = "renamed." + b, Mail = "renamed." + b }], TimeSpan.Zero, Ct);

        Assert.Equal(2, scope.ToSync.Count);
        Assert.Equal(first.Id, (await mailboxes.FindByNameAsync(b, Ct))?.Id);
        Assert.Equal(second.Id, (await mailboxes.FindByNameAsync("renamed." + b, Ct))?.Id);
    }
}
