using Microsoft.Extensions.Logging;

namespace N3Host.Modules.Tests.Hosting;

/// <summary>One captured log message.</summary>
internal sealed record LogEntry(LogLevel Level, string? EventName, string Message, Exception? Exception);
