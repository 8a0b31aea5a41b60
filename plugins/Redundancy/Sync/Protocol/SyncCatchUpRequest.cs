namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>
/// Asks the peer for a new <see cref="SyncCaughtUp"/> marker once it has sent everything it holds now. The primary
/// sends it at failback after the backup confirmed standby, so the marker covers every record the backup wrote.
/// </summary>
/// <param name="Id">The request's number in this session (from 1).</param>
public sealed record SyncCatchUpRequest(long Id) : SyncMessage;
