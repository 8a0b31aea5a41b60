namespace N3Host.Status;

/// <summary>
/// The retained JSON on <c>&lt;prefix&gt;/&lt;node&gt;/redundancy</c> while no module publishes it (a node without a Redundancy
/// instance): the role gate's mode and role, with the fields of the redundancy core's payload, empty.
/// </summary>
internal sealed record RolePayload(
    string Node,
    string Mode,
    string Role,
    long Term,
    bool PeerConnected,
    string? PeerNode,
    string? PeerRole,
    DateTimeOffset Since,
    string Reason,
    string HostVersion,
    int ServiceLevel)
{
    public object? Timeouts { get; init; }

    public object? Witness { get; init; }

    public object? Fence { get; init; }

    public object? VersionMismatch { get; init; }

    public object? VersionSkew { get; init; }

    public object? Pairing { get; init; }

    public object? Overwrite { get; init; }

    public object? Sync { get; init; }

    public object? Config { get; init; }
}
