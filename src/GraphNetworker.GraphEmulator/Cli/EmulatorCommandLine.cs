using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace GraphNetworker.GraphEmulator.Cli;

/// <summary>
/// <c>dotnet run --project src/GraphNetworker.GraphEmulator -- --tenant synthetic:users=3,months=12,seed=42 --urls http://127.0.0.1:5080</c>.
/// Options come from the command line, then environment variables (<c>Emulator__Latency</c>…), bound to
/// <see cref="GraphEmulatorOptions"/> and validated before anything starts.
/// </summary>
internal static class EmulatorCommandLine
{
    private static readonly Dictionary<string, string> Switches = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--tenant"] = "Emulator:Tenant",
        ["--urls"] = "Emulator:Url",
        ["--url"] = "Emulator:Url",
        ["--max-page-size"] = "Emulator:MaxPageSize",
        ["--default-page-size"] = "Emulator:DefaultPageSize",
        ["--latency"] = "Emulator:Latency",
        ["--throttling"] = "Emulator:Throttling:Enabled",
        ["--throttle-concurrency"] = "Emulator:Throttling:ConcurrentPerMailbox",
        ["--throttle-requests"] = "Emulator:Throttling:RequestsPerWindow",
        ["--throttle-window"] = "Emulator:Throttling:Window",
        ["--thin-occurrences"] = "Emulator:Delta:ThinOccurrences",
        ["--replay"] = "Emulator:Delta:ReplayItems",
        ["--empty-pages"] = "Emulator:Delta:EmptyPages",
        ["--oversized-recurring-pages"] = "Emulator:Delta:OversizedRecurringPages",
        ["--expired-token-response"] = "Emulator:Delta:ExpiredTokenResponse",
        ["--max-token-age"] = "Emulator:Delta:MaxTokenAge",
        ["--request-log-capacity"] = "Emulator:RequestLogCapacity",
        ["--shuffle-batch"] = "Emulator:ShuffleBatchResponses",
        ["--duplicate-transaction-status"] = "Emulator:DuplicateTransactionIdStatus",
        ["--fidelity"] = "Cli:Fidelity",
        ["--legacy"] = "Cli:Legacy",
        ["--token-roles"] = "Cli:TokenRoles",
        ["--clock"] = "Cli:Clock",
        ["--export"] = "Cli:Export",
        ["--export-on-exit"] = "Cli:ExportOnExit",
        ["--self-check"] = "Cli:SelfCheck",
    };

    private static readonly HashSet<string> Flags = new(StringComparer.OrdinalIgnoreCase)
    {
        "--thin-occurrences", "--replay", "--empty-pages", "--oversized-recurring-pages", "--shuffle-batch",
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            Console.WriteLine(Help.Text);
            return 0;
        }

        IConfiguration config;
        GraphEmulatorOptions options;
        try
        {
            (config, options) = Parse(args, environment: true);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException)
        {
            await Console.Error.WriteLineAsync("Invalid option: " + ex.Message);
            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        options.LoggerFactory = loggerFactory;
        GraphEmulatorServer server;
        try
        {
            server = await GraphEmulatorServer.StartAsync(options);
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("Invalid configuration: " + string.Join("; ", ex.Failures));
            return 2;
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or InvalidDataException or FormatException or IOException)
        {
            await Console.Error.WriteLineAsync("Cannot load the tenant: " + ex.Message);
            return 2;
        }

        await using (server)
        {
            if (config["Cli:Export"] is { } exportPath)
            {
                server.Control.ExportSnapshot(exportPath);
                Console.WriteLine($"Tenant written to {exportPath}");
                return 0;
            }

            if (config["Cli:SelfCheck"] is { } selfCheck)
            {
                await SelfCheck.RunAsync(server, int.Parse(selfCheck, CultureInfo.InvariantCulture), Console.Out);
                return 0;
            }

            // Listening for the signals before saying how to stop: a Ctrl+C right after the line must stop it cleanly.
            var shutdown = WaitForShutdownAsync(() =>
            {
                Console.WriteLine($"Graph emulator: {server.BaseUrl}  (bearer token: {GraphEmulatorOptions.DeveloperToken})");
                Console.WriteLine($"Control API:    {server.ControlUrl}/state  (Authorization: Bearer <Emulator:ControlToken>; Ctrl+C to stop)");
            });
            await shutdown;
            if (config["Cli:ExportOnExit"] is { } exitPath)
            {
                server.Control.ExportSnapshot(exitPath);
                Console.WriteLine($"Tenant written to {exitPath}");
            }
        }

        return 0;
    }

    /// <summary>
    /// The options the command line (and, when asked, the environment) describes. <c>--fidelity strict|legacy</c>
    /// picks the preset, then <c>Emulator:Fidelity:*</c> keys change single behaviours, then <c>--legacy a,b</c>
    /// takes the named behaviours from the legacy preset.
    /// </summary>
    internal static (IConfiguration Config, GraphEmulatorOptions Options) Parse(string[] args, bool environment)
    {
        var builder = new ConfigurationBuilder();
        if (environment)
        {
            builder.AddEnvironmentVariables();
        }

        var config = builder.AddCommandLine(ExpandFlags(args), Switches).Build();
        var options = new GraphEmulatorOptions
        {
            Fidelity = config["Cli:Fidelity"]?.Trim().ToLowerInvariant() switch
            {
                null or "strict" => GraphFidelityOptions.Strict,
                "legacy" => GraphFidelityOptions.Legacy,
                var other => throw new FormatException($"--fidelity must be 'strict' or 'legacy', not '{other}'."),
            },
        };
        config.GetSection(GraphEmulatorOptions.SectionName).Bind(options);
        if (config["Cli:Legacy"] is { } legacy)
        {
            options.Fidelity.UseLegacy(legacy.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        TokenRolesParser.Apply(config["Cli:TokenRoles"], options);
        if (config["Cli:Clock"] is { } clock)
        {
            var start = DateTimeOffset.Parse(clock, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            options.TimeProvider = new ShiftedTimeProvider(TimeProvider.System, start - TimeProvider.System.GetUtcNow());
        }

        return (config, options);
    }

    /// <summary>Listens for SIGINT and SIGTERM, runs <paramref name="listening"/>, and completes at the first signal.</summary>
    private static async Task WaitForShutdownAsync(Action listening)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopped.TrySetResult();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        listening();
        await stopped.Task;
    }

    /// <summary>Boolean switches may be given without a value (<c>--replay</c>).</summary>
    private static string[] ExpandFlags(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            result.Add(args[i]);
            if (Flags.Contains(args[i]) && (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                result.Add("true");
            }
        }

        return result.ToArray();
    }
}
