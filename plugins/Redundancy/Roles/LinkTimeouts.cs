using N3Host.Plugins.Redundancy.Peer.Messages;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>
/// The silence timeout and heartbeat interval a link runs with, agreed at the handshake: the longer of the two nodes'
/// <c>connection.connectionTimeout</c> and the shorter of their <c>heartbeatInterval</c>, so both ends compute the same
/// values and neither declares the other dead while it heartbeats as it was told to.
/// </summary>
internal sealed record LinkTimeouts(TimeSpan ConnectionTimeout, TimeSpan HeartbeatInterval, string? Mismatch)
{
    public static LinkTimeouts Agree(TimeSpan ownTimeout, TimeSpan ownHeartbeat, HelloMessage hello)
    {
        if (hello.ConnectionTimeoutMs is not { } peerTimeoutMs || hello.HeartbeatIntervalMs is not { } peerHeartbeatMs)
        {
            return new LinkTimeouts(ownTimeout, ownHeartbeat, null);
        }

        var peerTimeout = TimeSpan.FromMilliseconds(peerTimeoutMs);
        var peerHeartbeat = TimeSpan.FromMilliseconds(peerHeartbeatMs);
        var timeout = ownTimeout >= peerTimeout ? ownTimeout : peerTimeout;
        var heartbeat = ownHeartbeat <= peerHeartbeat ? ownHeartbeat : peerHeartbeat;
        string? mismatch = null;
        if (peerTimeout != ownTimeout || peerHeartbeat != ownHeartbeat)
        {
            mismatch = $"the nodes' timeouts differ: here connectionTimeout {ownTimeout.TotalMilliseconds:0} ms, heartbeatInterval {ownHeartbeat.TotalMilliseconds:0} ms; "
                + $"{hello.Node} connectionTimeout {peerTimeoutMs} ms, heartbeatInterval {peerHeartbeatMs} ms; the pair uses the longer timeout "
                + $"({timeout.TotalMilliseconds:0} ms) and the shorter heartbeat ({heartbeat.TotalMilliseconds:0} ms): set the same values on both nodes";
        }

        return new LinkTimeouts(timeout, heartbeat, mismatch);
    }
}
