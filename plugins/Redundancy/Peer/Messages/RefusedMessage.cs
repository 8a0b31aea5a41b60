namespace N3Host.Plugins.Redundancy.Peer.Messages;

/// <summary>The pairing is refused (for example two primaries); the sender closes the connection after it.</summary>
internal sealed record RefusedMessage(string Reason) : PeerMessage;
