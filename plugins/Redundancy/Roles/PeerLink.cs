using N3Host.Contracts;
using N3Host.Plugins.Redundancy.ConfigSync;
using N3Host.Plugins.Redundancy.Peer;
using N3Host.Plugins.Redundancy.Peer.Messages;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>One connection to the peer and what is known about the peer through it.</summary>
internal sealed class PeerLink(PeerConnection connection, DateTimeOffset openedAt)
{
    public PeerConnection Connection { get; } = connection;

    public DateTimeOffset OpenedAt { get; } = openedAt;

    public HelloMessage? Hello { get; set; }

    public NodeRole Role { get; set; } = NodeRole.Standby;

    public long Term { get; set; }

    public bool RefusedByUs { get; set; }

    /// <summary>
    /// The pair agreed at this link's handshake that it is a new pairing: this node's or the peer's redundancy mode changed
    /// (<see cref="Pairing.PairingStore.NewPairingPending"/> here, <see cref="HelloMessage.ModeChanged"/> there). The primary's
    /// configuration and stored data then overwrite the backup's.
    /// </summary>
    public bool NewPairing { get; set; }

    public long Heartbeats { get; set; }

    /// <summary>The timeouts this link runs with: the node's own until the hello, then the pair's agreed ones.</summary>
    public LinkTimeouts? Timeouts { get; set; }

    public ITimer? Silence { get; set; }

    public ITimer? HeartbeatTimer { get; set; }

    /// <summary>The stored-data sync of this link; null until paired, and when the versions differ.</summary>
    public ILinkSync? Sync { get; set; }

    /// <summary>The configuration sync of this link; null until paired, and when the versions differ.</summary>
    public IConfigLink? ConfigSync { get; set; }

    public string Node => Hello?.Node ?? Connection.PeerChannel.RemoteAddress;
}
