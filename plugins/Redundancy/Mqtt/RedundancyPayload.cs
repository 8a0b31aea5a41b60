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

    /// <summary>This node's persisted mode and its mode change (new pairing asked for).</summary>
    public PairingStatus? Pairing { get; init; }

    /// <summary>The overwrite of the backup's stored data by the primary's on a new pairing, published before anything is discarded.</summary>
    public OverwriteStatus? Overwrite { get; init; }

    /// <summary>Stored-data synchronization progress.</summary>
    public SyncStatus? Sync { get; init; }

    /// <summary>Configuration sync between the nodes.</summary>
    public ConfigSyncStatus? Config { get; init; }
}
