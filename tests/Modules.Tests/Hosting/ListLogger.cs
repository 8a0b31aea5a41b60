using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace N3Host.Modules.Tests.Hosting;

/// <summary>Keeps every message (and echoes it to the test output) so tests can check what a user would read.</summary>
internal sealed class ListLogger(ITestOutputHelper? output) : ILogger
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var entry = new LogEntry(logLevel, eventId.Name, formatter(state, exception), exception);
        _entries.Enqueue(entry);
        try
        {
            output?.WriteLine($"{logLevel}: {entry.Message}{(exception is null ? string.Empty : " | " + exception.Message)}");
        }
        catch (InvalidOperationException)
        {
            // The test has already finished; the entry is kept anyway.
        }
    }
}
