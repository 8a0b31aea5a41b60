namespace N3Host.Plugins.Simulator.Settings;

/// <summary>What a Simulator instance runs: its sample period and every tag, checked and with defaults filled in.</summary>
/// <param name="PeriodMs">Milliseconds between two samples.</param>
/// <param name="Tags">Every tag, configured ones first, then generated ones.</param>
public sealed record SimulatorPlan(int PeriodMs, IReadOnlyList<TagParameters> Tags);
