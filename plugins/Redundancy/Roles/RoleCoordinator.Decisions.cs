using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Options;
using N3Host.Plugins.Redundancy.Peer.Messages;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>The decisions: what the node's role should be given the peer, the timers and the commands (always under the lock).</summary>
internal sealed partial class RoleCoordinator
{
    private void Evaluate()
    {
        if (_state.Stopped || _role == NodeRole.Active || _fence is not null)
        {
            return;
        }

        if (_options.Mode == RedundancyMode.Primary)
        {
            EvaluatePrimary();
        }
        else
        {
            EvaluateBackup();
        }
    }

    private void EvaluatePrimary()
    {
        var peer = _peer;
        if (peer is null)
        {
            if (_state.StartWindowOpen)
            {
                return;
            }

            if (WitnessVeto(_state.EverPaired ? $"the backup is unavailable ({_lastDisconnectReason})" : "the backup did not connect within the initial standby time") is { } veto)
            {
                SetReason(veto);
                return;
            }

            if (_state.EverPaired)
            {
                Activate($"the backup is unavailable ({_lastDisconnectReason}); the primary is active");
            }
            else
            {
                var reason = $"the backup did not connect within the initial standby time ({_options.Server.InitialStandbyTime.TotalMilliseconds:0} ms); active without synchronization with the backup";
                Log.ActiveWithoutBackup(_logger, reason);
                Activate(reason);
            }

            _sync.ActivatedWithoutSync();
            return;
        }

        if (peer.Role == NodeRole.Active)
        {
            _state = _state.BackupSeenActive();
            if (_state.HoldStandby)
            {
                SetReason($"standby after a forced failover; the backup {peer.Node} is active ('n3host failback' takes the active role back)");
            }
            else if (_options.Failback == FailbackMode.Manual && !_state.FailbackRequested)
            {
                SetReason($"the backup {peer.Node} is active; failback is manual: waiting for 'n3host failback'");
            }
            else if (!_state.TakeOverRequested)
            {
                _state = _state.TakeOverAsked();
                peer.Connection.Send(new TakeOverRequestMessage(_term));
                SetReason($"failback: asking the backup {peer.Node} to hand over");
            }

            return;
        }

        if (_state.HoldStandby)
        {
            SetReason($"standby after a forced failover to the backup {peer.Node} ('n3host failback' takes the active role back)");
        }
        else if (!_state.HandOverRunning)
        {
            StartHandOver(peer);
        }
    }

    private void EvaluateBackup()
    {
        if (_peer is { } peer)
        {
            SetReason($"paired with the primary {peer.Node} ({Lower(peer.Role)}, term {peer.Term}); standby");
            return;
        }

        if (_state.StartWindowOpen)
        {
            return;
        }

        if (_attempt is not null)
        {
            // A connection attempt in progress (TCP, TLS, hello) is not a dead primary: its own bound ends it.
            SetReason(WaitingReason());
            return;
        }

        var why = _state.EverPaired
            ? $"the primary is unavailable: {_lastDisconnectReason}"
            : $"the primary is not reachable at {_options.Connection.Host}:{_options.Connection.Port} within {_options.Connection.ConnectionTimeout.TotalMilliseconds:0} ms ({_lastAttemptFailure ?? "no connection attempt made"})";
        if (WitnessVeto(why) is { } veto)
        {
            SetReason(veto);
            return;
        }

        Activate(Witness is null ? why : $"{why}; the witness has no heartbeat from the primary either");
    }

