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
    RefusedConnection? LastRefusedConnection);
