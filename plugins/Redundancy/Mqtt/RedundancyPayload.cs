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
    /// <summary>The node's health 0–255 (OPC UA's ServiceLevel idea): 0 not operational, 1 no data, 2–199 degraded, 200–255 healthy.</summary>
    public int ServiceLevel { get; init; }

    /// <summary>The link's agreed timeouts and what differed between the nodes.</summary>
    public TimeoutsStatus? Timeouts { get; init; }

    /// <summary>What the witness says; null without a witness.</summary>
    public Witness.WitnessView? Witness { get; init; }

    /// <summary>Set while the node is fenced after a freeze.</summary>
    public Fence? Fence { get; init; }

    /// <summary>What differs when the pair refuses to synchronize because of versions; null otherwise.</summary>
    public VersionMismatch? VersionMismatch { get; init; }

    /// <summary>What differs while the two nodes run different patch versions and synchronize all the same (a rolling upgrade); null otherwise.</summary>
    public VersionMismatch? VersionSkew { get; init; }

    /// <summary>This node's persisted mode and its mode change (new pairing asked for).</summary>
    public PairingStatus? Pairing { get; init; }

    /// <summary>The overwrite of the backup's stored data by the primary's on a new pairing, published before anything is discarded.</summary>
    public OverwriteStatus? Overwrite { get; init; }

    /// <summary>Stored-data synchronization progress.</summary>
    public SyncStatus? Sync { get; init; }

    /// <summary>Configuration sync between the nodes.</summary>
    public ConfigSyncStatus? Config { get; init; }
}
