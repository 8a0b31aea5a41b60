using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Peer.Messages;

/// <summary>Sent every heartbeat interval and at once on each role change: the sender's role and term.</summary>
internal sealed record HeartbeatMessage(NodeRole Role, long Term) : PeerMessage;
