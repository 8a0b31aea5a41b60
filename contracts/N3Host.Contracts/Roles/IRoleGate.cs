namespace N3Host.Contracts;

/// <summary>The node's mode and role, and a notification on each change.</summary>
public interface IRoleGate
{
    /// <summary>The current state.</summary>
    RoleState Current { get; }

    /// <summary>Raised after every change, on the thread that made it. Handlers must be quick and must not throw.</summary>
    event EventHandler<RoleState>? Changed;
}
