namespace N3Host.Benchmarks.Redundancy;

/// <summary>Median and p99 (nearest rank) of a sample, in milliseconds.</summary>
internal sealed record Percentiles(int Count, double Min, double Median, double P99, double Max)
{
    public static Percentiles Of(IReadOnlyCollection<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        var p99 = sorted[Math.Clamp((int)Math.Ceiling(0.99 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, sorted[0], median, p99, sorted[^1]);
    }

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"n={Count}  median {Median:0.00} ms  p99 {P99:0.00} ms  (min {Min:0.00}, max {Max:0.00})");
}
