using System.Diagnostics;
using Microsoft.Data.Sqlite;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Sqlite;

namespace N3Host.Benchmarks.Historian;

/// <summary>
/// Embedded ingest (values/s) of 10 000 tags interleaved in batches of 1 000, against a bare Microsoft.Data.Sqlite
/// row-per-value insert of the same values into a table indexed on (tag, time), alternating, medians; then the bytes the
/// store keeps per value, for the same sine and for a slowly changing analog.
/// </summary>
internal static class SqliteIngestBenchmark
{
    private const int Tags = 10_000;

    public static async Task RunAsync(string root, int rows, int rounds)
    {
        var data = BenchData.Rows(rows, Tags);
        var historian = new List<double>();
        var bare = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            var dir = Path.Combine(root, $"ingest{round}");
            Directory.CreateDirectory(dir);

            var watch = Stopwatch.StartNew();
            BareSqlite.Insert(Path.Combine(dir, "bare-int.db"), data, integerTags: true);
            var tBare = watch.Elapsed.TotalSeconds;

            watch.Restart();
            await WriteAsync(Path.Combine(dir, "history.db"), data);
            var tHistorian = watch.Elapsed.TotalSeconds;
            Directory.Delete(dir, recursive: true);
            if (round == 0)
                continue; // warm-up
            bare.Add(rows / tBare);
            historian.Add(rows / tHistorian);
        }

        var h = Median.Of(historian);
        var b = Median.Of(bare);
        Console.WriteLine($"historian sqlite ingest: {rows:N0} values ({Tags:N0} tags interleaved, batches of 1 000, WAL), median of {rounds} rounds");
        Console.WriteLine($"  historian store (journal records, chunks)   {h,12:N0} values/s");
        Console.WriteLine($"  bare Microsoft.Data.Sqlite, row per value    {b,12:N0} rows/s    ratio historian/bare = {h / b:0.00}");

        var sine = await BytesPerValueAsync(Path.Combine(root, "bytes-sine.db"), data);
        var analog = await BytesPerValueAsync(Path.Combine(root, "bytes-analog.db"), SlowAnalog(rows));
        Console.WriteLine($"  bytes per stored value, all sealed: sine (changes every sample) {sine.File:0.00} in the file ({sine.Chunks:0.00} in chunks);"
            + $" slowly changing analog (0.01 steps) {analog.File:0.00} ({analog.Chunks:0.00} in chunks)");
    }

    private static async Task WriteAsync(string path, List<TagValue> data)
    {
        await using var store = new SqliteHistoryStore(path, "bench", () => 1, TimeProvider.System);
        for (var start = 0; start < data.Count; start += 1000)
            await store.WriteAsync(data.GetRange(start, Math.Min(1000, data.Count - start)), null, default);
    }

    /// <summary>The file's pages in use, and the chunks' own bytes, per value, after the store sealed everything on its stop.</summary>
    private static async Task<(double File, double Chunks)> BytesPerValueAsync(string path, List<TagValue> data)
    {
        await WriteAsync(path, data);
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count()), (SELECT page_size FROM pragma_page_size()), (SELECT SUM(length(data)) FROM chunks)";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return ((double)reader.GetInt64(0) * reader.GetInt64(1) / data.Count, (double)reader.GetInt64(2) / data.Count);
    }

    /// <summary>A temperature per tag moving in 0.01 steps, one value a second, tags interleaved.</summary>
    private static List<TagValue> SlowAnalog(int count)
    {
        var rows = new List<TagValue>(count);
        for (var i = 0; i < count; i++)
        {
            var second = i / Tags;
            var tag = i % Tags;
            rows.Add(TagValue.FromNumber(BenchData.Tag(tag), Math.Round(20 + (tag % 50) + (Math.Sin(second / 60.0) * 2), 2), BenchData.Start.AddSeconds(second)));
        }

        return rows;
    }
}
