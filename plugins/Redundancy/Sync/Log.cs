using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>Log messages of stored-data synchronization.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5100, EventName = "SyncSessionStarted", Level = LogLevel.Information,
        Message = "Sync with {Peer} started: the peer holds {Journals} journal(s)")]
    public static partial void SessionStarted(ILogger logger, string peer, int journals);

    [LoggerMessage(EventId = 5101, EventName = "SyncPlanSent", Level = LogLevel.Information,
        Message = "Sync to {Peer}: {Records} record(s) of {Journals} journal(s) to send")]
    public static partial void PlanSent(ILogger logger, string peer, long records, int journals);

    [LoggerMessage(EventId = 5102, EventName = "SyncPeerPlan", Level = LogLevel.Information,
        Message = "Sync from {Peer}: {Records} record(s) of {Journals} journal(s) to receive")]
    public static partial void PeerPlan(ILogger logger, string peer, long records, int journals);

    [LoggerMessage(EventId = 5103, EventName = "SyncCaughtUpSent", Level = LogLevel.Information,
        Message = "Sync to {Peer}: caught-up marker {Marker} sent after {Records} record(s)")]
    public static partial void CaughtUpSent(ILogger logger, string peer, long records, long marker);

    [LoggerMessage(EventId = 5104, EventName = "SyncCaughtUp", Level = LogLevel.Information,
        Message = "Sync from {Peer} caught up: {Records} planned record(s), {Applied} new here, after {ElapsedMs:0} ms")]
    public static partial void CaughtUp(ILogger logger, string peer, long records, long applied, double elapsedMs);

    [LoggerMessage(EventId = 5114, EventName = "SyncCaughtUpAnswered", Level = LogLevel.Information,
        Message = "Sync from {Peer}: catch-up request {Request} answered and applied ({Records} record(s) sent by the peer in this session)")]
    public static partial void CaughtUpAnswered(ILogger logger, string peer, long request, long records);

    [LoggerMessage(EventId = 5105, EventName = "SyncPeerConfirmed", Level = LogLevel.Information,
        Message = "Sync to {Peer} confirmed: the peer applied everything, {Applied} record(s) new there")]
    public static partial void PeerConfirmed(ILogger logger, string peer, long applied);

    [LoggerMessage(EventId = 5106, EventName = "SyncJournalNotAtPeer", Level = LogLevel.Warning,
        Message = "Journal '{Journal}' is not registered on {Peer}: its records are sent when the peer registers it")]
    public static partial void JournalNotAtPeer(ILogger logger, string journal, string peer);

    [LoggerMessage(EventId = 5107, EventName = "SyncJournalAnnounced", Level = LogLevel.Information,
        Message = "Journal '{Journal}' registered: announced to the peer")]
    public static partial void JournalAnnounced(ILogger logger, string journal);

    [LoggerMessage(EventId = 5108, EventName = "SyncDivergedSpace", Level = LogLevel.Warning,
        Message = "Journal '{Journal}': the peer's records of origin '{Origin}' start a new sequence space (epoch {Epoch}; the node's data was reset); kept beside the old ones as origin '{StoredAs}'")]
    public static partial void DivergedSpace(ILogger logger, string journal, string origin, string epoch, string storedAs);

    [LoggerMessage(EventId = 5109, EventName = "SyncConflict", Level = LogLevel.Error,
        Message = "Journal '{Journal}' origin '{Origin}': the two nodes hold different records at sequence {Sequence} (term {LocalTerm} here, {PeerTerm} on the peer); this origin is not synchronized until resolved")]
    public static partial void Conflict(ILogger logger, string journal, string origin, long sequence, long localTerm, long peerTerm);

    [LoggerMessage(EventId = 5110, EventName = "SyncPeerClosed", Level = LogLevel.Information,
        Message = "Sync with {Peer}: the peer closed the link")]
    public static partial void PeerClosed(ILogger logger, string peer);

    [LoggerMessage(EventId = 5111, EventName = "SyncSessionEnded", Level = LogLevel.Information,
        Message = "Sync with {Peer} ended")]
    public static partial void SessionEnded(ILogger logger, string peer);

    [LoggerMessage(EventId = 5112, EventName = "SyncSessionFailed", Level = LogLevel.Warning,
        Message = "Sync with {Peer} ended with an error; the next session resumes from the cursors")]
    public static partial void SessionFailed(ILogger logger, string peer, Exception error);

    [LoggerMessage(EventId = 5113, EventName = "SyncActivatedWithoutSync", Level = LogLevel.Warning,
        Message = "This node went active without the sync: records that arrive from the peer later are merged and reported as late")]
    public static partial void ActivatedWithoutSync(ILogger logger);

    [LoggerMessage(EventId = 5115, EventName = "SyncStatusHandlerFailed", Level = LogLevel.Warning,
        Message = "A sync status subscriber threw; replication goes on")]
    public static partial void StatusHandlerFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 5116, EventName = "SyncHeld", Level = LogLevel.Warning,
        Message = "Records of {Journal} from the peer wait: {Condition}; they stay in the peer's journal and are applied once they fit (tried every second)")]
    public static partial void Held(ILogger logger, string journal, string condition);

    [LoggerMessage(EventId = 5117, EventName = "SyncHeldEnded", Level = LogLevel.Information,
        Message = "Records of {Journal} from the peer are applied again")]
    public static partial void HeldEnded(ILogger logger, string journal);
}
