using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.Historian;

/// <summary>The historian's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6001, EventName = "HistorianStarted", Level = LogLevel.Information, Message = "Historian '{Instance}' storing to {Store} (tags: {Tags}, batch {BatchSize}, flush {FlushIntervalMs} ms)")]
    public static partial void Started(ILogger logger, string instance, string store, string tags, int batchSize, int flushIntervalMs);

    [LoggerMessage(EventId = 6002, EventName = "HistorianStopped", Level = LogLevel.Information, Message = "Historian '{Instance}' stopped ({Stored} values stored, {Buffered} waiting in the buffer)")]
    public static partial void Stopped(ILogger logger, string instance, long stored, long buffered);

    [LoggerMessage(EventId = 6003, EventName = "HistorianStoreFailed", Level = LogLevel.Warning, Message = "Historian '{Instance}': the store cannot take values ({Error}); buffering them on disk until it recovers")]
    public static partial void StoreFailed(ILogger logger, string instance, string error);

    [LoggerMessage(EventId = 6004, EventName = "HistorianStoreRecovered", Level = LogLevel.Information, Message = "Historian '{Instance}': the store is back; {Records} buffered batches forwarded")]
    public static partial void StoreRecovered(ILogger logger, string instance, long records);

    [LoggerMessage(EventId = 6005, EventName = "HistorianBufferOverflow", Level = LogLevel.Error, Message = "Historian '{Instance}': {Count} values lost because the store-and-forward buffer is full or failing ({Error}); {Total} lost so far")]
    public static partial void Overflow(ILogger logger, string instance, int count, string error, long total);

    [LoggerMessage(EventId = 6006, EventName = "HistorianRetention", Level = LogLevel.Information, Message = "Historian '{Instance}': retention deleted {Count} values older than {Cutoff:O}")]
    public static partial void RetentionDeleted(ILogger logger, string instance, long count, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 6007, EventName = "HistorianRetentionFailed", Level = LogLevel.Warning, Message = "Historian '{Instance}': retention failed ({Error}); trying again later")]
    public static partial void RetentionFailed(ILogger logger, string instance, string error);

    [LoggerMessage(EventId = 6008, EventName = "HistorianForwardFailed", Level = LogLevel.Debug, Message = "Historian '{Instance}': forwarding the buffer failed again ({Error})")]
    public static partial void ForwardFailed(ILogger logger, string instance, string error);

    [LoggerMessage(EventId = 6009, EventName = "HistorianBufferDamaged", Level = LogLevel.Error, Message = "Historian '{Instance}': a buffered record cannot be read and is skipped ({Error})")]
    public static partial void BufferDamaged(ILogger logger, string instance, string error);

    [LoggerMessage(EventId = 6010, EventName = "HistorianDiskCondition", Level = LogLevel.Warning, Message = "Historian '{Instance}': {Condition}; keeping up to {Limit} values in memory and probing for space (degraded, not faulted)")]
    public static partial void DiskCondition(ILogger logger, string instance, string condition, long limit);

    [LoggerMessage(EventId = 6011, EventName = "HistorianDiskRecovered", Level = LogLevel.Information, Message = "Historian '{Instance}': the disk takes values again; {Values} values kept in memory written")]
    public static partial void DiskRecovered(ILogger logger, string instance, long values);

    [LoggerMessage(EventId = 6012, EventName = "HistorianMemoryFull", Level = LogLevel.Error, Message = "Historian '{Instance}': {Count} values lost because {Limit} values already wait in memory ({Condition}); {Total} lost so far (logged at most every 10 s, every value counted)")]
    public static partial void MemoryFull(ILogger logger, string instance, long count, long limit, string condition, long total);

    [LoggerMessage(EventId = 6013, EventName = "HistorianLostOnStop", Level = LogLevel.Error, Message = "Historian '{Instance}': stopping with {Count} values in memory that the disk could not take ({Condition}); counted as lost, {Total} lost so far")]
    public static partial void LostOnStop(ILogger logger, string instance, long count, string condition, long total);

    [LoggerMessage(EventId = 6014, EventName = "HistorianMissedWhileRestarting", Level = LogLevel.Error, Message = "Historian '{Instance}': {Count} values were published while it was faulted and restarting, and reached no store; counted as lost, {Total} lost so far")]
    public static partial void MissedWhileRestarting(ILogger logger, string instance, long count, long total);

    [LoggerMessage(EventId = 6015, EventName = "HistorianAcceptedStored", Level = LogLevel.Warning, Message = "Historian '{Instance}': stored {Count} values that {Origin} had accepted but not written to its store (it stopped or was killed before its batch was written)")]
    public static partial void AcceptedStored(ILogger logger, string instance, int count, string origin);

    [LoggerMessage(EventId = 6017, EventName = "HistorianStoreMigrated", Level = LogLevel.Information, Message = "Historian '{Instance}': the history file {Path} was of the first format and is migrated: {Report}")]
    public static partial void StoreMigrated(ILogger logger, string instance, string path, string report);

    [LoggerMessage(EventId = 6016, EventName = "HistorianAcceptedUnreadable", Level = LogLevel.Error, Message = "Historian '{Instance}': the accepted-values journal cannot be read ({Reason}); what it holds is stored at the next start that can read it")]
    public static partial void AcceptedUnreadable(ILogger logger, string instance, string reason);
}
