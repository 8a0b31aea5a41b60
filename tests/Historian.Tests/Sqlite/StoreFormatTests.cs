using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Sqlite;
using N3Host.Testing;
using Xunit;

namespace Historian.Tests.Sqlite;

/// <summary>
/// The store's format: values sealed per tag into chunks; what is not yet sealed is in memory and in its record, so a killed
/// node finds it again; a record whose payload was dropped is rebuilt as it was written; a file of the first format is migrated.
/// </summary>
public sealed class StoreFormatTests : IDisposable
{
    private readonly TempDirectory _dir = new("historian-format");
    private readonly FakeTimeProvider _time = new(TestData.Start.AddDays(1));

    public void Dispose() => _dir.Dispose();

    private SqliteHistoryStore Store(string file, string node = "node-a", RedundancyMode mode = RedundancyMode.Standalone) =>
        new(file, node, () => 3, _time, () => mode);

    [Fact]
    public async Task AFileCopiedWhileTheNodeRuns_AsAKillLeavesIt_HoldsEveryValue_SealedOrNot()
    {
        var live = _dir.Combine("live", "history.db");
        var values = TestData.Interleaved(tags: 7, seconds: 400);
        await using var store = Store(live);
        foreach (var batch in TestData.Batches(values, 50))
            await store.WriteAsync(batch, null, default);
        Assert.True(store.ValuesInMemory > 0, "some values are not sealed yet");
        Assert.True(store.ValuesInMemory < values.Count, "some values are sealed");

        // The files as a SIGKILL leaves them: the database and its write-ahead log, the memory gone.
        var image = _dir.Combine("image", "history.db");
        Directory.CreateDirectory(Path.GetDirectoryName(image)!);
        foreach (var suffix in new[] { "", "-wal" })
            File.Copy(live + suffix, image + suffix);

        await using var restarted = Store(image);
        foreach (var tag in values.Select(v => v.Path).Distinct())
        {
            var expected = values.Where(v => v.Path == tag).ToList();
            var page = await restarted.QueryRawAsync(tag, TestData.Start, TestData.Start.AddHours(1), 10_000, null, default);
            Assert.Equal(expected, page.Samples.Select(s => s.Value).ToList());
        }
    }

    [Fact]
    public async Task OnceEveryValueOfARecordIsSealed_ItsPayloadIsDropped_AndTheRecordIsRebuiltAsItWasWritten()
    {
        var file = _dir.Combine("a", "history.db");
        await using var store = Store(file);
        var journal = new SqliteJournal("hist", store);
        var values = TestData.Interleaved(tags: 5, seconds: 300);
        values.Add(TagValue.FromText("plant/state", "ok", TestData.Start.AddSeconds(3)));
        values.Add(TagValue.FromNumber("plant/nan", double.NaN, TestData.Start.AddSeconds(4), TagQuality.Bad));
        foreach (var batch in TestData.Batches(values, 40))
            await store.WriteAsync(batch, null, default);
        var written = (await journal.ReadAsync("node-a", 0, 1000, default)).Select(r => Convert.ToHexString(r.Payload.Span)).ToList();

        // Chunks open longer than two minutes are sealed at the next write after that.
        _time.Advance(TimeSpan.FromMinutes(3));
        await store.WriteAsync([TagValue.FromNumber("plant/late", 1, TestData.Start.AddHours(1))], null, default);
        Assert.Equal(1, store.ValuesInMemory);
        Assert.Equal(written.Count, await CountAsync(file, "SELECT COUNT(*) FROM records WHERE payload IS NULL"));

        var rebuilt = await journal.ReadAsync("node-a", 0, 1000, default);
        Assert.Equal(written, rebuilt.Take(written.Count).Select(r => Convert.ToHexString(r.Payload.Span)));
    }

    [Fact]
    public async Task AFileOfTheFirstFormat_IsMigratedOnFirstOpen_AndAnswersAsThatVersionDid()
    {
        var file = _dir.Combine("v1", "history.db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Sqlite", "Fixtures", "history-v1.db"), file);
        using var answers = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Sqlite", "Fixtures", "history-v1.answers.json")));
        var expected = answers.RootElement;

        await using var store = Store(file, "node-a", RedundancyMode.Primary);
        Assert.Equal(expected.GetProperty("forwarded").GetString(), (await store.GetForwardedPositionAsync(default))?.ToString());
        Assert.Equal(expected.GetProperty("lastLocalSequence").GetInt64(), store.LastLocalSequence);
        Assert.StartsWith("moved from format 1 to 2: ", store.Migrated);

        foreach (var tag in expected.GetProperty("raw").EnumerateObject())
        {
            var page = await store.QueryRawAsync(tag.Name, TestData.Start, TestData.Start.AddHours(1), 10_000, null, includeSuperseded: true, default);
            Assert.Equal(tag.Value.EnumerateArray().Select(Sample).ToList(), page.Samples.Select(Sample).ToList());
            var latest = await store.QueryLatestAsync(tag.Name, default);
            var expectedLatest = expected.GetProperty("latest").GetProperty(tag.Name);
            Assert.Equal(expectedLatest.ValueKind == JsonValueKind.Null ? null : Sample(expectedLatest), latest is null ? null : Sample(latest));
            var aggregates = await store.QueryAggregatesAsync(tag.Name, TestData.Start, TestData.Start.AddHours(1), TimeSpan.FromMinutes(1), default);
            Assert.Equal(
                expected.GetProperty("aggregates").GetProperty(tag.Name).EnumerateArray().Select(a => string.Join(' ', a.EnumerateArray().Select(n => n.GetDouble()))),
                aggregates.Select(a => string.Join(' ', new double[] { a.Start.UtcTicks, a.Count, a.Min, a.Max, a.Avg, a.First, a.Last })));
        }

        foreach (var origin in expected.GetProperty("journal").EnumerateObject())
        {
            var records = await store.ReadAsync(origin.Name, 0, 10_000, default);
            Assert.Equal(
                origin.Value.EnumerateArray().Select(r => r.GetRawText()),
                records.Select(r => JsonSerializer.Serialize(new object[] { r.Sequence, r.Term, r.Timestamp.UtcTicks, Convert.ToHexString(r.Payload.Span) })));
        }

        Assert.Equal(0, await CountAsync(file, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('samples', 'batches')"));

        // The migrated file goes on: the next batch is the next record.
        await store.WriteAsync([TagValue.FromNumber("plant/tag0", 5, TestData.Start.AddHours(2))], null, default);
        Assert.Equal(expected.GetProperty("lastLocalSequence").GetInt64() + 1, store.LastLocalSequence);
    }

    private static string Sample(HistorySample s) =>
        $"{s.Time.UtcTicks} {s.Value.Kind} {s.Value.Number:R} '{s.Value.Text}' {s.Value.Quality} {s.Superseded}";

    private static string Sample(JsonElement s) =>
        $"{s.GetProperty("t").GetInt64()} {s.GetProperty("kind").GetString()} {(s.GetProperty("number").ValueKind == JsonValueKind.String ? double.NaN : s.GetProperty("number").GetDouble()):R} " +
        $"'{s.GetProperty("text").GetString()}' {s.GetProperty("quality").GetString()} {s.GetProperty("superseded").GetBoolean()}";

    private static async Task<long> CountAsync(string file, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
