using N3Host.Contracts;

namespace N3Host.Benchmarks.Historian;

/// <summary>Rows for the historian benchmarks: 1 000 tags, one value a second each, interleaved.</summary>
internal static class BenchData
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Tag(int i) => $"plant/line{i / 100}/tag{i:D4}";

    public static List<TagValue> Rows(int count, int tags = 1000)
    {
        var rows = new List<TagValue>(count);
        for (var i = 0; i < count; i++)
            rows.Add(TagValue.FromNumber(Tag(i % tags), Math.Sin(i / 1000.0) * 100, Start.AddSeconds(i / tags)));
        return rows;
    }
}
