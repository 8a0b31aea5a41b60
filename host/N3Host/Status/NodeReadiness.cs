using N3Host.Contracts;
using N3Host.Plugins;
using N3Host.Roles;

namespace N3Host.Status;

/// <summary>Whether a node is ready (<c>GET /health/ready</c>), and if not, why: the first thing a user would look at.</summary>
/// <param name="Ready">The role is decided and every enabled instance is active or standby as the node's role says.</param>
/// <param name="Reason">What is ready, or the first thing that is not.</param>
internal sealed record NodeReadiness(bool Ready, string Reason)
{
    /// <summary>
    /// Ready means: the role is decided (<see cref="RoleGate.Decided"/>), and every enabled instance is in the state its role asks:
    /// an <c>Always</c> module active; an <c>ActiveOnly</c> module active on an active node, standby on a standby one. A refused,
    /// faulted, starting or stopped instance makes the node not ready.
    /// </summary>
    public static NodeReadiness Of(RoleGate gate, IReadOnlyList<ModuleDefinition> definitions, IReadOnlyList<ModuleStatus> states)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(states);
        var role = gate.Current;
        if (!gate.Decided)
        {
            return new NodeReadiness(false, $"the role is not decided yet ({role.Reason})");
        }

        var byName = states.ToDictionary(s => s.Instance, StringComparer.Ordinal);
        foreach (var definition in definitions.Where(d => d.Config.Enabled))
        {
            var name = definition.Config.Instance;
            var expected = definition.Follows == RoleFollowing.Always || role.IsActive ? ModuleState.Active : ModuleState.Standby;
            if (!byName.TryGetValue(name, out var status))
            {
                return new NodeReadiness(false, $"instance {name} has no state yet");
            }

            if (status.State != expected)
            {
                var error = status.LastError is null ? string.Empty : $": {status.LastError}";
                return new NodeReadiness(false, $"instance {name} is {status.State.ToString().ToLowerInvariant()}, not {expected.ToString().ToLowerInvariant()}{error}");
            }
        }

        return new NodeReadiness(true, $"{role.Mode.ToString().ToLowerInvariant()} {role.Role.ToString().ToLowerInvariant()}, every enabled instance as its role says");
    }
}
