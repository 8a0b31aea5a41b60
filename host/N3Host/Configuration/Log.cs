using Microsoft.Extensions.Logging;

namespace N3Host.Configuration;

/// <summary>Log messages of the configuration's revision, reload and sync.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 130, EventName = "ConfigRevision", Level = LogLevel.Information,
        Message = "Configuration revision {Counter} (made by {Node}): {Why}")]
    public static partial void Revision(ILogger logger, long counter, string node, string why);

    [LoggerMessage(EventId = 131, EventName = "ConfigApplied", Level = LogLevel.Warning,
        Message = "Configuration from {Source} applied: revision {Counter} (made by {Node}); added [{Added}], restarted [{Restarted}], removed [{Removed}]{NotApplied}")]
    public static partial void Applied(ILogger logger, string source, long counter, string node, string added, string restarted, string removed, string notApplied);

    [LoggerMessage(EventId = 132, EventName = "ConfigRefused", Level = LogLevel.Error,
        Message = "Configuration from {Source} refused, nothing changed: {Reason}")]
    public static partial void Refused(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 133, EventName = "ConfigNote", Level = LogLevel.Warning, Message = "Configuration from {Source}: {Note}")]
    public static partial void Note(ILogger logger, string source, string note);

    [LoggerMessage(EventId = 134, EventName = "ConfigFileWritten", Level = LogLevel.Information,
        Message = "{Path} rewritten with the shared part from {Source} (the previous file is {Path}.bak)")]
    public static partial void FileWritten(ILogger logger, string path, string source);

    [LoggerMessage(EventId = 135, EventName = "ConfigRevisionNotSaved", Level = LogLevel.Error,
        Message = "The configuration revision cannot be saved to {Path}: {Reason}; an edit made while the node is stopped may not be noticed")]
    public static partial void RevisionNotSaved(ILogger logger, string path, string reason);
}
