namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>The receiver has applied every record sent before the peer's <see cref="SyncCaughtUp"/>.</summary>
/// <param name="Applied">Records of this session that were new to the receiver.</param>
public sealed record SyncCaughtUpConfirmed(long Applied) : SyncMessage;
