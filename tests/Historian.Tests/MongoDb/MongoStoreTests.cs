using Historian.Tests.Module;
using MongoDB.Bson;
using MongoDB.Driver;
using N3Host.Contracts;
using N3Host.Plugins.Historian.MongoDb;
using N3Host.Plugins.Historian.Options;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Historian.Tests.MongoDb;

public sealed class MongoStoreTests(MongoServer server, ITestOutputHelper output) : IClassFixture<MongoServer>, IDisposable
{
    private readonly TempDirectory _dir = new("historian-mongo");
    private readonly string _database = "n3host_test_" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        if (server.ConnectionString is { } cs)
        {
            using var client = new MongoClient(cs);
            client.DropDatabase(_database);
        }

        _dir.Dispose();
    }

    private void RequireServer()
    {
        if (server.ConnectionString is null)
            output.WriteLine($"SKIPPED: {server.Reason}");
        Skip.If(server.ConnectionString is null, server.Reason);
    }

    private MongoHistoryStore NewStore() => MongoHistoryStore.Create(new MongoDbOptions { ConnectionString = server.ConnectionString!, Database = _database });

    private long CountDocuments()
    {
        using var client = new MongoClient(server.ConnectionString);
        return client.GetDatabase(_database).GetCollection<BsonDocument>("history").CountDocuments(FilterDefinition<BsonDocument>.Empty);
    }

    [SkippableFact]
    public async Task Write_ThenRawPagesAggregatesAndLatest_MatchValuesComputedInTheTest()
    {
        RequireServer();
        await using var store = NewStore();
        var values = TestData.Interleaved(3, 900);
        values.Add(TagValue.FromText("plant/tag1", "text", TestData.Start.AddSeconds(30.5)));
        foreach (var batch in TestData.Batches(values, 250))
            await store.WriteAsync(batch, null, default);

        var got = new List<TagValue>();
        string? cursor = null;
        do
        {
            var page = await store.QueryRawAsync("plant/tag1", TestData.Start, TestData.Start.AddHours(1), 100, cursor, default);
            got.AddRange(page.Samples.Select(s => s.Value));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal(values.Where(v => v.Path == "plant/tag1").OrderBy(v => v.SourceTime), got);

        var interval = TimeSpan.FromMinutes(1);
        var aggregates = await store.QueryAggregatesAsync("plant/tag1", TestData.Start, TestData.Start.AddMinutes(15), interval, default);
        var expected = values.Where(v => v.Path == "plant/tag1" && v.Kind == TagValueKind.Number)
            .GroupBy(v => (v.SourceTime - TestData.Start).Ticks / interval.Ticks)
            .Select(g => (g.Count(), g.Min(v => v.Number), g.Max(v => v.Number), g.First().Number, g.Last().Number))
            .ToList();
        Assert.Equal(expected, aggregates.Select(a => (checked((int)a.Count), a.Min, a.Max, a.First, a.Last)));

        var latest = await store.QueryLatestAsync("plant/tag2", default);
        Assert.Equal(values.Last(v => v.Path == "plant/tag2"), latest!.Value);
    }

    [SkippableFact]
    public async Task Replays_StoreEachValueOnce()
    {
        RequireServer();
        await using var store = NewStore();
        var values = TestData.Interleaved(2, 500);
        await store.WriteAsync(values, null, default);
        await store.WriteAsync(values, null, default);
        await store.WriteAsync(values.Skip(300).Concat(TestData.Interleaved(2, 10, TestData.Start.AddHours(2))).ToList(), null, default);
        Assert.Equal(values.Count + 20, CountDocuments());
    }

    [SkippableFact]
    public async Task ServerStoppedMidStream_ValuesAreBuffered_AndAfterItsRestart_EveryValueIsStoredOnce()
    {
        RequireServer();
        if (!server.CanRestart)
            output.WriteLine("SKIPPED: the server named by N3HOST_MONGODB_URI cannot be stopped by the test");
        Skip.IfNot(server.CanRestart, "the server named by N3HOST_MONGODB_URI cannot be stopped by the test");

        await using var h = await ModuleHarness.StartAsync(_dir.Path, new Dictionary<string, string?>
        {
            ["store"] = "mongodb",
            ["mongodb:connectionString"] = server.ConnectionString,
            ["mongodb:database"] = _database,
            ["batchSize"] = "200",
            ["retryIntervalMs"] = "1000",
        }, output);
        var values = TestData.Interleaved(2, 3000);
        await h.PublishAsync(values.Take(2000));
        await h.WaitForStoredAsync(2000, "the first values stored");

        await server.StopAsync();
        await h.PublishAsync(values.Skip(2000));
        await Eventually.TrueAsync(() => h.Status.Received == values.Count && h.Status.BufferedBatches > 0, TimeSpan.FromSeconds(60), "values buffered while the server is down");
        Assert.Equal("buffering", h.Status.State);

        await server.StartAsync();
        await Eventually.TrueAsync(
            () =>
            {
                h.Time.Advance(TimeSpan.FromSeconds(1));
                return h.Status.BufferedBatches == 0 && h.Status.Stored >= values.Count;
            },
            TimeSpan.FromSeconds(90),
            "the buffer drained after the server came back");
        Assert.Equal(values.Count, CountDocuments());
        Assert.Equal(values.Where(v => v.Path == "plant/tag1"), await h.ReadAllAsync("plant/tag1"));
    }

    [Fact]
    public async Task ServerUnreachable_FromTheStart_ValuesAreBufferedWithAClearError()
    {
        // A real driver against a loopback port where nothing listens: no server needed for this one.
        var port = FreePort.Get();
        await using var h = await ModuleHarness.StartAsync(_dir.Path, new Dictionary<string, string?>
        {
            ["store"] = "mongodb",
            ["mongodb:connectionString"] = $"mongodb://127.0.0.1:{port}/?serverSelectionTimeoutMS=500&connectTimeoutMS=500",
            ["mongodb:database"] = _database,
            ["batchSize"] = "100",
            ["retryIntervalMs"] = "60000",
        }, output);
        var values = TestData.Interleaved(1, 1000);
        await h.PublishAsync(values);
        await Eventually.TrueAsync(() => h.Status.Received == values.Count && h.Status.BufferedBatches == 10, ModuleHarness.Patience, "every batch buffered");
        var status = h.Status;
        Assert.Equal("buffering", status.State);
        Assert.Equal(0, status.Stored);
        Assert.Contains($"MongoDB store {_database}.history", status.LastError, StringComparison.Ordinal);
        Assert.Empty(h.Context.Registry.All);

        // Stopped and started again, nothing is lost: the buffer is on disk.
        await h.Module.StopAsync(default);
        await h.Module.StartAsync(h.Context, default);
        await Eventually.TrueAsync(() => h.Status.BufferedBatches == 10, ModuleHarness.Patience, "the buffer kept across a restart");
    }

    [SkippableFact]
    public async Task DifferentValuesAtOneTime_TheHigherTermWins_WhicheverCameFirst_TheSameAnswerAsSqlite()
    {
        RequireServer();
        var at = TestData.Start.AddSeconds(10);
        await using var stale = MongoHistoryStore.Create(new MongoDbOptions { ConnectionString = server.ConnectionString!, Database = _database },
            () => new N3Host.Plugins.Historian.Store.ValueRank(3, ByPrimary: true));
        await using var current = MongoHistoryStore.Create(new MongoDbOptions { ConnectionString = server.ConnectionString!, Database = _database },
            () => new N3Host.Plugins.Historian.Store.ValueRank(4, ByPrimary: false));

        // One tag where the stale node wrote first, one where the current one did.
        await stale.WriteAsync([TagValue.FromNumber("plant/a", 1.5, at)], null, default);
        await current.WriteAsync([TagValue.FromNumber("plant/a", 2.5, at), TagValue.FromNumber("plant/b", 2.5, at)], null, default);
        await stale.WriteAsync([TagValue.FromNumber("plant/b", 1.5, at)], null, default);

        foreach (var tag in new[] { "plant/a", "plant/b" })
        {
            var shown = await current.QueryRawAsync(tag, TestData.Start, TestData.Start.AddHours(1), 100, null, default);
            Assert.Equal(2.5, Assert.Single(shown.Samples).Value.Number);
            var audit = await current.QueryRawAsync(tag, TestData.Start, TestData.Start.AddHours(1), 100, null, includeSuperseded: true, default);
            Assert.Equal([(1.5, true), (2.5, false)], audit.Samples.Select(x => (x.Value.Number, x.Superseded)).Order());
        }

        Assert.Equal(2, stale.ConflictsResolved + current.ConflictsResolved);
    }
}
