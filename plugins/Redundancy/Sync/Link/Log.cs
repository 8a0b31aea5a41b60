using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.Redundancy.Sync.Link;

/// <summary>Log messages of the sync over the pair's link.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5150, EventName = "SyncHandOverStarted", Level = LogLevel.Information,
        Message = "Failback hand-over: asking {Peer} for everything it holds before this node goes active")]
    public static partial void HandOverStarted(ILogger logger, string peer);

    [LoggerMessage(EventId = 5151, EventName = "SyncHandOverDone", Level = LogLevel.Information,
        Message = "Failback hand-over: applied everything {Peer} held ({Records} record(s) received in this session, {Bytes} bytes)")]
    public static partial void HandOverDone(ILogger logger, string peer, long records, long bytes);

    [LoggerMessage(EventId = 5152, EventName = "SyncClosingLink", Level = LogLevel.Warning,
        Message = "The sync session with {Peer} ended while the link was up ({Reason}); closing the link so both sides start clean")]
    public static partial void ClosingLink(ILogger logger, string peer, string reason);

    [LoggerMessage(EventId = 5153, EventName = "SyncLateMerged", Level = LogLevel.Information,
        Message = "Records that {Peer} wrote while this node was active without the sync are merged; see the sync status's late report")]
    public static partial void LateMerged(ILogger logger, string peer);

    [LoggerMessage(EventId = 5155, EventName = "SyncJournalsNotRegistered", Level = LogLevel.Warning,
        Message = "Failback hand-over: {Peer} holds journal(s) {Journals} that no module registered here within {Seconds} s; the hand-over goes on without them")]
    public static partial void JournalsNotRegistered(ILogger logger, string peer, string journals, double seconds);

    [LoggerMessage(EventId = 5154, EventName = "SyncLateCatchUpFailed", Level = LogLevel.Debug,
        Message = "The catch-up of late records from {Peer} ended before completing; the next session asks again")]
    public static partial void LateCatchUpFailed(ILogger logger, string peer, Exception error);
}
