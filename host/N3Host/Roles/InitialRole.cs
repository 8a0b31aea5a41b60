using N3Host.Configuration;
using N3Host.Contracts;

namespace N3Host.Roles;

/// <summary>
/// The role a node reports before any module controls it. A node configured as primary or backup (an enabled
/// <c>Redundancy</c> instance with that <c>mode</c>) is that mode and standby from its first answer, so a dashboard polling a
/// starting node never sees a second active node; a node without one is standalone and active.
/// </summary>
internal static class InitialRole
{
    public static RoleState From(NodeConfiguration config, TimeProvider time)
    {
        var now = time.GetUtcNow();
        foreach (var instance in config.Modules)
        {
            if (!instance.Enabled || !string.Equals(instance.Module, "Redundancy", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var mode = instance.Settings["mode"]?.Trim();
            if (string.Equals(mode, "primary", StringComparison.OrdinalIgnoreCase))
            {
                return new RoleState(RedundancyMode.Primary, NodeRole.Standby, 0, $"starting: the redundancy instance '{instance.Instance}' decides the role", now);
            }

            if (string.Equals(mode, "backup", StringComparison.OrdinalIgnoreCase))
            {
                return new RoleState(RedundancyMode.Backup, NodeRole.Standby, 0, $"starting: the redundancy instance '{instance.Instance}' decides the role", now);
            }
        }

        return RoleGate.StandaloneState(now);
    }
}
