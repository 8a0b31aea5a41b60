using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>
/// The node's health as one number 0–255 (the idea of OPC UA's ServiceLevel), so a SCADA client can pick the better node:
/// 0 not operational, 1 no data (fenced, or the role not decided yet), 2–199 degraded, 200–255 healthy, the active node highest.
/// </summary>
internal static class ServiceLevel
{
    public const int ActivePaired = 255;
    public const int ActiveAlone = 230;
    public const int StandbyPaired = 200;
    public const int StandbyWaiting = 100;
    public const int WitnessUnreachable = 20;
    public const int VersionsDiffer = 50;
    public const int PerFaultedModule = 30;

    public static int Of(RedundancyStatus status, int faultedModules)
    {
        if (status.Fence is not null || status.Reason.StartsWith("starting", StringComparison.Ordinal))
        {
            return 1;
        }

        var active = status.Role == "active";
        int level = status.Mode == "standalone" ? ActivePaired
            : active ? (status.Peer.Connected ? ActivePaired : ActiveAlone)
            : status.Peer.Connected ? StandbyPaired : StandbyWaiting;
        if (status.Witness is { Reachable: false })
        {
            level -= WitnessUnreachable;
        }

        if (status.VersionMismatch is not null && status.Peer.Connected)
        {
            level -= VersionsDiffer;
        }

        level -= PerFaultedModule * faultedModules;
        return Math.Clamp(level, 2, 255);
    }

    /// <summary>The instances that are faulted, or running degraded (a full disk, say).</summary>
    public static int FaultedModules(IEnumerable<ModuleStatus> modules) => modules.Count(m => m.State is ModuleState.Faulted or ModuleState.Degraded);
}
