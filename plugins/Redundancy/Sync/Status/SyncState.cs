using System.Text.Json.Serialization;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>Where stored-data synchronization stands (JSON: <c>disconnected</c>, <c>catchingUp</c>, <c>following</c>).</summary>
[JsonConverter(typeof(SyncStateJsonConverter))]
public enum SyncState
{
    /// <summary>No session: the peer is not connected.</summary>
    Disconnected = 0,

    /// <summary>A session runs and at least one side has not caught up yet.</summary>
    CatchingUp = 1,

    /// <summary>Both sides caught up; new records follow as they are written.</summary>
    Following = 2,
}
