namespace N3Host.Plugins.Simulator.Sampling;

/// <summary>The Simulator's status section.</summary>
/// <param name="Tags">How many tags it publishes.</param>
/// <param name="PeriodMs">Milliseconds between samples.</param>
/// <param name="Samples">Samples taken since start.</param>
/// <param name="Values">Values published since start.</param>
/// <param name="SkippedPeriods">Periods skipped since start because sampling and publishing took longer than the period.</param>
/// <param name="SkipBursts">Times it ran late since start (each time one burst of skipped periods).</param>
/// <param name="LastBurst">The last burst: how many periods it skipped at once and when, or null if none.</param>
public sealed record SimulatorStatus(int Tags, int PeriodMs, long Samples, long Values, long SkippedPeriods, long SkipBursts, SkipBurst? LastBurst);
