namespace N3Host.Supervision;

/// <summary>What the supervisor loop is asked to do.</summary>
internal enum SupervisorCommandKind
{
    /// <summary>Bring up every instance: Always first, then ActiveOnly, each in file order.</summary>
    Start,

    /// <summary>The role changed: start or stop ActiveOnly instances to match it.</summary>
    RoleChanged,

    /// <summary>An instance reported a fault while running.</summary>
    Fault,

    /// <summary>An instance reported a degraded condition (or its end) while running.</summary>
    Degraded,

    /// <summary>A faulted instance's back-off has passed.</summary>
    RestartDue,

    /// <summary>Stop every instance in reverse order and end the loop.</summary>
    Stop,

    /// <summary>Nothing: completes when every earlier command is done.</summary>
    Drain,

    /// <summary>A new configuration: stop removed instances, restart changed ones, start new ones.</summary>
    Reconfigure,
}
