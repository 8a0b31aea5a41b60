namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>
/// The sender has sent everything it held when the marker's target was taken: for <paramref name="RequestId"/> 0 its
/// plan (what it held when the peer said hello), otherwise the moment the peer's <see cref="SyncCatchUpRequest"/>
/// arrived. Records appended since follow.
/// </summary>
/// <param name="Records">Records sent in this session up to the marker.</param>
/// <param name="RequestId">0 for the plan, else the request it answers.</param>
public sealed record SyncCaughtUp(long Records, long RequestId = 0) : SyncMessage;
