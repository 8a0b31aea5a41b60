using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Witness;

/// <summary>
/// What this node knows from the witness now. <see cref="Reachable"/>: its own heartbeat came back through the broker within
/// the connection timeout. <see cref="PeerAlive"/>: the peer's heartbeat arrived within the connection timeout and no will
/// (offline) came after it.
/// </summary>
internal sealed record WitnessView(string Broker, bool Connected, bool Reachable, bool PeerAlive, string? PeerNode, NodeRole? PeerRole, long? PeerTerm,
    long? PeerSeenMsAgo, string? LastError)
{
    /// <summary>The sequence number of this node's latest heartbeat that came back through the broker.</summary>
    public long EchoedSeq { get; init; }

    public static WitnessView None(string broker) => new(broker, false, false, false, null, null, null, null, null);
}
