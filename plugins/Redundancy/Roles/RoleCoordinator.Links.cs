using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Peer;
using N3Host.Plugins.Redundancy.Peer.Messages;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>Links to the peer: handshake, heartbeats, silence detection, messages, closing.</summary>
internal sealed partial class RoleCoordinator : IPeerLinkHandler
{
    /// <summary>Runs the protocol on an authenticated channel until it closes; returns why it closed.</summary>
    public async Task<string> RunLinkAsync(IPeerChannel channel, CancellationToken cancellationToken)
    {
        var connection = new PeerConnection(channel, _options.MaxFrameSize);
        var link = new PeerLink(connection, _time.GetUtcNow())
        {
            Timeouts = new LinkTimeouts(_options.Connection.ConnectionTimeout, _options.HeartbeatInterval, null),
        };
        var handshakeTimeout = _options.Connection.HandshakeTimeout;
        var interval = _options.HeartbeatInterval;
        bool stopped;
        lock (_lock)
        {
            stopped = _stopped;
            if (_attempt is { } attempt)
            {
                _attempt = attempt with { Step = "hello", Since = _time.GetUtcNow() };
            }

            connection.Send(new HelloMessage(_self.Name, _options.Mode, _self.HostVersion, _self.Modules(), _term, _role)
            {
                ModeChanged = _pairing?.NewPairingPending ?? false,
                ConnectionTimeoutMs = (long)_options.Connection.ConnectionTimeout.TotalMilliseconds,
                HeartbeatIntervalMs = (long)_options.HeartbeatInterval.TotalMilliseconds,
            });
        }

        if (stopped)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
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
            link, handshakeTimeout, Timeout.InfiniteTimeSpan);
        link.HeartbeatTimer = _time.CreateTimer(static s => ((LinkTimerState)s!).Owner.SendHeartbeat(((LinkTimerState)s).Link), new LinkTimerState(this, link), interval, interval);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var reason = "the link ended unexpectedly";
        var ended = 0;
        void End(string why)
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                link.Silence.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                link.HeartbeatTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                reason = why.StartsWith("no valid frame", StringComparison.Ordinal)
                    ? $"no valid frame from the peer for {link.Timeouts!.ConnectionTimeout.TotalMilliseconds:0} ms (connection.connectionTimeout)"
                    : why.StartsWith("no hello", StringComparison.Ordinal)
                        ? $"no hello from the peer within {handshakeTimeout.TotalMilliseconds:0} ms (connection.handshakeTimeout)"
                        : why;
                OnLinkClosed(link, reason);
                link.Sync?.Close();
                link.ConfigSync?.Close();
            }
        }

        TimeSpan Quiet() => link.Hello is null ? handshakeTimeout : link.Timeouts!.ConnectionTimeout;

        try
        {
            await connection.RunAsync(
                message =>
                {
                    OnMessage(link, message);
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
            End(reason);
            await link.Silence.DisposeAsync().ConfigureAwait(false);
            await link.HeartbeatTimer.DisposeAsync().ConfigureAwait(false);
        }

        return reason;
    }

    /// <summary>Records a connection refused before the protocol (TLS failure, wrong certificate), for status.</summary>
    public void RecordRefused(string address, PeerRefusal refusal)
    {
        lock (_lock)
        {
            RecordRefusedLocked(address, refusal.Reason, refusal.Level);
        }
    }

    public void AttemptStep(string address, string step)
    {
        lock (_lock)
        {
            _attempt = new ConnectionAttempt(address, step, _time.GetUtcNow());
            if (_options.Mode == RedundancyMode.Backup && _role != NodeRole.Active && _peer is null && !_startWindowOpen)
            {
                SetReason(WaitingReason());
            }
        }
    }

    public void AttemptFailed(string address, string reason)
    {
        lock (_lock)
        {
            EndAttempt(reason);
        }
    }

    private void EndAttempt(string reason)
    {
        if (_attempt is null)
        {
            return;
        }

        _attempt = null;
        _lastAttemptFailure = reason;
        Evaluate();
    }

    private string WaitingReason() => _attempt is { } attempt
        ? $"waiting for the primary at {attempt.Address}: {attempt.Step} in progress for {(_time.GetUtcNow() - attempt.Since).TotalMilliseconds:0} ms (a connection attempt in progress is not a failed primary)"
        : $"waiting for the primary at {_options.Connection.Host}:{_options.Connection.Port}";

    private void SendHeartbeat(PeerLink link)
    {
        lock (_lock)
        {
            link.Connection.Send(new HeartbeatMessage(_role, _term));
        }
    }

    private void OnMessage(PeerLink link, PeerMessage message)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            CheckFreeze();
            if (_fence is not null && (link.Hello is not null || message is Peer.Messages.HelloMessage))
            {
                LiftFence($"heard from the peer {link.Node}");
            }

            if (link.Hello is null)
            {
                OnFirstMessage(link, message);
                return;
            }

            if (_peer != link)
            {
                return;
            }

            switch (message)
            {
                case HeartbeatMessage heartbeat:
                    link.Heartbeats++;
                    ApplyPeerState(link, heartbeat.Role, heartbeat.Term);
                    break;
                case TakeOverRequestMessage request:
                    OnTakeOverRequest(link, request);
                    break;
                case StandbyConfirmedMessage confirmed:
                    ApplyPeerState(link, NodeRole.Standby, confirmed.Term);
                    break;
                case HandOverMessage handOver:
                    OnHandOver(link, handOver);
                    break;
                case RefusedMessage refused:
                    OnRefusedByPeer(link, refused);
                    break;
                case ConfigSnapshotMessage config:
                    link.ConfigSync?.Deliver(config);
                    break;
                default:
                    link.Connection.Close($"protocol error: unexpected {message.GetType().Name} after the handshake");
                    break;
            }
        }
    }

    private void OnFirstMessage(PeerLink link, PeerMessage message)
    {
        switch (message)
        {
            case HelloMessage hello:
                OnHello(link, hello);
                break;
            case RefusedMessage refused:
                OnRefusedByPeer(link, refused);
                break;
            default:
                link.RefusedByUs = true;
                var reason = $"protocol error: the first message was {message.GetType().Name}, not hello";
                RecordRefusedLocked(link.Connection.PeerChannel.RemoteAddress, reason);
                link.Connection.Close(reason);
                break;
        }
    }

    private void OnHello(PeerLink link, HelloMessage hello)
    {
        var address = link.Connection.PeerChannel.RemoteAddress;
        var refusal = PairingRefusal(hello);
        if (refusal is not null)
        {
            link.RefusedByUs = true;
            RecordRefusedLocked(address, refusal);
            link.Connection.SendAndClose(new RefusedMessage(refusal), refusal);
            return;
        }

        if (_peer is { } old)
        {
            _peer = null;
            ForgetPeer();
            old.Connection.Close("replaced by a new connection from the peer");
        }

        link.Hello = hello;
        _attempt = null;
        AgreeTimeouts(link, hello);
        var here = _pairing?.NewPairingPending ?? false;
        link.NewPairing = here || hello.ModeChanged;
        if (link.NewPairing)
        {
            var who = here && hello.ModeChanged ? "on both nodes" : here ? $"on {_self.Name} (here)" : $"on {hello.Node} (there)";
            Log.NewPairing(_logger, who, _options.Mode == RedundancyMode.Primary ? _self.Name : hello.Node, _options.Mode == RedundancyMode.Primary ? hello.Node : _self.Name);
        }

        _peer = link;
        _everPaired = true;
        if (_options.Mode == RedundancyMode.Backup && _startWindowOpen)
        {
            _startWindowOpen = false;
            _startTimer?.Dispose();
        }

        Log.PeerPaired(_logger, hello.Node, hello.Mode, hello.Role, hello.Term, hello.HostVersion, address,
            link.Connection.PeerChannel.Security, link.Connection.PeerChannel.CertificateFingerprint);
        OpenSync(link, hello);
        Changed?.Invoke();
        ApplyPeerState(link, hello.Role, hello.Term);
    }

    private void AgreeTimeouts(PeerLink link, HelloMessage hello)
    {
        var agreed = LinkTimeouts.Agree(_options.Connection.ConnectionTimeout, _options.HeartbeatInterval, hello);
        link.Timeouts = agreed;
        link.HeartbeatTimer?.Change(agreed.HeartbeatInterval, agreed.HeartbeatInterval);
        if (agreed.Mismatch is { } mismatch)
        {
            Log.TimeoutsDiffer(_logger, mismatch);
        }
    }

    private void OpenSync(PeerLink link, HelloMessage hello)
    {
        var differences = VersionCheck.Compare(_self.HostVersion, _self.Modules(), hello);
        if (differences.Count == 0)
        {
            _versionMismatch = null;
            link.Sync = _linkSync?.Open(link.Connection, hello.Node, link.NewPairing);
            link.ConfigSync = _configSync?.Open(link.Connection, hello.Node);
            return;
        }

        var text = string.Join("; ", differences);
        var message = $"versions differ between {_self.Name} (here) and {hello.Node} (there): {text}; the pair does not synchronize until both nodes run the same versions";
        _versionMismatch = new VersionMismatch(hello.Node, message, differences, _time.GetUtcNow());
        Log.VersionMismatch(_logger, message);
    }

    private string? PairingRefusal(HelloMessage hello)
    {
        var expected = _options.Mode == RedundancyMode.Primary ? RedundancyMode.Backup : RedundancyMode.Primary;
        if (hello.Mode == expected)
        {
            return null;
        }

        var peerMode = hello.Mode.ToString().ToLowerInvariant();
        return hello.Mode == _options.Mode
            ? $"both nodes are configured as {peerMode} ({_self.Name} and {hello.Node}); set mode {expected.ToString().ToLowerInvariant()} on one of them"
            : $"the peer {hello.Node} is in {peerMode} mode; a {_options.Mode.ToString().ToLowerInvariant()} pairs only with a {expected.ToString().ToLowerInvariant()}";
    }

    private void OnTakeOverRequest(PeerLink link, TakeOverRequestMessage request)
    {
        ApplyPeerState(link, NodeRole.Standby, request.Term);
        if (_role == NodeRole.Active)
        {
            SetRole(NodeRole.Standby, $"failback: the primary {link.Node} is back and takes over");
        }

        link.Connection.Send(new StandbyConfirmedMessage(_term));
    }

    private void OnHandOver(PeerLink link, HandOverMessage handOver)
    {
        link.Role = NodeRole.Standby;
        link.Term = Math.Max(link.Term, handOver.Term);
        if (handOver.Term > _term)
        {
            _term = handOver.Term;
        }

        if (_role != NodeRole.Active)
        {
            Activate($"{handOver.Reason}: {link.Node} handed over the active role");
        }
    }

    private void OnRefusedByPeer(PeerLink link, RefusedMessage refused)
    {
        link.RefusedByUs = true;
        var reason = $"the peer refused the pairing: {refused.Reason}";
        RecordRefusedLocked(link.Connection.PeerChannel.RemoteAddress, reason);
        link.Connection.Close(reason);
    }

    private void RecordRefusedLocked(string address, string reason, LogLevel level = LogLevel.Error)
    {
        // The same refusal again (the backup retries every reconnect delay) is logged at debug level only.
        level = _lastRefused?.Reason == reason ? LogLevel.Debug : level;
        _lastRefused = new RefusedConnection(address, reason, _time.GetUtcNow());
        Log.PeerRefused(_logger, level, address, reason);
        Changed?.Invoke();
    }

    private void OnLinkClosed(PeerLink link, string reason)
    {
        lock (_lock)
        {
            if (link.Hello is null && !link.RefusedByUs && link.Connection.Refusal is { } refusal)
            {
                // Refused from its frames alone (an older node's frame format): said as a refusal, not as a connection that closed early.
                link.RefusedByUs = true;
                RecordRefusedLocked(link.Connection.PeerChannel.RemoteAddress, refusal);
            }

            if (_peer != link)
            {
                if (link.Hello is null)
                {
                    EndAttempt(reason);
                }

                if (link.Hello is null && !link.RefusedByUs && !_stopped)
                {
                    var text = $"closed before the handshake: {reason} (if this repeats, check that each node's remoteCertificate is the other node's 'n3host cert show')";
                    var level = _lastRefused?.Reason == text ? LogLevel.Debug : LogLevel.Warning;
                    Log.PeerClosedBeforePairing(_logger, level, link.Connection.PeerChannel.RemoteAddress, reason);
                    _lastRefused = new RefusedConnection(link.Connection.PeerChannel.RemoteAddress, text, _time.GetUtcNow());
                    Changed?.Invoke();
                }

                return;
            }

            _peer = null;
            ForgetPeer();
            _lastDisconnectReason = reason;
            if (_stopped)
            {
                return;
            }

            Evaluate();
            Log.PeerLost(_logger, link.Node, link.Connection.PeerChannel.RemoteAddress, reason);
            Changed?.Invoke();
        }
    }

    private void ForgetPeer()
    {
        _syncGeneration++;
        _syncRunning = false;
        _takeOverRequested = false;
        _failbackRequested = false;
        _holdStandby = false;
    }

    private sealed record LinkTimerState(RoleCoordinator Owner, PeerLink Link);
}
