using N3Host.Contracts;

namespace Historian.Tests;

/// <summary>Values for tests, computed without the code under test.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>One value a second per tag, interleaved (tag0 t0, tag1 t0, ..., tag0 t1, ...): a sine per tag.</summary>
    public static List<TagValue> Interleaved(int tags, int seconds, DateTimeOffset? start = null, string prefix = "plant/tag")
    {
        var values = new List<TagValue>(tags * seconds);
        for (var s = 0; s < seconds; s++)
        {
            for (var t = 0; t < tags; t++)
                values.Add(TagValue.FromNumber($"{prefix}{t}", Math.Round(Math.Sin((s + t) / 10.0) * 100, 3), (start ?? Start).AddSeconds(s)));
        }

        return values;
    }

    /// <summary>Splits values into batches of <paramref name="size"/>.</summary>
    public static IEnumerable<List<TagValue>> Batches(IReadOnlyList<TagValue> values, int size) =>
        values.Chunk(size).Select(c => c.ToList());
}
