using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GraphNetworker.Tests.Common;

/// <summary>One log entry as a test sees it.</summary>
public sealed record CapturedLog(LogLevel Level, EventId EventId, string Category, string Message);

/// <summary>Keeps every log entry in memory so tests can assert on what was logged (and what was not).</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new CapturedLog(logLevel, eventId, category, formatter(state, exception)));
    }
}
