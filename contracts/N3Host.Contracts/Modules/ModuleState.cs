namespace N3Host.Contracts;

/// <summary>A module instance's lifecycle state.</summary>
public enum ModuleState
{
    /// <summary>Not running: disabled, not started yet, or the host is shutting down.</summary>
    Stopped = 0,

    /// <summary>Being constructed or started.</summary>
    Starting = 1,

    /// <summary>Running.</summary>
    Active = 2,

    /// <summary>Held stopped because the node is standby (an <see cref="RoleFollowing.ActiveOnly"/> module).</summary>
    Standby = 3,

    /// <summary>Being stopped.</summary>
    Stopping = 4,

    /// <summary>Threw; the host restarts it after a back-off. <see cref="ModuleStatus.LastError"/> says why.</summary>
    Faulted = 5,

    /// <summary>Not loaded: it failed a version or compatibility check. <see cref="ModuleStatus.LastError"/> says why.</summary>
    Refused = 6,

    /// <summary>
    /// Running, but it cannot do all of its work (for example its disk is full); it waits the condition out without a restart.
    /// <see cref="ModuleStatus.LastError"/> says why. Reported by the module (<see cref="IModuleContext.ReportDegraded"/>). Added in contracts 1.3.
    /// </summary>
    Degraded = 7,
}
