namespace N3Host.Contracts;

/// <summary>
/// The failover drill (contracts 1.3): on the active primary of a connected pair, hands the active role to the standby and
/// back, and measures each step. Offered by the redundancy core through <see cref="INodeServices"/>.
/// </summary>
public interface IRedundancyDrill
{
    /// <summary>Runs the drill, or refuses with the reason (not the active primary, no standby connected, a step timed out).</summary>
    Task<DrillReport> DrillAsync(CancellationToken cancellationToken);
}
