using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Links.Tests.Hosting;

/// <summary>The host side: keeps every log line of a node, so tests can assert what a user would read.</summary>
public sealed class TestLogs
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Text)> Lines => [.. _lines];

    public bool Contains(string text, LogLevel atLeast = LogLevel.Trace) =>
        _lines.Any(l => l.Level >= atLeast && l.Text.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string category) => new Logger(this, category);

    private sealed class Logger(TestLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            logs._lines.Enqueue((logLevel, category, text));
            if (Environment.GetEnvironmentVariable("N3HOST_TEST_LOGS") == "1")
            {
                Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {text}");
            }
        }
    }
}
