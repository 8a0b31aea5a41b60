using N3Host.Plugins.Redundancy.ConfigSync;
using N3Host.Plugins.Redundancy.Sync;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>The <c>redundancy</c> section of <c>n3host status</c>.</summary>
internal sealed record RedundancyStatus(
    string Mode,
    string Role,
    long Term,
    string Reason,
    DateTimeOffset Since,
    string Failback,
    string Endpoint,
    string? OwnCertificateFingerprint,
    string? ExpectedPeerFingerprint,
    PeerStatus Peer,
    RefusedConnection? LastRefusedConnection)
{
    /// <summary>Set while the pair refuses to synchronize because versions differ (and kept until a pairing with matching versions).</summary>
    public VersionMismatch? VersionMismatch { get; init; }

    /// <summary>Set while the two nodes differ in patch versions only: they synchronize (a rolling upgrade), and this says what differs.</summary>
    public VersionMismatch? VersionSkew { get; init; }

    /// <summary>The backup's connection attempt in progress (step and since), null when none runs.</summary>
    public ConnectionAttempt? Attempt { get; init; }

    /// <summary>
    /// The order of this snapshot among the coordinator's snapshots (taken under its lock): a publisher that gets snapshots
    /// from several threads keeps only newer ones, so an older state never overwrites a newer one. Not shown.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long Generation { get; init; }

    /// <summary>What the witness says (reachable, the peer alive, its role and term); null when no witness is configured.</summary>
    public Witness.WitnessView? Witness { get; init; }

    /// <summary>Set while this node is fenced after a freeze.</summary>
    public Fence? Fence { get; init; }

    /// <summary>The node's health 0–255 (<see cref="Roles.ServiceLevel"/>).</summary>
    public int ServiceLevel { get; init; }

    /// <summary>The link's silence timeout and heartbeat interval: agreed with the peer while paired, this node's own otherwise.</summary>
    public TimeoutsStatus? Timeouts { get; init; }

    /// <summary>This node's redundancy mode as persisted in its data folder, and whether it asks for a new pairing; null when not tracked.</summary>
    public PairingStatus? Pairing { get; init; }

    /// <summary>The overwrite of the backup's stored data by the primary's on a new pairing; null when none ran since the start.</summary>
    public OverwriteStatus? Overwrite { get; init; }

    /// <summary>Stored-data synchronization progress; null in standalone mode.</summary>
    public SyncStatus? Sync { get; init; }

    /// <summary>Configuration sync between the nodes (revision here and there, last applied, errors); null in standalone mode.</summary>
    public ConfigSyncStatus? Config { get; init; }
}
