namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>The peer as status shows it.</summary>
internal sealed record PeerStatus(
    bool Connected,
    string? Node,
    string? Mode,
    string? Role,
    long? Term,
    string? Address,
    string? CertificateFingerprint,
    string? HostVersion,
    string? Security,
    DateTimeOffset? ConnectedSince,
    long Heartbeats,
    string? LastDisconnectReason)
{
    /// <summary>The pair agreed at this link's handshake that it is a new pairing (a redundancy mode change on either node).</summary>
    public bool NewPairing { get; init; }
}
