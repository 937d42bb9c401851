using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Store.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Store.Tests.Repositories;

public sealed class MailboxLeaseTestsOnSqlite(SqliteServer server) : MailboxLeaseTests<SqliteServer>(server);

public sealed class MailboxLeaseTestsOnPostgres(PostgresServer server) : MailboxLeaseTests<PostgresServer>(server);

/// <summary>Two workers on one database (a rolling deployment) never sync one mailbox at once.</summary>
public abstract class MailboxLeaseTests<TServer>(TServer server) : StoreTest<TServer>(server)
    where TServer : StoreServer
{
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task TryAcquire_TwentyWorkersRaceForOneMailbox_ExactlyOneWins()
    {
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var workerA = Db.Services(Clock);
        await using var workerB = Db.Services(Clock);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Twenty attempts from two processes, each on its own context and connection, released together.
        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            var leases = (i % 2 == 0 ? workerA : workerB).GetRequiredService<MailboxLeases>();
            var owner = $"worker-{i:00}";
            await start.Task;
            return (Owner: owner, Won: await leases.TryAcquireAsync(mailbox.Id, owner, Duration, Ct));
        }, Ct)).ToList();
        start.SetResult();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Won);
        var stored = await TestData.ReadMailboxAsync(Db, mailbox.Id, Ct);
        Assert.Equal(winner.Owner, stored.LeaseOwner);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime + Duration, stored.LeaseExpiresAt);
    }

    [Fact]
    public async Task TryAcquire_HeldByOtherWorker_FailsUntilTheLeaseExpires()
    {
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var services = Db.Services(Clock);
        var leases = services.GetRequiredService<MailboxLeases>();
        Assert.True(await leases.TryAcquireAsync(mailbox.Id, "blue", Duration, Ct));

        Clock.Advance(Duration - TimeSpan.FromSeconds(1));
        Assert.False(await leases.TryAcquireAsync(mailbox.Id, "green", Duration, Ct));

        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await leases.TryAcquireAsync(mailbox.Id, "green", Duration, Ct));
        Assert.False(await leases.RenewAsync(mailbox.Id, "blue", Duration, Ct));
        Assert.Equal("green", (await TestData.ReadMailboxAsync(Db, mailbox.Id, Ct)).LeaseOwner);
    }

    [Fact]
    public async Task KeepAsync_RenewedBeforeExpiry_KeepsTheMailboxFromOtherWorkers()
    {
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var services = Db.Services(Clock);
        var leases = services.GetRequiredService<MailboxLeases>();
        await using var lease = await MailboxLease.TryTakeAsync(leases, mailbox.Id, "blue", Duration, Clock, Ct);
        Assert.NotNull(lease);

        // Past a third of the lease the next KeepAsync renews it; past the first expiry it is still ours.
        Clock.Advance(TimeSpan.FromMinutes(2));
        await lease.KeepAsync(Ct);
        Clock.Advance(TimeSpan.FromMinutes(4));

        Assert.False(await leases.TryAcquireAsync(mailbox.Id, "green", Duration, Ct));
        Assert.Equal(Clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(1), (await TestData.ReadMailboxAsync(Db, mailbox.Id, Ct)).LeaseExpiresAt);
    }

    [Fact]
    public async Task KeepAsync_LeaseTakenByOtherWorker_ThrowsLeaseLostException()
    {
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var services = Db.Services(Clock);
        var leases = services.GetRequiredService<MailboxLeases>();
        var lease = await MailboxLease.TryTakeAsync(leases, mailbox.Id, "blue", Duration, Clock, Ct);
        Assert.NotNull(lease);

        // Blue stalls past its lease (a long GC pause, a partition); green takes the mailbox.
        Clock.Advance(Duration + TimeSpan.FromSeconds(1));
        Assert.True(await leases.TryAcquireAsync(mailbox.Id, "green", Duration, Ct));

        var lost = await Assert.ThrowsAsync<LeaseLostException>(() => lease.KeepAsync(Ct));
        Assert.Equal(mailbox.Id, lost.MailboxId);

        // Blue's release on the way out must not free green's lease.
        await lease.DisposeAsync();
        Assert.Equal("green", (await TestData.ReadMailboxAsync(Db, mailbox.Id, Ct)).LeaseOwner);
        Assert.False(await leases.TryAcquireAsync(mailbox.Id, "blue", Duration, Ct));
    }

    [Fact]
    public async Task DisposeAsync_HeldLease_FreesTheMailboxAtOnce()
    {
        var mailbox = await TestData.AddMailboxAsync(Db, Clock.GetUtcNow().UtcDateTime, Ct);
        await using var services = Db.Services(Clock);
        var leases = services.GetRequiredService<MailboxLeases>();
        var lease = await MailboxLease.TryTakeAsync(leases, mailbox.Id, "blue", Duration, Clock, Ct);
        Assert.NotNull(lease);
        Assert.Null(await MailboxLease.TryTakeAsync(leases, mailbox.Id, "green", Duration, Clock, Ct));

        await lease.DisposeAsync();

        var stored = await TestData.ReadMailboxAsync(Db, mailbox.Id, Ct);
        Assert.Equal((null, null), (stored.LeaseOwner, stored.LeaseExpiresAt));
        await using var green = await MailboxLease.TryTakeAsync(leases, mailbox.Id, "green", Duration, Clock, Ct);
        Assert.NotNull(green);
    }

    [Fact]
    public async Task TryAcquire_UnknownMailbox_ReturnsFalse()
    {
        await using var services = Db.Services(Clock);

        Assert.False(await services.GetRequiredService<MailboxLeases>().TryAcquireAsync(Guid.NewGuid().ToString(), "blue", Duration, Ct));
    }
}
