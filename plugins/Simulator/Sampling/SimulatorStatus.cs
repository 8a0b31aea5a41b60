namespace N3Host.Plugins.Simulator.Sampling;

/// <summary>The Simulator's status section.</summary>
/// <param name="Tags">How many tags it publishes.</param>
/// <param name="PeriodMs">Milliseconds between samples.</param>
/// <param name="Samples">Samples taken since start.</param>
/// <param name="Values">Values published since start.</param>
/// <param name="SkippedPeriods">Periods skipped because sampling and publishing took longer than the period.</param>
public sealed record SimulatorStatus(int Tags, int PeriodMs, long Samples, long Values, long SkippedPeriods);
