namespace N3Host.Plugins.Redundancy.Peer.Messages;

/// <summary>Active node to its standby peer: the sender has gone standby; the receiver takes the active role (forced failover).</summary>
internal sealed record HandOverMessage(long Term, string Reason) : PeerMessage;
