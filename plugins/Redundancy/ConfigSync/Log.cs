using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.Redundancy.ConfigSync;

/// <summary>Log messages of the configuration sync between the pair's nodes.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5200, EventName = "ConfigSyncDecision", Level = LogLevel.Information,
        Message = "Configuration sync with {Peer}: {Action}: {Reason}")]
    public static partial void Decision(ILogger logger, string peer, ConfigSyncAction action, string reason);

    [LoggerMessage(EventId = 5201, EventName = "ConfigOverwrite", Level = LogLevel.Warning,
        Message = "Redundancy mode change: the primary's configuration overwrites the backup's ({Primary} -> {Backup}): {Reason}")]
    public static partial void Overwrite(ILogger logger, string primary, string backup, string reason);

    [LoggerMessage(EventId = 5202, EventName = "ConfigTaken", Level = LogLevel.Warning,
        Message = "Configuration revision {Counter} (made by {Node}) taken from {Peer}: {Message}")]
    public static partial void Taken(ILogger logger, long counter, string node, string peer, string message);

    [LoggerMessage(EventId = 5203, EventName = "ConfigRefused", Level = LogLevel.Error,
        Message = "The configuration from {Peer} was refused, this node's stays as it is: {Reason}")]
    public static partial void Refused(ILogger logger, string peer, string reason);

    [LoggerMessage(EventId = 5204, EventName = "ConfigSyncUnavailable", Level = LogLevel.Warning,
        Message = "The host offers no shared configuration (ISharedConfiguration): the pair's configuration is not synchronized")]
    public static partial void Unavailable(ILogger logger);

    [LoggerMessage(EventId = 5205, EventName = "ConfigSettleTimeout", Level = LogLevel.Warning,
        Message = "No configuration from {Peer} within {Seconds} s; the hand-over goes on without it")]
    public static partial void SettleTimeout(ILogger logger, string peer, double seconds);

    [LoggerMessage(EventId = 5206, EventName = "ConfigSyncFailed", Level = LogLevel.Error,
        Message = "Configuration sync with {Peer} failed")]
    public static partial void Failed(ILogger logger, string peer, Exception error);
}
