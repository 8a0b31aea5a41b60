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
    string HostVersion);
