using N3Host.Plugins.Redundancy.Peer.Messages;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>What a <see cref="PeerSession"/> tells the node's decisions (the coordinator, which handles each call under its lock).</summary>
internal interface IPeerSessionOwner
{
    /// <summary>Cancelled when the redundancy module stops.</summary>
    CancellationToken Stopping { get; }

    /// <summary>The link is open: this node's hello is queued on it. False when the node is stopping (the link is not run).</summary>
    bool Open(PeerLink link);

    /// <summary>A message arrived on the link.</summary>
    void Received(PeerLink link, PeerMessage message);

    /// <summary>The heartbeat timer of the link fired: this node's role and term go out.</summary>
    void Heartbeat(PeerLink link);

    /// <summary>The link closed (told once, as soon as its read side ended).</summary>
    void Closed(PeerLink link, string reason);
}
