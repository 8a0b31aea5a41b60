namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>
/// The values of <see cref="SyncStatus.State"/>. Plain strings, so the status reads the same whatever JSON options
/// serialize it (the management API, the MQTT publisher).
/// </summary>
public static class SyncStates
{
    /// <summary>No session: the peer is not connected.</summary>
    public const string Disconnected = "disconnected";

    /// <summary>A session runs and at least one side has not caught up yet.</summary>
    public const string CatchingUp = "catchingUp";

    /// <summary>Both sides caught up; new records follow as they are written.</summary>
    public const string Following = "following";

    /// <summary>A session runs, but the peer's records wait: this node's disk is full or read-only (<see cref="SyncStatus.Held"/> says which journal and where).</summary>
    public const string Held = "held";
}
