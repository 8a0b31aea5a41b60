namespace N3Host.Plugins.Links;

/// <summary>A link server's state, as the status section <c>links:&lt;instance&gt;</c>.</summary>
internal sealed record LinkServerStatus(
    string Role,
    string Endpoint,
    bool Listening,
    IReadOnlyList<LinkPeerStatus> Peers,
    long ReceivedValues,
    double ReceivedPerSecond,
    long Duplicates,
    long Rejected,
    string? LastRejection);
