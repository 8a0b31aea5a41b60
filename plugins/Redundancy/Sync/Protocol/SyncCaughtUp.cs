namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>The sender has sent everything of its plan (what it held when the peer said hello). Records appended since follow.</summary>
/// <param name="Records">Records sent for the plan.</param>
public sealed record SyncCaughtUp(long Records) : SyncMessage;
