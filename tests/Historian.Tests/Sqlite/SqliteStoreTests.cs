using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Sqlite;
using N3Host.Testing;
using Xunit;

namespace Historian.Tests.Sqlite;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new("historian-sqlite");
    private readonly FakeTimeProvider _time = new(TestData.Start.AddDays(2));

    public void Dispose() => _dir.Dispose();

    private SqliteHistoryStore NewStore(string node = "node1") => new(_dir.Combine(node, "history.db"), node, () => 3, _time);

    [Fact]
    public async Task RawQuery_ReturnsTheTagsValuesInRange_OldestFirst_WithTheirKindAndQuality()
    {
        await using var store = NewStore();
        var values = TestData.Interleaved(tags: 5, seconds: 600);
        values.Add(TagValue.FromBoolean("plant/flag", true, TestData.Start.AddSeconds(5)));
        values.Add(TagValue.FromText("plant/state", "running ✓", TestData.Start.AddSeconds(6), TagQuality.Uncertain));
        values.Add(TagValue.FromNumber("plant/tag2", -1, TestData.Start.AddSeconds(150), TagQuality.Bad));
        foreach (var batch in TestData.Batches(values, 250))
            await store.WriteAsync(batch, null, default);

        var from = TestData.Start.AddSeconds(100);
        var to = TestData.Start.AddSeconds(300);
        var page = await store.QueryRawAsync("plant/tag2", from, to, 10_000, null, default);

        var expected = values.Where(v => v.Path == "plant/tag2" && v.SourceTime >= from && v.SourceTime < to)
            .OrderBy(v => v.SourceTime).ThenBy(v => v.Quality).ToList();
        Assert.Equal(201, expected.Count);
        Assert.Equal(expected, page.Samples.Select(s => s.Value).ToList());
        Assert.All(page.Samples, s => Assert.Equal(s.Value.SourceTime, s.Time));
        Assert.Null(page.NextCursor);

        var flag = Assert.Single((await store.QueryRawAsync("plant/flag", TestData.Start, to, 10, null, default)).Samples);
        Assert.Equal(true, flag.Value.Value);
        var state = Assert.Single((await store.QueryRawAsync("plant/state", TestData.Start, to, 10, null, default)).Samples);
        Assert.Equal("running ✓", state.Value.Value);
        Assert.Equal(TagQuality.Uncertain, state.Value.Quality);
        Assert.Empty((await store.QueryRawAsync("plant/unknown", TestData.Start, to, 10, null, default)).Samples);
    }

    [Fact]
    public async Task RawQuery_Paging_ReturnsEveryValueExactlyOnce_EvenWithEqualTimes()
    {
        await using var store = NewStore();
        var values = new List<TagValue>();
        for (var i = 0; i < 100; i++)
        {
            // Three values share each timestamp: the cursor must break ties.
            values.Add(TagValue.FromNumber("a", i, TestData.Start.AddSeconds(i / 3)));
        }

        await store.WriteAsync(values, null, default);
        var got = new List<double>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await store.QueryRawAsync("a", TestData.Start, TestData.Start.AddHours(1), 7, cursor, default);
            Assert.True(page.Samples.Count <= 7);
            got.AddRange(page.Samples.Select(s => s.Value.Number));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => (double)i), got);
        Assert.Equal(15, pages);
        await Assert.ThrowsAsync<ArgumentException>(() => store.QueryRawAsync("a", TestData.Start, TestData.Start.AddHours(1), 7, "garbage", default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.QueryRawAsync("a", TestData.Start, TestData.Start.AddHours(1), 0, null, default));
    }

    [Fact]
    public async Task Aggregates_PerInterval_MatchValuesComputedInTheTest()
    {
        await using var store = NewStore();
        var random = new Random(42);
        var values = new List<TagValue>();
        var t = TestData.Start;
        for (var i = 0; i < 3000; i++)
        {
            t = t.AddMilliseconds(random.Next(50, 4000));
            var quality = i % 97 == 0 ? TagQuality.Bad : TagQuality.Good;
            values.Add(TagValue.FromNumber("m", Math.Round(random.NextDouble() * 1000 - 500, 2), t, quality));
            if (i % 50 == 0)
                values.Add(TagValue.FromText("m", "text is not aggregated", t));
        }

        // Stored out of order: aggregates must not depend on arrival order.
        foreach (var batch in TestData.Batches(values.OrderBy(_ => random.Next()).ToList(), 400))
            await store.WriteAsync(batch, null, default);

        var from = TestData.Start.AddMinutes(3);
        var to = TestData.Start.AddMinutes(57);
        var interval = TimeSpan.FromMinutes(1);
        var result = await store.QueryAggregatesAsync("m", from, to, interval, default);

        var expected = values
            .Where(v => v.Kind == TagValueKind.Number && v.Quality != TagQuality.Bad && v.SourceTime >= from && v.SourceTime < to)
            .OrderBy(v => v.SourceTime)
            .GroupBy(v => (v.SourceTime - from).Ticks / interval.Ticks)
            .Select(g => new
            {
                Start = from + (interval * g.Key),
                Count = g.Count(),
                Min = g.Min(v => v.Number),
                Max = g.Max(v => v.Number),
                Avg = g.Average(v => v.Number),
                First = g.First().Number,
                Last = g.Last().Number,
            })
            .ToList();

        Assert.Equal(54, expected.Count);
        Assert.Equal(expected.Count, result.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Start, result[i].Start);
            Assert.Equal(expected[i].Start + interval, result[i].End);
            Assert.Equal(expected[i].Count, result[i].Count);
            Assert.Equal(expected[i].Min, result[i].Min);
            Assert.Equal(expected[i].Max, result[i].Max);
            Assert.Equal(expected[i].Avg, result[i].Avg, 9);
            Assert.Equal(expected[i].First, result[i].First);
            Assert.Equal(expected[i].Last, result[i].Last);
        }
    }

    [Fact]
    public async Task Aggregates_LeaveEmptyIntervalsOut()
    {
        await using var store = NewStore();
        await store.WriteAsync([TagValue.FromNumber("g", 1, TestData.Start.AddSeconds(10)), TagValue.FromNumber("g", 3, TestData.Start.AddMinutes(5))], null, default);
        var result = await store.QueryAggregatesAsync("g", TestData.Start, TestData.Start.AddMinutes(10), TimeSpan.FromMinutes(1), default);
        Assert.Equal([TestData.Start, TestData.Start.AddMinutes(5)], result.Select(a => a.Start));
    }

    [Fact]
    public async Task Latest_IsTheValueWithTheNewestSourceTime_NotTheLastWritten()
    {
        await using var store = NewStore();
        await store.WriteAsync([TagValue.FromNumber("x", 2, TestData.Start.AddSeconds(20)), TagValue.FromNumber("x", 1, TestData.Start.AddSeconds(10))], null, default);
        var latest = await store.QueryLatestAsync("x", default);
        Assert.NotNull(latest);
        Assert.Equal(2, latest.Value.Number);
        Assert.Equal(TestData.Start.AddSeconds(20), latest.Time);
        Assert.Null(await store.QueryLatestAsync("nothing", default));
    }

    [Fact]
    public async Task Values_SurviveClosingAndReopeningTheFile()
    {
        var values = TestData.Interleaved(3, 100);
        await using (var store = NewStore())
        {
            foreach (var batch in TestData.Batches(values, 64))
                await store.WriteAsync(batch, null, default);
        }

        await using var reopened = NewStore();
        var page = await reopened.QueryRawAsync("plant/tag1", TestData.Start, TestData.Start.AddHours(1), 1000, null, default);
        Assert.Equal(values.Where(v => v.Path == "plant/tag1"), page.Samples.Select(s => s.Value));
        Assert.Equal(5, await reopened.GetLastSequenceAsync("node1", default));
        Assert.Equal(6, await reopened.AppendLocalAsync([TagValue.FromNumber("n", 1, TestData.Start)], null, default));
    }
}
