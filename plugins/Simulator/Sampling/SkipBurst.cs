namespace N3Host.Plugins.Simulator.Sampling;

/// <summary>Period boundaries skipped at once because sampling ran late.</summary>
/// <param name="Periods">How many boundaries were skipped.</param>
/// <param name="At">When the loop noticed (on the module's clock).</param>
public sealed record SkipBurst(long Periods, DateTimeOffset At);
