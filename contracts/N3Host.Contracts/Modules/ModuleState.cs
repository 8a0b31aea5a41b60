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
}
