using System.Globalization;

namespace N3Host.Benchmarks.Historian;

/// <summary>
/// The historian's figures: embedded ingest against a bare Microsoft.Data.Sqlite insert (same run), raw and
/// 1-minute aggregate queries over one day of 1 s data for one tag among 1 000, MongoDB ingest against the
/// driver's own insertMany when a server is named by <c>N3HOST_MONGODB_URI</c>.
/// Arguments: <c>--ingest-rows N</c> (default 1 200 000: 120 values a tag, a full chunk each), <c>--rows N</c> stored for the queries (default 1 000 000;
/// the figure is 10 000 000), <c>--rounds N</c> (default 5).
/// </summary>
internal static class HistorianBenchmarks
{
    public static async Task RunAsync(string[] args)
    {
        var ingestRows = BenchArgs.Int(args, "--ingest-rows", 1_200_000);
        var storedRows = BenchArgs.Int(args, "--rows", 1_000_000);
        var rounds = BenchArgs.Int(args, "--rounds", 5);
        var root = Path.Combine(Path.GetTempPath(), "n3host-bench-historian-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            await SqliteIngestBenchmark.RunAsync(root, ingestRows, rounds);
            await SqliteQueryBenchmark.RunAsync(root, storedRows);
            await MongoIngestBenchmark.RunAsync(ingestRows, rounds);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }
}
