namespace N3Host.Contracts;

/// <summary>Aggregates of a tag's numeric values over one interval (empty intervals are left out).</summary>
/// <param name="Start">The interval's start (inclusive).</param>
/// <param name="End">The interval's end (exclusive).</param>
/// <param name="Count">How many values.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Avg">Arithmetic mean.</param>
/// <param name="First">The earliest value.</param>
/// <param name="Last">The latest value.</param>
public sealed record HistoryAggregate(DateTimeOffset Start, DateTimeOffset End, long Count, double Min, double Max, double Avg, double First, double Last);
