using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Options;
using N3Host.Plugins.Redundancy.Peer.Messages;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>Forced failover and manual failback (<c>n3host failover</c>, <c>n3host failback</c>, the management API).</summary>
internal sealed partial class RoleCoordinator : IRedundancyControl
{
    public Task<FailoverResult> FailoverAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var refusal = FailoverRefusal();
            if (refusal is not null)
            {
                Log.CommandRefused(_logger, "failover", refusal);
                return Task.FromResult(new FailoverResult(false, refusal));
            }

            var peer = _peer!;
            if (_options.Mode == RedundancyMode.Primary)
            {
                _state = _state.FailedOver();
            }

            SetRole(NodeRole.Standby, $"forced failover: handing the active role to {peer.Node}");
            peer.Role = NodeRole.Active;
            peer.Connection.Send(new HandOverMessage(_term, "forced failover"));
            var message = $"{_self.Name} is standby; {peer.Node} takes the active role";
            Log.CommandAccepted(_logger, "failover", message);
            return Task.FromResult(new FailoverResult(true, message));
        }
    }

    public Task<FailoverResult> FailbackAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var refusal = FailbackRefusal();
            if (refusal is not null)
            {
                Log.CommandRefused(_logger, "failback", refusal);
                return Task.FromResult(new FailoverResult(false, refusal));
            }

            var peer = _peer!;
            _state = _state.FailbackAsked();
            Evaluate();
            var message = $"asking the backup {peer.Node} to hand over; the primary goes active when it is standby";
            Log.CommandAccepted(_logger, "failback", message);
            return Task.FromResult(new FailoverResult(true, message));
        }
    }

    private string? FailoverRefusal()
    {
        if (_options.Mode == RedundancyMode.Standalone)
        {
            return "this node is standalone: there is no peer to fail over to";
        }

        if (_peer is not { } peer)
        {
            return "no peer is connected" + (_lastRefused is { } refused ? $" (last refused connection: {refused.Reason})" : string.Empty);
        }

        if (_role != NodeRole.Active)
        {
            return $"this node is standby; run failover on the active node ({peer.Node})";
        }

        return peer.Role == NodeRole.Standby ? null : $"the peer {peer.Node} is not ready to take over (it is {peer.Role.ToString().ToLowerInvariant()})";
    }

    private string? FailbackRefusal()
    {
        if (_options.Mode != RedundancyMode.Primary)
        {
            return $"failback is a command for the primary; this node is {_options.Mode.ToString().ToLowerInvariant()}";
        }

        if (_role == NodeRole.Active)
        {
            return "the primary is already active";
        }

        if (_peer is not { } peer)
        {
            return "no backup is connected; the primary goes active on its own when the initial standby time ends or the backup is gone";
        }

        return peer.Role == NodeRole.Active || _state.HoldStandby ? null : $"the backup {peer.Node} is not active; the primary is taking over already";
    }
}
