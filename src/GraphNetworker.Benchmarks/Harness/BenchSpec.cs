using System.Globalization;

namespace GraphNetworker.Benchmarks.Harness;

/// <summary>
/// One benchmark tenant and how it is served: a lazy synthetic tenant of <see cref="Users"/> mailboxes with
/// <see cref="Messages"/> messages each (70% Inbox, 30% Sent Items) and <see cref="Events"/> meetings, behind
/// <see cref="LatencyMs"/> of modelled network time per request, with or without Graph's per-mailbox limits.
/// </summary>
internal sealed record BenchSpec(int Users, int Messages, int Events, int LatencyMs, bool Throttling, int Parallelism, int Seed = 7, BenchStore Store = BenchStore.Sqlite)
{
    /// <summary>The widest the worker's adaptive parallelism may go (SyncOptions.MaxMailboxParallelism); null: the product's default.</summary>
    public int? MaxParallelism { get; init; }

    /// <summary>The page size the worker asks for (GraphOptions.MaxPageSize default, and Graph's maximum for messages).</summary>
    public const int PageSize = 1000;

    /// <summary>Graph's page size without <c>Prefer: odata.maxpagesize</c> for Outlook resources (the emulator's default too).</summary>
    public const int DefaultPageSize = 10;

    public string Tenant => string.Create(CultureInfo.InvariantCulture,
        $"synthetic:users={Users},messagesPerMailbox={Messages},eventsPerMailbox={Events},seed={Seed},lazy=true");

    public int Inbox => (int)(Messages * 0.7);

    public int SentItems => Messages - Inbox;

    /// <summary>The mail folders the worker reads in a lazy mailbox: Inbox, Sent Items and the (empty) Archive.</summary>
    public IReadOnlyList<int> MailFolders => [Inbox, SentItems, 0];

    public BenchSpec Scale(int messages = 1, int users = 1) => this with { Messages = Messages * messages, Users = Users * users };

    public string[] ToArgs() =>
    [
        "--users", Text(Users), "--messages", Text(Messages), "--events", Text(Events), "--latency", Text(LatencyMs),
        "--throttling", Throttling ? "true" : "false", "--parallelism", Text(Parallelism), "--seed", Text(Seed),
        "--store", Store == BenchStore.Postgres ? "postgres" : "sqlite",
        .. MaxParallelism is { } max ? new[] { "--max-parallelism", Text(max) } : [],
    ];

    public static BenchSpec Parse(string[] args, BenchSpec defaults) => new(
        Options.Int(args, "--users", defaults.Users),
        Options.Int(args, "--messages", defaults.Messages),
        Options.Int(args, "--events", defaults.Events),
        Options.Int(args, "--latency", defaults.LatencyMs),
        Options.Bool(args, "--throttling", defaults.Throttling),
        Options.Int(args, "--parallelism", defaults.Parallelism),
        Options.Int(args, "--seed", defaults.Seed),
        Options.Value(args, "--store") is { } store ? ParseStore(store) : defaults.Store)
    {
        MaxParallelism = Options.Value(args, "--max-parallelism") is { } max ? int.Parse(max, CultureInfo.InvariantCulture) : defaults.MaxParallelism,
    };

    private static BenchStore ParseStore(string value) => value.ToLowerInvariant() switch
    {
        "sqlite" => BenchStore.Sqlite,
        "postgres" or "postgresql" => BenchStore.Postgres,
        _ => throw new ArgumentException($"--store is sqlite or postgres, not '{value}'."),
    };

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Users:N0} mailboxes × {Messages:N0} messages ({Inbox:N0} Inbox, {SentItems:N0} Sent Items) + {Events} meetings, " +
        $"latency {LatencyMs} ms/request, Graph limits {(Throttling ? "on (4 concurrent and 10,000 per 10 min per mailbox)" : "off")}, " +
        $"MailboxParallelism {Parallelism}{(MaxParallelism is { } max ? $" (at most {max})" : " (adaptive up to MaxMailboxParallelism)")}, store {(Store == BenchStore.Postgres ? "PostgreSQL" : "SQLite")}");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The database a benchmark run writes to.</summary>
internal enum BenchStore
{
    Sqlite,
    Postgres,
}

/// <summary>Command-line option reading for the suites (<c>--name value</c>).</summary>
internal static class Options
{
    public static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public static double Double(string[] args, string name, double fallback) =>
        Value(args, name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public static bool Bool(string[] args, string name, bool fallback) =>
        Value(args, name) is { } text ? bool.Parse(text) : fallback;

    public static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
