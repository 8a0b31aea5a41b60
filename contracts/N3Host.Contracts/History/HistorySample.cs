namespace N3Host.Contracts;

/// <summary>One stored value.</summary>
/// <param name="Time">The value's source time.</param>
/// <param name="Value">The value.</param>
public sealed record HistorySample(DateTimeOffset Time, TagValue Value);
