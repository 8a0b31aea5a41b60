using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>Collects a node's log lines so tests can check what a user would read.</summary>
public sealed class TestLogger(string node) : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string EventName, string Text)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string EventName, string Text)> Entries => [.. _entries];

    /// <summary>Runs on the logging thread after each entry is kept, inside whatever lock the code under test holds while it logs.</summary>
    public Action<string>? OnEntry { get; set; }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var text = formatter(state, exception) + (exception is null ? string.Empty : " | " + exception.Message);
        _entries.Enqueue((logLevel, eventId.Name ?? string.Empty, $"[{node}] {text}"));
        OnEntry?.Invoke(text);
    }

    public bool Contains(string fragment) => _entries.Any(e => e.Text.Contains(fragment, StringComparison.Ordinal));

    public IEnumerable<string> Errors(params string[] allowedEvents) =>
        _entries.Where(e => e.Level >= LogLevel.Error && !allowedEvents.Contains(e.EventName)).Select(e => e.Text);

    public string Dump() => string.Join(Environment.NewLine, _entries.Select(e => $"{e.Level}: {e.Text}"));
}
