using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Peer;
using N3Host.Plugins.Redundancy.Peer.Messages;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>Links to the peer as the decisions see them: each link runs as a <see cref="PeerSession"/>; its hello, messages and close come here, under the lock.</summary>
internal sealed partial class RoleCoordinator : IPeerLinkHandler, IPeerSessionOwner
{
    /// <summary>Runs the protocol on an authenticated channel until it closes (a <see cref="PeerSession"/>); returns why it closed.</summary>
    public Task<string> RunLinkAsync(IPeerChannel channel, CancellationToken cancellationToken)
    {
        var link = new PeerLink(new PeerConnection(channel, _options.MaxFrameSize), _time.GetUtcNow())
        {
            Timeouts = new LinkTimeouts(_options.Connection.ConnectionTimeout, _options.HeartbeatInterval, null),
        };
        return new PeerSession(link, this, _options.Connection.HandshakeTimeout, _options.HeartbeatInterval, _time).RunAsync(cancellationToken);
    }

    bool IPeerSessionOwner.Open(PeerLink link)
    {
        lock (_lock)
        {
            if (_state.Stopped)
            {
                return false;
            }

            if (_attempt is { } attempt)
            {
                _attempt = attempt with { Step = "hello", Since = _time.GetUtcNow() };
            }

            link.Connection.Send(new HelloMessage(_self.Name, _options.Mode, _self.HostVersion, _self.Modules(), _term, _role)
            {
                ModeChanged = _pairing?.NewPairingPending ?? false,
                ConnectionTimeoutMs = (long)_options.Connection.ConnectionTimeout.TotalMilliseconds,
                HeartbeatIntervalMs = (long)_options.HeartbeatInterval.TotalMilliseconds,
            });
            return true;
        }
    }

    void IPeerSessionOwner.Received(PeerLink link, PeerMessage message) => OnMessage(link, message);

    void IPeerSessionOwner.Heartbeat(PeerLink link) => SendHeartbeat(link);

    void IPeerSessionOwner.Closed(PeerLink link, string reason) => OnLinkClosed(link, reason);

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
            if (_options.Mode == RedundancyMode.Backup && _role != NodeRole.Active && _peer is null && !_state.StartWindowOpen)
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
            if (_state.Stopped)
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
        var refusal = ModeCheck.Refusal(_options.Mode, _self.Name, hello);
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
        _state = _state.Paired();
        if (_options.Mode == RedundancyMode.Backup && _state.StartWindowOpen)
        {
            _state = _state.StartWindowClosed();
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
        if (differences.All(d => d.PatchOnly))
        {
            _versionMismatch = null;
            _versionSkew = null;
            if (differences.Count > 0)
            {
                // A rolling upgrade: one node runs the next patch version. The pair synchronizes as usual, and says so until both match.
                var skew = $"patch versions differ between {_self.Name} (here) and {hello.Node} (there): {string.Join("; ", differences)}; "
                    + "the pair synchronizes (a rolling upgrade); upgrade the other node too";
                _versionSkew = new VersionMismatch(hello.Node, skew, differences, _time.GetUtcNow());
                Log.VersionSkew(_logger, skew);
            }

            link.Sync = _linkSync?.Open(link.Connection, hello.Node, link.NewPairing);
            link.ConfigSync = _configSync?.Open(link.Connection, hello.Node);
            return;
        }

        _versionSkew = null;
        var text = string.Join("; ", differences);
        var message = $"versions differ between {_self.Name} (here) and {hello.Node} (there): {text}; the pair does not synchronize until both nodes run the same versions";
        _versionMismatch = new VersionMismatch(hello.Node, message, differences, _time.GetUtcNow());
        Log.VersionMismatch(_logger, message);
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

                if (link.Hello is null && !link.RefusedByUs && !_state.Stopped)
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
            if (_state.Stopped)
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
        _state = _state.PeerForgotten();
    }
}
