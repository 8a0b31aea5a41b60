namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>The peer sent something that is not the protocol (oversized frame, garbage, wrong first message).</summary>
internal sealed class PeerProtocolException(string message) : Exception(message);
