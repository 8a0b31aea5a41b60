using System.Diagnostics;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Sqlite;

namespace N3Host.Benchmarks.Historian;

/// <summary>
/// Queries over one day of 1 s data (86 400 values) for one tag among 1 000, with <c>rows</c> stored in all: the other
/// 999 tags share the rest of the rows over the same day. Raw (one hour; the whole day in pages of 10 000) and
/// 1-minute aggregates over the day, medians of 10. Peer: the same values in a bare row-per-value table with a (tag, time)
/// index (the historian's first format, without its journal), asked the same with plain SQL.
/// </summary>
internal static class SqliteQueryBenchmark
{
    private const int Day = 86_400;

    public static async Task RunAsync(string root, int rows)
    {
        rows = Math.Max(rows, Day + 999);
        var path = Path.Combine(root, "query.db");
        var watch = Stopwatch.StartNew();
        await using var store = new SqliteHistoryStore(path, "bench", () => 1, TimeProvider.System);
        var target = BenchData.Tag(0);
        var others = rows - Day;
        var batch = new List<TagValue>(1000);
        var all = new List<TagValue>(rows);
        long written = 0;
        var perSecondOthers = (double)others / Day;
        var othersWritten = 0L;
        for (var s = 0; s < Day; s++)
        {
            var t = BenchData.Start.AddSeconds(s);
            batch.Add(TagValue.FromNumber(target, Math.Sin(s / 600.0) * 50 + 50, t));
            var due = (long)(perSecondOthers * (s + 1));
            for (; othersWritten < due; othersWritten++)
                batch.Add(TagValue.FromNumber(BenchData.Tag(1 + (int)(othersWritten % 999)), othersWritten % 100, t));
            if (batch.Count >= 1000)
            {
                all.AddRange(batch);
                await store.WriteAsync(batch, null, default);
                written += batch.Count;
                batch = new List<TagValue>(1000);
            }
        }

        all.AddRange(batch);
        await store.WriteAsync(batch, null, default);
        written += batch.Count;
        var barePath = Path.Combine(root, "query-bare.db");
        BareSqlite.Insert(barePath, all, integerTags: true);
        using var bare = new BareSqlite.Reader(barePath, tagId: 1);
        Console.WriteLine($"historian sqlite queries: {written:N0} rows stored (1 000 tags; the queried tag: one day of 1 s data), filled in {watch.Elapsed.TotalSeconds:0.0} s, file {new FileInfo(path).Length / 1048576.0:0} MiB");

        var hour = await TimeAsync(async () => (await store.QueryRawAsync(target, BenchData.Start.AddHours(12), BenchData.Start.AddHours(13), 10_000, null, default)).Samples.Count);
        var bareHour = await TimeAsync(() => Task.FromResult(bare.Raw(target, BenchData.Start.AddHours(12), BenchData.Start.AddHours(13), 10_000).Count));
        Print("raw, one hour (3 600 values)", hour, bareHour);
        var day = await TimeAsync(async () =>
        {
            var n = 0;
            string? cursor = null;
            do
            {
                var page = await store.QueryRawAsync(target, BenchData.Start, BenchData.Start.AddDays(1), 10_000, cursor, default);
                n += page.Samples.Count;
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            return n;
        });
        var bareDay = await TimeAsync(() =>
        {
            var n = 0;
            var from = BenchData.Start;
            while (true)
            {
                var page = bare.Raw(target, from, BenchData.Start.AddDays(1), 10_000);
                n += page.Count;
                if (page.Count < 10_000)
                    return Task.FromResult(n);
                from = page[^1].Time.AddTicks(1);
            }
        });
        Print("raw, one day in pages of 10 000", day, bareDay);
        var aggregates = await TimeAsync(async () => (await store.QueryAggregatesAsync(target, BenchData.Start, BenchData.Start.AddDays(1), TimeSpan.FromMinutes(1), default)).Count);
        var bareAggregates = await TimeAsync(() => Task.FromResult(bare.Aggregates(BenchData.Start, BenchData.Start.AddDays(1), TimeSpan.FromMinutes(1))));
        Print("1-minute aggregates over the day", aggregates, bareAggregates);
        var latest = await TimeAsync(async () => (await store.QueryLatestAsync(target, default)) is null ? 0 : 1);
        var bareLatest = await TimeAsync(() => Task.FromResult(bare.Latest() is null ? 0 : 1));
        Print("latest", latest, bareLatest);
    }

    private static void Print(string what, (double Ms, int Count) store, (double Ms, int Count) bare) =>
        Console.WriteLine(System.FormattableString.Invariant(
            $"  {what,-40} median {store.Ms,8:0.00} ms ({store.Count} results); bare indexed table {bare.Ms,8:0.00} ms ({bare.Count}); ratio {store.Ms / bare.Ms:0.00}"));

    private static async Task<(double Ms, int Count)> TimeAsync(Func<Task<int>> query)
    {
        var count = await query();
        var times = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var watch = Stopwatch.StartNew();
            count = await query();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return (Median.Of(times), count);
    }
}
