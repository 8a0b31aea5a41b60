using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Options;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>The witness's word in the decisions, and fencing after a freeze (always under the lock).</summary>
internal sealed partial class RoleCoordinator
{
    /// <summary>
    /// Null when the node may become active on a silent or closed link; otherwise why it stays standby: with a witness, the
    /// peer must be silent there too, and a node that sees neither its peer nor the witness does not become active.
    /// </summary>
    private string? WitnessVeto(string why)
    {
        if (Witness is not { } witness)
        {
            return null;
        }

        var view = witness.View;
        var peerName = _options.Mode == RedundancyMode.Backup ? "primary" : "backup";
        if (!view.Reachable)
        {
            return $"{why}, and the witness {view.Broker} is not reachable ({view.LastError ?? "this node's heartbeat did not come back through it"}): "
                + "a node that sees neither its peer nor the witness does not become active; standby";
        }

        if (!view.PeerAlive)
        {
            return null;
        }

        if (_options.Mode == RedundancyMode.Backup)
        {
            return $"{why}, but the witness shows the primary {view.PeerNode} alive ({Lower(view.PeerRole ?? NodeRole.Standby)}, term {view.PeerTerm}): the direct link is down, not the primary; standby";
        }

        return view.PeerRole == NodeRole.Active
            ? $"{why}, but the witness shows the {peerName} {view.PeerNode} active (term {view.PeerTerm}): the direct link is down; standby until it is back"
            : null;
    }

    private void OnWitnessChanged()
    {
        lock (_lock)
        {
            if (_state.Stopped || Witness is not { } witness)
            {
                return;
            }

            CheckFreeze();
            var view = witness.View;
            if (_fence is { } fence && view.Reachable && view.EchoedSeq > fence.WitnessSeq)
            {
                LiftFence($"heard from the witness {view.Broker}");
            }

            if (view is { PeerAlive: true, PeerTerm: { } term, PeerRole: { } role } && _peer is null)
            {
                ApplyWitnessPeer(view.PeerNode ?? "the peer", role, term);
            }

            Evaluate();
            Changed?.Invoke();
        }
    }

    /// <summary>The peer as the witness shows it while the direct link is down: a higher term there means this node is stale.</summary>
    private void ApplyWitnessPeer(string node, NodeRole role, long term)
    {
        if (term > _term)
        {
            Log.HigherTermSeen(_logger, node, term, _term);

            // Standby first: the witness must never carry this node as active in the peer's term.
            if (_role == NodeRole.Active)
            {
                SetRole(NodeRole.Standby, $"the witness shows the peer {node} {Lower(role)} in a higher term ({term}); stepping down");
            }

            _term = term;
            SaveTerm();
        }
        else if (term == _term && role == NodeRole.Active && _role == NodeRole.Active && _options.Mode == RedundancyMode.Backup)
        {
            SetRole(NodeRole.Standby, $"the witness shows both nodes active in term {term}; the primary {node} keeps the active role");
        }
    }

    private void OnTick()
    {
        lock (_lock)
        {
            var now = FreezeClock.GetTimestamp();
            var elapsed = FreezeClock.GetElapsedTime(_lastTick, now);
            var fenced = _fence is not null;
            if (!_state.Stopped && !fenced)
            {
                // Before the tick counts as fresh: StillActive reads _lastTick without the lock, so a tick marked fresh before the
                // node has stepped down would let a publisher on another thread through while the fence is being set (seen in CI:
                // one value of the resumed primary's old term stamped inside the backup's active period).
                FenceIfFrozen(elapsed);
            }

            Interlocked.Exchange(ref _lastTick, now);
            if (_state.Stopped || !fenced || _fence is not { } fence)
            {
                return;
            }

            if (Witness is null && FreezeClock.GetUtcNow() >= fence.Until)
            {
                LiftFence($"no peer and no witness within {(fence.Until - fence.Since).TotalMilliseconds:0} ms of the freeze");
                Evaluate();
            }
        }
    }

    /// <summary>
    /// The host asks this before each value of an ActiveOnly module enters the tag bus: cheap while the freeze clock ticks on
    /// time; when it did not (the process was stopped), the node fences itself first and the value is refused.
    /// </summary>
    public bool StillActive()
    {
        if (FreezeClock.GetElapsedTime(Interlocked.Read(ref _lastTick)) <= FreezeLimit())
        {
            return true;
        }

        lock (_lock)
        {
            CheckFreeze();
            return _role == NodeRole.Active;
        }
    }

    /// <summary>Also called by every status read, so that a resumed node answers fenced before any tick of its timer ran.</summary>
    private void CheckFreeze()
    {
        if (!_state.Stopped && _fence is null && _tick is not null)
        {
            FenceIfFrozen(FreezeClock.GetElapsedTime(_lastTick));
        }
    }

    /// <summary>
    /// How long this node may stand still before its peer may have declared it gone: the peer's silence timer runs from
    /// the last frame it received, and that frame left here up to one heartbeat interval before the freeze began, so the
    /// limit is the connection timeout less one heartbeat interval (a freeze just shorter than the timeout still lets the
    /// peer take over; seen: the resumed primary active beside the backup until it heard the backup's term).
    /// </summary>
    private TimeSpan FreezeLimit()
    {
        var timeouts = Volatile.Read(ref _peer)?.Timeouts;
        var timeout = timeouts?.ConnectionTimeout ?? _options.Connection.ConnectionTimeout;
        var interval = timeouts?.HeartbeatInterval ?? _options.HeartbeatInterval;
        return timeout - interval > interval ? timeout - interval : interval;
    }

    private void FenceIfFrozen(TimeSpan elapsed)
    {
        var limit = FreezeLimit();
        if (elapsed > limit)
        {
            SetFence((long)elapsed.TotalMilliseconds, limit);
        }
    }

    private void SetFence(long frozenMs, TimeSpan limit)
    {
        var timeout = _peer?.Timeouts?.ConnectionTimeout ?? _options.Connection.ConnectionTimeout;
        _fence = new Fence(_time.GetUtcNow(), frozenMs, FreezeClock.GetUtcNow() + (2 * timeout), Witness?.SentSeq ?? 0);
        var reason = $"fenced: this node was frozen for {frozenMs} ms, long enough for its peer to have declared it gone "
            + $"(connection timeout {timeout.TotalMilliseconds:0} ms less one heartbeat interval: {limit.TotalMilliseconds:0} ms); "
            + $"standby until it hears from its peer{(Witness is null ? string.Empty : " or the witness")}";
        Log.Fenced(_logger, reason);
        if (_role == NodeRole.Active)
        {
            SetRole(NodeRole.Standby, reason);
        }
        else
        {
            SetReason(reason);
        }
    }

    private void LiftFence(string why)
    {
        if (_fence is null)
        {
            return;
        }

        _fence = null;
        Log.FenceLifted(_logger, why);
    }
}
