using Microsoft.Extensions.Time.Testing;

namespace GraphNetworker.Store.Tests.Infrastructure;

/// <summary>
/// The base of every storage suite. A suite is written once against <typeparamref name="TServer"/> and declared
/// twice, once per provider (<c>…OnSqlite</c>, <c>…OnPostgres</c>), so SQLite and PostgreSQL run the same tests.
/// </summary>
public abstract class StoreTest<TServer> : IClassFixture<TServer>, IAsyncLifetime
    where TServer : StoreServer
{
    protected StoreTest(TServer server) => Server = server;

    protected TServer Server { get; }

    /// <summary>The test class's migrated database.</summary>
    protected TestDatabase Db => Server.Shared;

    /// <summary>Time moves only when the test says so.</summary>
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual ValueTask InitializeAsync()
    {
        Server.SkipOrFailWhenUnavailable();
        return ValueTask.CompletedTask;
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
