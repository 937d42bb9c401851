using System.CommandLine;
using GraphNetworker.Store;
using GraphNetworker.Worker.Hosting;
using Microsoft.Extensions.Logging.Console;

namespace GraphNetworker.Worker.Commands;

/// <summary>Options every command shares, and the host each command runs its work in.</summary>
public static class CommandHost
{
    public static readonly Option<string> Data = new("--data")
    {
        Description = "Folder for the SQLite database and local state (default: ./data). Keeps runs apart.",
        DefaultValueFactory = _ => "data",
        Recursive = true,
    };

    public static Option<string> Mailbox(bool required = true) => new("--mailbox")
    {
        Description = "The mailbox: user principal name, address or user id.",
        Required = required,
    };

    /// <summary>
    /// Configuration in the usual .NET order (appsettings.json, appsettings.{Environment}.json, environment variables),
    /// then the command line's own settings. An explicit <c>--data</c> wins over GraphNetworker:Store:DataFolder;
    /// without it, the configured folder (default ./data) is used.
    /// </summary>
    public static void Configure(IConfigurationBuilder configuration, ParseResult parse, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (parse.GetResult(Data) is { Implicit: false })
        {
            settings[StoreOptions.SectionName + ":DataFolder"] = DataFolder(parse);
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        configuration.AddInMemoryCollection(settings);
    }

    /// <summary>The folder given with --data, or ./data. The demo always uses it; other commands use it only when given.</summary>
    public static string DataFolder(ParseResult parse) => Path.GetFullPath(parse.GetValue(Data) ?? "data");

    /// <summary>
    /// The worker's services for a one-off command, its store migrated (unless <paramref name="migrate"/> is false: a
    /// check reads the database as it is), its warnings on the console and, when given, to <paramref name="logs"/> too.
    /// The host is not started (no background loop), so options are validated when a command first uses them: a report
    /// needs no Graph settings.
    /// </summary>
    public static async Task<IHost> StartAsync(
        ParseResult parse, CancellationToken cancellationToken, IDictionary<string, string?>? overrides = null, bool migrate = true, ILoggerProvider? logs = null)
    {
        // The working directory is the content root, as for 'run': its appsettings.json comes before environment variables.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
        Configure(builder.Configuration, parse, overrides);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // Logs go to stderr, whatever their level: stdout is the command's own output (report --format json is parsed).
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddGraphNetworkerWorker();

        var host = builder.Build();
        if (migrate)
        {
            await host.Services.GetRequiredService<StoreMigrator>().MigrateAsync(cancellationToken);
        }

        return host;
    }
}
