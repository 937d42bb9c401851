using GraphNetworker.Tests.Common;

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
    protected TestTimeProvider Clock { get; } = new("2026-03-02T09:00:00Z");

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
