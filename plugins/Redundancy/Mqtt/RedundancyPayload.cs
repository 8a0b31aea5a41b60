using N3Host.Plugins.Redundancy.ConfigSync;
using N3Host.Plugins.Redundancy.Roles;
using N3Host.Plugins.Redundancy.Sync;

namespace N3Host.Plugins.Redundancy.Mqtt;

/// <summary>The retained JSON on <c>&lt;prefix&gt;/&lt;node&gt;/redundancy</c>.</summary>
internal sealed record RedundancyPayload(
    string Node,
    string Mode,
    string Role,
    long Term,
    bool PeerConnected,
    string? PeerNode,
    string? PeerRole,
    DateTimeOffset Since,
    string Reason,
    string HostVersion)
{
    /// <summary>What differs when the pair refuses to synchronize because of versions; null otherwise.</summary>
    public VersionMismatch? VersionMismatch { get; init; }

    /// <summary>Stored-data synchronization progress.</summary>
    public SyncStatus? Sync { get; init; }

    /// <summary>Configuration sync between the nodes.</summary>
    public ConfigSyncStatus? Config { get; init; }
}
