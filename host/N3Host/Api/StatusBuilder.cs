using N3Host.Contracts;

namespace N3Host.Api;

/// <summary>Builds the node's status: node, versions, role, every instance, every service's status section, the tag bus.</summary>
internal static class StatusBuilder
{
    public static NodeStatusDto Build(NodeContext node)
    {
        var runtime = node.Runtime;
        var role = runtime.RoleGate.Current;
        var byInstance = node.Definitions.ToDictionary(d => d.Config.Instance, StringComparer.Ordinal);
        var modules = runtime.ModuleStates.Current.Select(s =>
        {
            // While a new configuration is being applied, an instance may be in one list and not yet in the other.
            byInstance.TryGetValue(s.Instance, out var definition);
            return new InstanceStatusDto(s.Instance, s.Module, s.Version, definition?.Follows ?? RoleFollowing.ActiveOnly, definition?.Config.Enabled ?? true,
                s.State, s.LastError, s.Since);
        }).ToList();
        return new NodeStatusDto(
            runtime.Node.Name,
            HostVersions.HostText,
            HostVersions.ContractsText,
            role.Mode.ToString(),
            role.Role.ToString(),
            role.Term,
            role.Reason,
            role.Since,
            node.Config.ConfigPath,
            runtime.Node.DataDirectory,
            node.Config.Node.ApiPort,
            runtime.Certificate.Fingerprint,
            modules,
            runtime.Services.SnapshotStatus(),
            runtime.Tags.Snapshot())
        {
            RefusedNotActive = runtime.RoleGate.RefusedPublishes,
            Readiness = Status.NodeReadiness.Of(runtime.RoleGate, node.Definitions, runtime.ModuleStates.Current),
        };
    }
}
