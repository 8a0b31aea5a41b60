using N3Host.Plugins.Redundancy.Peer;
using N3Host.Plugins.Redundancy.Peer.Messages;

namespace N3Host.Plugins.Redundancy.ConfigSync;

/// <summary>One paired link's configuration sync: the peer's latest configuration, and when the first one was dealt with.</summary>
internal sealed class ConfigLink(PairConfigSync owner, PeerConnection connection, string peerNode) : IConfigLink
{
    private volatile ConfigSnapshotMessage? _peer;
    private volatile bool _closed;

    public PeerConnection Connection { get; } = connection;

    public string PeerNode { get; } = peerNode;

    /// <summary>The peer's latest configuration; null until it arrived.</summary>
    public ConfigSnapshotMessage? Peer => _peer;

    public bool IsClosed => _closed;

    /// <summary>Completed once the peer's configuration arrived and was dealt with (taken, or left to the peer), or the link closed.</summary>
    public TaskCompletionSource Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Deliver(ConfigSnapshotMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _peer = message;
        owner.OnPeerConfig(this);
    }

    public void Close()
    {
        _closed = true;
        Settled.TrySetResult();
        owner.OnClosed(this);
    }
}
