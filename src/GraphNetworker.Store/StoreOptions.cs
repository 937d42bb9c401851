using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Store;

public enum StoreProvider
{
    /// <summary>The embedded default: a SQLite file in the data folder.</summary>
    Sqlite,
    PostgreSql,

    /// <summary>SQL Server or Azure SQL (the provider lives in GraphNetworker.Store.SqlServer, part of every build).</summary>
    SqlServer,
}

/// <summary>Where relationships are stored. Section <c>GraphNetworker:Store</c>.</summary>
public sealed class StoreOptions : IValidatableObject
{
    public const string SectionName = "GraphNetworker:Store";

    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>Required for PostgreSQL and SQL Server; for SQLite the default is a file in <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The folder for the SQLite file and other local state (the command line's <c>--data</c>).</summary>
    [Required]
    public string DataFolder { get; set; } = "data";

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The most connections one worker process holds to PostgreSQL or SQL Server at once (the pool's maximum, unless the
    /// connection string sets its own). A worker syncs dozens of mailboxes at once, several rounds each; past this,
    /// a round waits a moment for a connection instead of opening one the server refuses ("too many clients"). Keep
    /// replicas × this under the server's limit: Azure SQL's serverless GP_S_Gen5_1 (the infra's) runs 75 requests at
    /// once, a small Azure Database for PostgreSQL allows 50 connections.
    /// </summary>
    [Range(2, 1000)]
    public int MaxConnections { get; set; } = 20;

    /// <summary>
    /// <paramref name="connectionString"/> with <see cref="MaxConnections"/> as its pool's maximum, unless it names one
    /// itself under any of <paramref name="poolSizeKeys"/> (the provider's spellings).
    /// </summary>
    public string WithPoolLimit(string connectionString, string poolSizeKey, params string[] poolSizeKeys)
    {
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (poolSizeKeys.Append(poolSizeKey).Any(builder.ContainsKey))
        {
            return connectionString;
        }

        builder[poolSizeKey] = MaxConnections;
        return builder.ConnectionString;
    }

    /// <summary>The connection string in effect: the configured one, or the SQLite file in the data folder.</summary>
    public string EffectiveConnectionString =>
        !string.IsNullOrWhiteSpace(ConnectionString)
            ? ConnectionString
            : new SqliteConnectionStringBuilder
            {
                // Built, not interpolated: a ';' or '=' in the folder's name stays part of the path.
                DataSource = Path.Combine(DataFolder, "graphnetworker.db"),
                DefaultTimeout = (int)CommandTimeout.TotalSeconds,
                Pooling = true,
            }.ToString();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider != StoreProvider.Sqlite && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                $"GraphNetworker:Store:ConnectionString is required when GraphNetworker:Store:Provider is {Provider}.",
                [nameof(ConnectionString)]);
        }
    }
}

/// <summary>Validates <see cref="StoreOptions"/> on start, naming the configuration key that is wrong.</summary>
[OptionsValidator]
internal sealed partial class StoreOptionsValidator : IValidateOptions<StoreOptions>;
