namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>
/// One connection to the peer, from the hello to the close: its silence timer (the handshake bound until the hello, then
/// the pair's agreed connection timeout), its heartbeat timer, and the dispatch of its frames, messages to the owner's
/// decisions and sync frames to the link's sync. The decisions stay with the owner; this type holds no state of the node.
/// </summary>
internal sealed class PeerSession
{
    private readonly PeerLink _link;
    private readonly IPeerSessionOwner _owner;
    private readonly TimeSpan _handshakeTimeout;
    private readonly TimeSpan _heartbeatInterval;
    private readonly TimeProvider _time;
    private string _reason = "the link ended unexpectedly";
    private int _ended;

    public PeerSession(PeerLink link, IPeerSessionOwner owner, TimeSpan handshakeTimeout, TimeSpan heartbeatInterval, TimeProvider time)
    {
        _link = link;
        _owner = owner;
        _handshakeTimeout = handshakeTimeout;
        _heartbeatInterval = heartbeatInterval;
        _time = time;
    }

    /// <summary>Runs the link until it closes; returns why it closed.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var link = _link;
        if (!_owner.Open(link))
        {
            await link.Connection.PeerChannel.DisposeAsync().ConfigureAwait(false);
            return "the node is stopping";
        }

        // Until the hello, the handshake bound applies; from the hello on, the pair's agreed silence timeout.
        link.Silence = _time.CreateTimer(
            static s =>
            {
                var l = (PeerLink)s!;
                l.Connection.Close(l.Hello is null
                    ? "no hello from the peer within connection.handshakeTimeout"
                    : "no valid frame from the peer within connection.connectionTimeout");
            },
            link, _handshakeTimeout, Timeout.InfiniteTimeSpan);
        link.HeartbeatTimer = _time.CreateTimer(static s => ((PeerSession)s!).Beat(), this, _heartbeatInterval, _heartbeatInterval);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _owner.Stopping);
        try
        {
            await link.Connection.RunAsync(
                message =>
                {
                    _owner.Received(link, message);
                    link.Silence.Change(Quiet(), Timeout.InfiniteTimeSpan);
                },
                payload =>
                {
                    link.Silence.Change(Quiet(), Timeout.InfiniteTimeSpan);
                    link.Sync?.Deliver(payload);
                },
                End,
                linked.Token).ConfigureAwait(false);
        }
        finally
        {
            End(_reason);
            await link.Silence.DisposeAsync().ConfigureAwait(false);
            await link.HeartbeatTimer.DisposeAsync().ConfigureAwait(false);
        }

        return _reason;
    }

    private void Beat() => _owner.Heartbeat(_link);

    private TimeSpan Quiet() => _link.Hello is null ? _handshakeTimeout : _link.Timeouts!.ConnectionTimeout;

    private void End(string why)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        var link = _link;
        link.Silence!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        link.HeartbeatTimer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _reason = why.StartsWith("no valid frame", StringComparison.Ordinal)
            ? $"no valid frame from the peer for {link.Timeouts!.ConnectionTimeout.TotalMilliseconds:0} ms (connection.connectionTimeout)"
            : why.StartsWith("no hello", StringComparison.Ordinal)
                ? $"no hello from the peer within {_handshakeTimeout.TotalMilliseconds:0} ms (connection.handshakeTimeout)"
                : why;
        _owner.Closed(link, _reason);
        link.Sync?.Close();
        link.ConfigSync?.Close();
    }
}
