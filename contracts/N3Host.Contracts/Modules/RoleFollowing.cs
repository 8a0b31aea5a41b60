namespace N3Host.Contracts;

/// <summary>How a module follows the node's redundancy role.</summary>
public enum RoleFollowing
{
    /// <summary>Runs only while the node is active: started on active, stopped on standby.</summary>
    ActiveOnly = 0,

    /// <summary>Runs whatever the role (the redundancy core, the broker, the agent); it is told of role changes through <see cref="IRoleGate"/>.</summary>
    Always = 1,
}
