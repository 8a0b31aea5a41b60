using Microsoft.Extensions.Logging;

namespace N3Host.Tests.Supervision;

/// <summary>Keeps every log entry, so tests can check what the host told the operator.</summary>
public sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly List<(string Category, LogLevel Level, string Message, Exception? Error)> _entries = [];

    public IReadOnlyList<(string Category, LogLevel Level, string Message, Exception? Error)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string category, LogLevel level, string message, Exception? error)
    {
        lock (_entries)
        {
            _entries.Add((category, level, message, error));
        }
    }

    private sealed class ListLogger(ListLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Add(category, logLevel, formatter(state, exception), exception);
    }
}
