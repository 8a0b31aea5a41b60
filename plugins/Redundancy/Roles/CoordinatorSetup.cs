using N3Host.Plugins.Redundancy.Options;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>What the coordinator is told at construction about this node: its settings, who it is, and the two certificates (for status).</summary>
internal sealed record CoordinatorSetup(RedundancyOptions Options, NodeIdentity Self)
{
    /// <summary>This node's certificate fingerprint, shown in status.</summary>
    public string? OwnFingerprint { get; init; }

    /// <summary>The fingerprint of the certificate set as <c>remoteCertificate</c>, shown in status.</summary>
    public string? ExpectedPeerFingerprint { get; init; }
}
