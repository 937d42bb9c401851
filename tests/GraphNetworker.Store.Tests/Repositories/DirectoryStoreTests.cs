using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Store.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Store.Tests.Repositories;

public sealed class DirectoryStoreTestsOnSqlite(SqliteServer server) : DirectoryStoreTests<SqliteServer>(server);

public sealed class DirectoryStoreTestsOnPostgres(PostgresServer server) : DirectoryStoreTests<PostgresServer>(server);

/// <summary>The directory as Graph gives it, stored whole even where Graph's values are longer than the store's columns.</summary>
public abstract class DirectoryStoreTests<TServer>(TServer server) : StoreTest<TServer>(server)
    where TServer : StoreServer
{
    /// <summary>
    /// Graph bounds no address: a group's legacy X500 proxy address, or a user's mail, longer than the address columns
    /// (320 characters) would fail the whole refresh on a server that enforces them, and every cycle after. That one
    /// address is left out (a user falls back to their principal name); everything else is stored.
    /// </summary>
    [Fact]
    public async Task Apply_AddressesLongerThanTheColumns_AreLeftOut_TheRestOfTheDirectoryIsStored()
    {
        var domain = $"d{Guid.NewGuid():N}.example";
        var longX500 = "X500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=" + new string('a', 300);
        var longMail = new string('m', 320) + "@" + domain;
        await using var services = Db.Services(Clock);
        var store = services.GetRequiredService<DirectoryStore>();

        var applied = await store.ApplyAsync(new DirectoryObservation(
            [
                new ObservedUser { Id = Guid.NewGuid().ToString(), Mail = longMail, UserPrincipalName = "long.mail@" + domain, ProxyAddresses = ["SMTP:" + longMail], AccountEnabled = true },
                new ObservedUser { Id = Guid.NewGuid().ToString(), Mail = "plain@" + domain, UserPrincipalName = "plain@" + domain, AccountEnabled = true },
            ],
            [],
            [new ObservedGroup(Guid.NewGuid().ToString(), "Team list", "team@" + domain, ["SMTP:team@" + domain, longX500])]), Ct);

        Assert.True(applied);
        await using var db = Db.CreateContext();
        var people = await db.DirectoryUsers.AsNoTracking().Where(u => u.PrimaryAddress.EndsWith(domain)).Select(u => u.PrimaryAddress).ToListAsync(Ct);
        Assert.Equal(["long.mail@" + domain, "plain@" + domain], people.Order(StringComparer.Ordinal));
        var groups = await db.DirectoryAddresses.AsNoTracking().Where(a => a.Kind == Entities.DirectoryAddressKind.Group).Select(a => a.Address).ToListAsync(Ct);
        Assert.Contains("team@" + domain, groups);
        Assert.All(groups, a => Assert.True(a.Length <= 320));
    }

    /// <summary>
    /// A departure is dated by the read that sees it happen. A person already disabled when the directory is first read
    /// left at a time nobody knows: no later read dates it (it was dated by the second read, as if they had left then).
    /// </summary>
    [Fact]
    public async Task Apply_DepartureIsDatedWhenSeen_OneAlreadyGoneStaysUndated()
    {
        var domain = $"d{Guid.NewGuid():N}.example";
        var (gone, leaving) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        await using var services = Db.Services(Clock);
        var store = services.GetRequiredService<DirectoryStore>();
        DirectoryObservation Read(bool leavingEnabled) => new(
            [
                new ObservedUser { Id = gone, Mail = "gone@" + domain, UserPrincipalName = "gone@" + domain, AccountEnabled = false },
                new ObservedUser { Id = leaving, Mail = "leaving@" + domain, UserPrincipalName = "leaving@" + domain, AccountEnabled = leavingEnabled },
            ],
            [],
            []);

        Assert.True(await store.ApplyAsync(Read(leavingEnabled: true), Ct));
        Clock.Advance(TimeSpan.FromDays(1));
        var seenLeaving = Clock.GetUtcNow().UtcDateTime;
        Assert.True(await store.ApplyAsync(Read(leavingEnabled: false), Ct));
        Clock.Advance(TimeSpan.FromDays(1));
        Assert.True(await store.ApplyAsync(Read(leavingEnabled: false), Ct));

        await using var db = Db.CreateContext();
        var leftAt = await db.DirectoryUsers.AsNoTracking().Where(u => u.Id == gone || u.Id == leaving).ToDictionaryAsync(u => u.Id, u => u.LeftAt, Ct);
        Assert.Null(leftAt[gone]);
        Assert.Equal(seenLeaving, leftAt[leaving]);
    }
}
