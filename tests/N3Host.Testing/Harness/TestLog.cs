using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace N3Host.Testing.Harness;

/// <summary>One log message a test kept.</summary>
/// <param name="Text">The message as a user reads it: with the node's prefix, and the exception's message after a bar.</param>
public sealed record LogEntry(DateTimeOffset Time, LogLevel Level, string Category, string EventName, string Message, Exception? Exception, string Text);

/// <summary>
/// The one test log: keeps every message of a node (or of one component) so a test can check what a user would read,
/// echoes it to the test's output (or the console with N3HOST_TEST_LOGS=1), and fails the test on an error it did not
/// expect (<see cref="ThrowIfUnexpectedErrors"/>, called by the harnesses when they are disposed).
/// </summary>
public sealed class TestLog : ILoggerProvider, ILogger
{
    private static readonly bool EchoToConsole = Environment.GetEnvironmentVariable("N3HOST_TEST_LOGS") == "1";
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly string _prefix;
    private readonly LogLevel _minimum;

    /// <param name="node">Named in front of each message (<c>[node-a] ...</c>) when several nodes log into one test.</param>
    /// <param name="output">The test's output, where each message is echoed.</param>
    /// <param name="minimum">What is kept: Trace and up unless told.</param>
    public TestLog(string? node = null, ITestOutputHelper? output = null, LogLevel minimum = LogLevel.Trace)
    {
        _prefix = node is null ? string.Empty : $"[{node}] ";
        Output = output;
        _minimum = minimum;
        Logger = CreateLogger(string.Empty);
    }

    /// <summary>A logger without a category (the log itself is one too).</summary>
    public ILogger Logger { get; }

    public ITestOutputHelper? Output { get; set; }

    /// <summary>Runs on the logging thread after each entry is kept, inside whatever lock the code under test holds while it logs.</summary>
    public Action<string>? OnEntry { get; set; }

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CategoryLogger(this, categoryName);

    /// <summary>Whether a message at <paramref name="atLeast"/> or above contains <paramref name="fragment"/>.</summary>
    public bool Contains(string fragment, LogLevel atLeast = LogLevel.Trace) =>
        _entries.Any(e => e.Level >= atLeast && e.Text.Contains(fragment, StringComparison.Ordinal));

    /// <summary>The error (and critical) messages, but those of the events named.</summary>
    public IEnumerable<LogEntry> Errors(params string[] allowedEvents) =>
        _entries.Where(e => e.Level >= LogLevel.Error && !allowedEvents.Contains(e.EventName, StringComparer.Ordinal));

    public string Dump() => string.Join(Environment.NewLine, _entries.Select(Line));

    /// <summary>Fails the test with every error any of <paramref name="logs"/> kept, but those of the events named.</summary>
    public static void ThrowIfUnexpectedErrors(IEnumerable<TestLog> logs, params string[] allowedEvents)
    {
        var errors = logs.SelectMany(l => l.Errors(allowedEvents)).OrderBy(e => e.Time).ToList();
        if (errors.Count > 0)
        {
            throw new XunitException($"{errors.Count} unexpected error log message(s):{Environment.NewLine}{string.Join(Environment.NewLine, errors.Select(Line))}");
        }
    }

    /// <summary>Fails the test with every error this log kept, but those of the events named.</summary>
    public void ThrowIfUnexpectedErrors(params string[] allowedEvents) => ThrowIfUnexpectedErrors([this], allowedEvents);

    public void Dispose()
    {
    }

    IDisposable? ILogger.BeginScope<TState>(TState state) => null;

    bool ILogger.IsEnabled(LogLevel logLevel) => Logger.IsEnabled(logLevel);

    void ILogger.Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Logger.Log(logLevel, eventId, state, exception, formatter);

    private static string Line(LogEntry e) =>
        $"{e.Time.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {e.Level} {e.EventName}: {e.Text}";

    private void Add(LogEntry entry)
    {
        _entries.Enqueue(entry);
        if (EchoToConsole)
        {
            Console.WriteLine(Line(entry));
        }

        try
        {
            Output?.WriteLine(Line(entry));
        }
        catch (InvalidOperationException)
        {
            // The test has finished; the entry is kept anyway.
        }

        OnEntry?.Invoke(entry.Message + (entry.Exception is null ? string.Empty : " | " + entry.Exception.Message));
    }

    private sealed class CategoryLogger(TestLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= log._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var text = log._prefix + message + (exception is null ? string.Empty : " | " + exception.Message);
            log.Add(new LogEntry(DateTimeOffset.UtcNow, logLevel, category, eventId.Name ?? string.Empty, message, exception, text));
        }
    }
}
