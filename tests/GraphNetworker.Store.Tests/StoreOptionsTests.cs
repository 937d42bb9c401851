using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Store.Tests;

/// <summary>A wrong store configuration stops the worker at start with a message that names the key.</summary>
public sealed class StoreOptionsTests
{
    [Fact]
    public void Validate_PostgreSqlWithoutConnectionString_FailsNamingTheKey()
    {
        using var services = Build(new() { ["GraphNetworker:Store:Provider"] = "PostgreSql" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("GraphNetworker:Store:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CommandTimeoutOutOfRange_FailsNamingTheSetting()
    {
        using var services = Build(new() { ["GraphNetworker:Store:CommandTimeout"] = "02:00:00" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("CommandTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SqliteWithoutConnectionString_UsesAFileInTheDataFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "graphnetworker-options-test");
        using var services = Build(new() { ["GraphNetworker:Store:DataFolder"] = folder });

        services.GetRequiredService<IStartupValidator>().Validate();

        var options = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        Assert.StartsWith($"Data Source={Path.Combine(folder, "graphnetworker.db")};", options.EffectiveConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateDbContext_SqlServerWithoutItsProviderRegistered_FailsNamingTheRegistration()
    {
        using var services = Build(SqlServer);

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IDbContextFactory<GraphNetworkerDbContext>>().CreateDbContext());

        Assert.Contains("AddSqlServerStoreProvider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSql_ConnectionsPerWorker_AreBoundedByMaxConnections_UnlessTheConnectionStringSetsItsOwn()
    {
        using var services = Build(new()
        {
            ["GraphNetworker:Store:Provider"] = "PostgreSql",
            ["GraphNetworker:Store:ConnectionString"] = "Host=db.example;Database=graphnetworker;Username=worker",
            ["GraphNetworker:Store:MaxConnections"] = "12",
        });
        using var db = services.GetRequiredService<IDbContextFactory<GraphNetworkerDbContext>>().CreateDbContext();

        Assert.Equal(12, new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).MaxPoolSize);

        var options = new StoreOptions { MaxConnections = 12 };
        Assert.Equal("Host=db;Max Pool Size=50", options.WithPoolLimit("Host=db;Max Pool Size=50", "Maximum Pool Size", "MaxPoolSize", "Max Pool Size"));
    }

    [Fact]
    public void SqlServer_ConnectionsPerWorker_AreBoundedByMaxConnections()
    {
        var options = new StoreOptions { MaxConnections = 20 };

        var bounded = options.WithPoolLimit(SqlServer["GraphNetworker:Store:ConnectionString"]!, "Max Pool Size", "MaxPoolSize");

        Assert.Contains("Max Pool Size=20", bounded, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Server=x;MaxPoolSize=7", options.WithPoolLimit("Server=x;MaxPoolSize=7", "Max Pool Size", "MaxPoolSize"));
    }

    private static Dictionary<string, string?> SqlServer => new()
    {
        ["GraphNetworker:Store:Provider"] = "SqlServer",
        ["GraphNetworker:Store:ConnectionString"] = "Server=tcp:contoso.database.windows.net,1433;Database=graphnetworker;Authentication=Active Directory Managed Identity",
    };

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddGraphNetworkerStore();
        return services.BuildServiceProvider();
    }
}
