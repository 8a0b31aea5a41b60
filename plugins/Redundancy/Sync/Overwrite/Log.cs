using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.Redundancy.Sync.Overwrite;

/// <summary>Log messages of the overwrite on a new pairing.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5160, EventName = "OverwriteAnnounced", Level = LogLevel.Warning,
        Message = "New pairing after a redundancy mode change: {Message}")]
    public static partial void Announced(ILogger logger, string message);

    [LoggerMessage(EventId = 5161, EventName = "OverwriteJournalCleared", Level = LogLevel.Information,
        Message = "Overwrite: journal {Journal} emptied ({Records} record(s) discarded); it now receives the primary's records")]
    public static partial void JournalCleared(ILogger logger, string journal, long records);

    [LoggerMessage(EventId = 5162, EventName = "OverwriteDone", Level = LogLevel.Warning,
        Message = "Overwrite done: {Backup} holds exactly the stored data of {Primary} ({Records} record(s) copied in this session)")]
    public static partial void Done(ILogger logger, string backup, string primary, long records);

    [LoggerMessage(EventId = 5163, EventName = "OverwriteFailed", Level = LogLevel.Error,
        Message = "Overwrite by {Primary} stopped: {Reason}; it resumes at the next connection (journals already emptied are not emptied again)")]
    public static partial void Failed(ILogger logger, string primary, string reason);

    [LoggerMessage(EventId = 5167, EventName = "OverwriteInterrupted", Level = LogLevel.Warning,
        Message = "Overwrite by {Primary} interrupted: {Reason}; it resumes at the next connection (journals already emptied are not emptied again)")]
    public static partial void Interrupted(ILogger logger, string primary, string reason);

    [LoggerMessage(EventId = 5164, EventName = "OverwriteResumed", Level = LogLevel.Warning,
        Message = "Resuming the overwrite by {Primary} begun at {StartedAt:o}: journal(s) already emptied: {Cleared}")]
    public static partial void Resumed(ILogger logger, string primary, DateTimeOffset startedAt, string cleared);

    [LoggerMessage(EventId = 5165, EventName = "OverwriteNotPublished", Level = LogLevel.Warning,
        Message = "Overwrite: the announcement could not be published on MQTT within {Seconds} s (broker unreachable?); it goes on, logged here")]
    public static partial void NotPublished(ILogger logger, double seconds);

    [LoggerMessage(EventId = 5166, EventName = "OverwriteRecorded", Level = LogLevel.Information,
        Message = "New pairing: {Backup} has recorded the overwrite; this node's mode change is settled")]
    public static partial void Recorded(ILogger logger, string backup);

    [LoggerMessage(EventId = 5168, EventName = "OverwriteClearingAtStart", Level = LogLevel.Warning,
        Message = "The overwrite by {Primary} begun at {StartedAt:o} was interrupted: emptying the journal(s) not yet emptied now, each before its module may write (journal(s) already emptied: {Cleared}); the copy of {Primary}'s records resumes at the next connection, and what this node writes meanwhile is kept")]
    public static partial void ClearingAtStart(ILogger logger, string primary, DateTimeOffset startedAt, string cleared);
}
