namespace N3Host.Plugins.Redundancy.Peer.Messages;

/// <summary>Primary to an active backup: the primary is back; go standby and confirm (failback).</summary>
internal sealed record TakeOverRequestMessage(long Term) : PeerMessage;
