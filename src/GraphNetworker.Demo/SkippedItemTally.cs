using System.Collections.Concurrent;
using GraphNetworker.Graph.Sync;
using Microsoft.Extensions.Logging.Abstractions;

namespace GraphNetworker.Demo;

/// <summary>
/// Counts the items a cycle skipped, by reason, from the sync's per-item log lines (<see cref="SkippedItemLog"/>): the
/// demo prints one line of counts after the cycle instead of a warning per item among its progress bars.
/// </summary>
internal sealed class SkippedItemTally : ILoggerProvider, ILogger
{
    private readonly ConcurrentDictionary<string, int> _reasons = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) => categoryName == SkippedItemLog.Category ? this : NullLogger.Instance;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        // The source-generated message carries its fields: the reason is the one named Reason.
        var reason = state is IReadOnlyList<KeyValuePair<string, object?>> fields
            ? fields.FirstOrDefault(f => f.Key == "Reason").Value as string
            : null;
        _reasons.AddOrUpdate(reason ?? "unreadable", 1, (_, n) => n + 1);
    }

    /// <summary>
    /// The items skipped since the last call, and why ("3 sent mail without recipients, 1 missing sender", most frequent
    /// first); call once the cycle has ended.
    /// </summary>
    public (int Items, string Reasons) Take()
    {
        var counts = _reasons.ToArray();
        _reasons.Clear();
        var reasons = string.Join(", ", counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value:N0} {c.Key}"));
        return (counts.Sum(c => c.Value), reasons);
    }

    public void Dispose()
    {
    }
}
