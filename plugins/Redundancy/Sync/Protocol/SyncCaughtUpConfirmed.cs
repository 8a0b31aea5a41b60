namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>The receiver has applied every record sent before the peer's <see cref="SyncCaughtUp"/>.</summary>
/// <param name="Applied">Records of this session that were new to the receiver.</param>
/// <param name="RequestId">The marker's request id (0 for the plan).</param>
public sealed record SyncCaughtUpConfirmed(long Applied, long RequestId = 0) : SyncMessage;
