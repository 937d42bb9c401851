using System.Globalization;

namespace GraphNetworker.GraphEmulator;

/// <summary>
/// The synthetic tenant spec: <c>synthetic:users=3,months=12,seed=42</c> plus optional keys (see
/// docs/emulator.md). Same spec + same clock = the same tenant, byte for byte.
/// </summary>
public sealed record SyntheticTenantSpec
{
    /// <summary>Mailbox users (the people GraphNetworker works for).</summary>
    public int Users { get; init; } = 3;

    /// <summary>History length in months; dates are relative to the clock's "now" at load.</summary>
    public int Months { get; init; } = 12;

    public int Seed { get; init; } = 42;

    /// <summary>Colleagues in the directory besides the mailbox users (small tenants).</summary>
    public int Colleagues { get; init; } = 14;

    /// <summary>External contacts at other companies.</summary>
    public int Externals { get; init; } = 24;

    /// <summary>External companies the externals work for.</summary>
    public int Companies { get; init; } = 6;

    /// <summary>Messages per mailbox: for lazy tenants the exact count (1,000 when not given); otherwise filler is added up to it (0 = scenarios only).</summary>
    public int MessagesPerMailbox { get; init; }

    /// <summary>Events per mailbox for lazy tenants.</summary>
    public int EventsPerMailbox { get; init; } = 40;

    /// <summary>Generate items on demand from (seed, mailbox, index): for benchmark-sized tenants.</summary>
    public bool Lazy { get; init; }

    /// <summary>The company's domain.</summary>
    public string Domain { get; init; } = "contoso.com";

    public static SyntheticTenantSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.StartsWith("synthetic:", StringComparison.OrdinalIgnoreCase) ? text["synthetic:".Length..] : string.Empty;
        var spec = new SyntheticTenantSpec();
        var lazySet = false;
        foreach (var pair in body.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = (eq < 0 ? pair : pair[..eq]).Trim().ToLowerInvariant();
            var value = eq < 0 ? "true" : pair[(eq + 1)..].Trim();
            spec = key switch
            {
                "users" => spec with { Users = Int(key, value, 1, 1_000_000) },
                "months" => spec with { Months = Int(key, value, 1, 120) },
                "seed" => spec with { Seed = Int(key, value, int.MinValue, int.MaxValue) },
                "colleagues" => spec with { Colleagues = Int(key, value, 8, 100_000) },
                "externals" => spec with { Externals = Int(key, value, 4, 1_000_000) },
                "companies" => spec with { Companies = Int(key, value, 2, 10_000) },
                "messagespermailbox" or "messages" => spec with { MessagesPerMailbox = Int(key, value, 0, 10_000_000) },
                "eventspermailbox" or "events" => spec with { EventsPerMailbox = Int(key, value, 0, 1_000_000) },
                "lazy" => spec with { Lazy = bool.Parse(value) },
                "domain" => spec with { Domain = value.ToLowerInvariant() },
                _ => throw new FormatException($"Unknown synthetic tenant option '{key}' in '{text}'."),
            };
            lazySet |= key == "lazy";
        }

        // Benchmark-sized tenants are generated lazily unless told otherwise, and a lazy mailbox is never empty by accident.
        if (!lazySet && (spec.Users > 200 || spec.MessagesPerMailbox > 5_000))
        {
            spec = spec with { Lazy = true };
        }

        return spec.Lazy && spec.MessagesPerMailbox == 0 ? spec with { MessagesPerMailbox = 1_000 } : spec;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"synthetic:users={Users},months={Months},seed={Seed},colleagues={Colleagues},externals={Externals},companies={Companies},messagesPerMailbox={MessagesPerMailbox},eventsPerMailbox={EventsPerMailbox},lazy={(Lazy ? "true" : "false")},domain={Domain}");

    private static int Int(string key, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            throw new FormatException($"Synthetic tenant option '{key}' must be an integer between {min} and {max}, not '{value}'.");
        }

        return n;
    }
}