    private void StartHandOver(PeerLink peer)
    {
        _state = _state.HandOverStarted();
        var generation = _state.HandOverGeneration;
        if (_versionMismatch is { } mismatch && mismatch.Peer == peer.Node)
        {
            _state = _state.HandOverEnded();
            Activate($"the backup {peer.Node} is standby; nothing was synchronized because {mismatch.Message}; the primary is active");
            return;
        }

        var context = new FailbackSyncContext(peer.Node, peer.Term, peer.Connection, _state.BackupWasActive, peer.NewPairing);
        SetReason($"the backup {peer.Node} is standby; taking over: synchronizing what the backup holds");
        Task task;
        try
        {
            task = _sync.SynchronizeAsync(context, _stopping.Token);
        }
        catch (Exception e)
        {
            task = Task.FromException(e);
        }

        if (task.IsCompleted)
        {
            FinishHandOver(generation, task, peer);
        }
        else
        {
            _ = AwaitHandOverAsync(generation, task, peer);
        }
    }

    private async Task AwaitHandOverAsync(int generation, Task task, PeerLink peer)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Reported by FinishHandOver from the task's state.
        }

        lock (_lock)
        {
            FinishHandOver(generation, task, peer);
        }
    }

    private void FinishHandOver(int generation, Task task, PeerLink peer)
    {
        if (generation != _state.HandOverGeneration || _peer != peer || _role == NodeRole.Active || _state.Stopped)
        {
            return;
        }

        _state = _state.HandOverEnded();
        if (task.IsCanceled)
        {
            return;
        }

        if (task.Exception is { } error)
        {
            Log.HandOverFailed(_logger, peer.Node, error.GetBaseException());
            Activate($"the backup {peer.Node} is standby but the hand-over failed ({error.GetBaseException().Message}); the primary is active");
            _sync.ActivatedWithoutSync();
            return;
        }

        Activate(_state.BackupWasActive
            ? $"failback: the backup {peer.Node} handed over and is standby; the primary is active"
            : $"the backup {peer.Node} is connected and standby; the primary is active");
    }

    private void ApplyPeerState(PeerLink link, NodeRole role, long term)
    {
        link.Role = role;
        link.Term = term;
        NotifyWatchers();
        if (term > _term)
        {
            Log.HigherTermSeen(_logger, link.Node, term, _term);
            var wasActive = _role == NodeRole.Active;

            // Standby first: neither the peer nor the witness must ever see this node active in the peer's term.
            if (wasActive)
            {
                SetRole(NodeRole.Standby, $"the peer {link.Node} is in a higher term ({term}); stepping down");
            }

            _term = term;
            SaveTerm();
            if (wasActive)
            {
                _roles.Set(new RoleState(_options.Mode, _role, _term, _reason, _since));
                Changed?.Invoke();
            }
            else if (!_state.Stopped)
            {
                _roles.Set(new RoleState(_options.Mode, _role, _term, _reason, _since));
                Changed?.Invoke();
            }
        }
        else if (term == _term && role == NodeRole.Active && _role == NodeRole.Active && _options.Mode == RedundancyMode.Backup)
        {
            SetRole(NodeRole.Standby, $"both nodes were active in term {term}; the primary {link.Node} keeps the active role");
        }

        Evaluate();
    }

    private void Activate(string reason)
    {
        _term++;
        _state = _state.Activated();
        _startTimer?.Dispose();
        SetRole(NodeRole.Active, reason);
        SaveTerm();
    }

    private void SetRole(NodeRole role, string reason)
    {
        if (_state.Stopped)
        {
            return;
        }

        _role = role;
        _reason = reason;
        _since = _time.GetUtcNow();
        _roles.Set(new RoleState(_options.Mode, role, _term, reason, _since));
        _peer?.Connection.Send(new HeartbeatMessage(_role, _term));
        Witness?.Publish(role, _term);
        NotifyWatchers();
        Changed?.Invoke();
        Log.RoleChanged(_logger, _options.Mode, role, _term, reason);
    }

    private void SetReason(string reason)
    {
        if (reason == _reason)
        {
            return;
        }

        _reason = reason;
        Log.RoleChanged(_logger, _options.Mode, _role, _term, reason);
        Changed?.Invoke();
    }

    private void SaveTerm()
    {
        Witness?.Publish(_role, _term);
        try
        {
            _terms.Save(_term);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.TermNotSaved(_logger, _term, _terms.FilePath, e);
        }
    }
}
