using System.Diagnostics;
using N3Host.Plugins.Historian.Sqlite;

namespace N3Host.Benchmarks.Historian;

/// <summary>Embedded ingest (values/s, batches of 1 000) against a bare Microsoft.Data.Sqlite insert of the same rows, alternating, medians.</summary>
internal static class SqliteIngestBenchmark
{
    public static async Task RunAsync(string root, int rows, int rounds)
    {
        var data = BenchData.Rows(rows);
        var historian = new List<double>();
        var bareText = new List<double>();
        var bareInteger = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            var dir = Path.Combine(root, $"ingest{round}");
            Directory.CreateDirectory(dir);

            var watch = Stopwatch.StartNew();
            BareSqlite.Insert(Path.Combine(dir, "bare-text.db"), data, integerTags: false);
            var t1 = watch.Elapsed.TotalSeconds;

            watch.Restart();
            BareSqlite.Insert(Path.Combine(dir, "bare-int.db"), data, integerTags: true);
            var t2 = watch.Elapsed.TotalSeconds;

            watch.Restart();
            await using (var store = new SqliteHistoryStore(Path.Combine(dir, "history.db"), "bench", () => 1, TimeProvider.System))
            {
                for (var start = 0; start < data.Count; start += 1000)
                    await store.WriteAsync(data.GetRange(start, Math.Min(1000, data.Count - start)), null, default);
            }

            var t3 = watch.Elapsed.TotalSeconds;
            Directory.Delete(dir, recursive: true);
            if (round == 0)
                continue; // warm-up
            bareText.Add(rows / t1);
            bareInteger.Add(rows / t2);
            historian.Add(rows / t3);
        }

        var h = Median.Of(historian);
        var bt = Median.Of(bareText);
        var bi = Median.Of(bareInteger);
        Console.WriteLine($"historian sqlite ingest: {rows:N0} rows (1 000 tags, batches of 1 000, WAL, index on (tag, time)), median of {rounds} rounds");
        Console.WriteLine($"  historian store (with journal)      {h,12:N0} values/s");
        Console.WriteLine($"  bare Microsoft.Data.Sqlite, text tag {bt,11:N0} rows/s   ratio historian/bare = {h / bt:0.00}");
        Console.WriteLine($"  bare Microsoft.Data.Sqlite, int tag  {bi,11:N0} rows/s   ratio historian/bare = {h / bi:0.00}");
    }
}
