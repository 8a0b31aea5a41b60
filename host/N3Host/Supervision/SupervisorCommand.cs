namespace N3Host.Supervision;

/// <summary>One request to the supervisor loop.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Instance">The instance concerned, if any.</param>
/// <param name="Token">The incarnation (Fault, Degraded) or restart (RestartDue) the request belongs to; stale ones are ignored.</param>
/// <param name="Error">The reported fault.</param>
/// <param name="Done">Completed when the command has been handled.</param>
/// <param name="Change">The new configuration (Reconfigure), which also receives the outcome.</param>
/// <param name="Condition">The reported degraded condition, null for its end (Degraded).</param>
internal sealed record SupervisorCommand(
    SupervisorCommandKind Kind, ModuleInstance? Instance = null, long Token = 0, Exception? Error = null, TaskCompletionSource? Done = null, Reconfiguration? Change = null,
    string? Condition = null);
