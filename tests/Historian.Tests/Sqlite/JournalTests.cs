using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
using N3Host.Plugins.Historian;
using N3Host.Plugins.Historian.Encoding;
using N3Host.Plugins.Historian.Sqlite;
using N3Host.Testing;
using Xunit;
using N3Host.Testing.Harness;

namespace Historian.Tests.Sqlite;

public sealed class JournalTests : IDisposable
{
    private readonly TempDirectory _dir = new("historian-journal");
    private readonly FakeTimeProvider _time = new(TestData.Start.AddDays(1));

    public void Dispose() => _dir.Dispose();

    private SqliteHistoryStore NewStore(string node, long term = 1) => new(_dir.Combine(node, "history.db"), node, () => term, _time);

    [Fact]
    public async Task EachBatch_IsOneRecord_ReadSinceASequence_InOrder_WithItsValuesTermAndTime()
    {
        await using var store = NewStore("primary", term: 7);
        var journal = new SqliteJournal("hist", store);
        var appended = new List<long>();
        journal.Appended += (_, seq) => appended.Add(seq);
        var batches = TestData.Batches(TestData.Interleaved(4, 75), 100).ToList();
        foreach (var batch in batches)
            await store.WriteAsync(batch, null, default);

        Assert.Equal("historian/hist", journal.Name);
        Assert.Equal([1, 2, 3], appended);
        Assert.Equal(["primary"], await journal.GetOriginsAsync(default));
        Assert.Equal(3, await journal.GetLastSequenceAsync("primary", default));
        Assert.Equal(0, await journal.GetLastSequenceAsync("backup", default));

        var records = await journal.ReadAsync("primary", 1, 10, default);
        Assert.Equal([2L, 3L], records.Select(r => r.Sequence));
        Assert.All(records, r => Assert.Equal(7, r.Term));
        Assert.All(records, r => Assert.Equal(_time.GetUtcNow(), r.Timestamp));
        Assert.Equal(batches[1], ValueBatchCodec.Decode(records[0].Payload.Span));
        Assert.Equal(batches[2], ValueBatchCodec.Decode(records[1].Payload.Span));
        Assert.Single(await journal.ReadAsync("primary", 0, 1, default));
    }

    [Fact]
    public async Task Apply_OnTheOtherNode_StoresEveryValue_AndAppliedTwice_StoresItOnce()
    {
        await using var primary = NewStore("primary");
        await using var backup = NewStore("backup");
        var source = new SqliteJournal("hist", primary);
        var target = new SqliteJournal("hist", backup);
        var values = TestData.Interleaved(3, 200);
        foreach (var batch in TestData.Batches(values, 150))
            await primary.WriteAsync(batch, null, default);
        await backup.WriteAsync([TagValue.FromNumber("backup/own", 1, TestData.Start)], null, default);

        var records = await source.ReadAsync("primary", 0, 100, default);
        Assert.Equal(4, await target.ApplyAsync(records, default));
        Assert.Equal(0, await target.ApplyAsync(records, default));
        Assert.Equal(0, await target.ApplyAsync(records.Skip(2).ToList(), default));

        Assert.Equal(["backup", "primary"], await target.GetOriginsAsync(default));
        Assert.Equal(4, await target.GetLastSequenceAsync("primary", default));
        Assert.Equal(1, await target.GetLastSequenceAsync("backup", default));
        foreach (var tag in values.Select(v => v.Path).Distinct())
        {
            var page = await backup.QueryRawAsync(tag, TestData.Start, TestData.Start.AddDays(1), 10_000, null, default);
            Assert.Equal(values.Where(v => v.Path == tag), page.Samples.Select(s => s.Value));
        }

        // The backup's journal hands the primary's records on unchanged (e.g. to a replaced node).
        var again = await target.ReadAsync("primary", 0, 100, default);
        Assert.Equal(records.Select(r => (r.Sequence, r.Term, r.Timestamp)), again.Select(r => (r.Sequence, r.Term, r.Timestamp)));
        Assert.Equal(records.Select(r => Convert.ToHexString(r.Payload.Span)), again.Select(r => Convert.ToHexString(r.Payload.Span)));
    }

    [Fact]
    public async Task AValueStoredTwice_ShowsOnce_InRawLatestAndAggregates_WhileEveryRecordStaysWhole()
    {
        // A link resending what a killed node had stored, or one value reaching both nodes of a pair under two origins.
        await using var primary = NewStore("primary");
        await using var backup = NewStore("backup");
        var values = TestData.Interleaved(2, 30);
        await primary.WriteAsync(values, null, default);
        await backup.WriteAsync(values.Take(40).ToList(), null, default);
        var replay = values.Skip(30).ToList();
        await backup.WriteAsync(replay, null, default);
        var primaryRecords = await new SqliteJournal("hist", primary).ReadAsync("primary", 0, 10, default);
        Assert.Equal(1, await new SqliteJournal("hist", backup).ApplyAsync(primaryRecords, default));

        foreach (var tag in new[] { "plant/tag0", "plant/tag1" })
        {
            var expected = values.Where(v => v.Path == tag).ToList();
            var raw = await backup.QueryRawAsync(tag, TestData.Start, TestData.Start.AddDays(1), 10_000, null, default);
            Assert.Equal(expected, raw.Samples.Select(s => s.Value));
            Assert.Equal(expected[^1], (await backup.QueryLatestAsync(tag, default))!.Value);
            var aggregates = await backup.QueryAggregatesAsync(tag, TestData.Start, TestData.Start.AddDays(1), TimeSpan.FromDays(1), default);
            Assert.Equal(expected.Count, aggregates.Sum(a => a.Count));
        }

        // The journal still hands every record on byte for byte: the primary's batch, and the backup's two.
        var again = await new SqliteJournal("hist", backup).ReadAsync("primary", 0, 10, default);
        Assert.Equal(primaryRecords.Select(r => Convert.ToHexString(r.Payload.Span)), again.Select(r => Convert.ToHexString(r.Payload.Span)));
        var own = await new SqliteJournal("hist", backup).ReadAsync("backup", 0, 10, default);
        Assert.Equal(replay, ValueBatchCodec.Decode(own[1].Payload.Span));
    }

    [Fact]
    public async Task OutOfOrderValues_ThatDifferInValueOrQuality_AreAllKept()
    {
        await using var store = NewStore("primary");
        var t = TestData.Start;
        await store.WriteAsync([TagValue.FromNumber("a", 1, t.AddSeconds(10))], null, default);
        await store.WriteAsync(
            [TagValue.FromNumber("a", 2, t.AddSeconds(10)), TagValue.FromNumber("a", 1, t.AddSeconds(10), TagQuality.Bad), TagValue.FromNumber("a", 3, t.AddSeconds(5))],
            null,
            default);

        var raw = await store.QueryRawAsync("a", t, t.AddDays(1), 100, null, default);
        Assert.Equal(4, raw.Samples.Count);
    }

    [Fact]
    public async Task Clear_ForTheOverwriteAfterAModeChange_DiscardsEveryRecordAndItsValues_AndNumberingStartsAgain()
    {
        await using var primary = NewStore("primary");
        await using var backup = NewStore("backup");
        var source = new SqliteJournal("hist", primary);
        var target = new SqliteJournal("hist", backup);
        foreach (var batch in TestData.Batches(TestData.Interleaved(2, 50), 40))
            await primary.WriteAsync(batch, null, default);
        await target.ApplyAsync(await source.ReadAsync("primary", 0, 100, default), default);
        await backup.WriteAsync([TagValue.FromNumber("backup/own", 1, TestData.Start)], null, default);

        await target.ClearAsync(default);
        await target.ClearAsync(default);

        Assert.Empty(await target.GetOriginsAsync(default));
        Assert.Equal(0, await target.GetLastSequenceAsync("backup", default));
        Assert.Empty((await backup.QueryRawAsync("backup/own", TestData.Start.AddDays(-1), TestData.Start.AddDays(1), 100, null, default)).Samples);

        // It stays a working journal: the primary's records apply again, and the node's own next batch is 1.
        Assert.Equal(3, await target.ApplyAsync(await source.ReadAsync("primary", 0, 100, default), default));
        Assert.Equal(1, await backup.AppendLocalAsync([TagValue.FromNumber("backup/own", 2, TestData.Start)], null, default));
    }

    [Fact]
    public async Task Apply_OwnRecordsBack_ContinuesTheSequenceAfterThem()
    {
        var values = TestData.Interleaved(2, 20);
        IReadOnlyList<JournalRecord> records;
        await using (var original = NewStore("node1"))
        {
            await original.WriteAsync(values, null, default);
            await original.WriteAsync(values, null, default);
            records = await new SqliteJournal("hist", original).ReadAsync("node1", 0, 10, default);
        }

        // The node's file was lost; the peer hands its records back.
        Directory.Delete(_dir.Combine("node1"), recursive: true);
        await using var rebuilt = NewStore("node1");
        Assert.Equal(2, await new SqliteJournal("hist", rebuilt).ApplyAsync(records, default));
        Assert.Equal(3, await rebuilt.AppendLocalAsync(values, null, default));
    }

    [Fact]
    public async Task Apply_RejectsAPayloadThatIsNotAHistorianBatch_AndStoresNothingOfTheCall()
    {
        await using var store = NewStore("backup");
        var journal = new SqliteJournal("hist", store);
        var good = new JournalRecord("primary", 1, 1, TestData.Start, ValueBatchCodec.Encode([TagValue.FromNumber("a", 1, TestData.Start)]));
        var bad = new JournalRecord("primary", 1, 2, TestData.Start, new byte[] { 9, 9, 9 });
        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await journal.ApplyAsync([good, bad], default));
        Assert.Contains("primary#2", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await journal.GetLastSequenceAsync("primary", default));
    }

    [Fact]
    public async Task Journal_IsRegisteredAtConstruction_AndAppliesRecordsWhileTheModuleIsStopped()
    {
        IReadOnlyList<JournalRecord> records;
        var values = TestData.Interleaved(2, 300);
        await using (var primary = NewStore("primary"))
        {
            foreach (var batch in TestData.Batches(values, 200))
                await primary.WriteAsync(batch, null, default);
            records = await new SqliteJournal("hist", primary).ReadAsync("primary", 0, 100, default);
        }

        var context = new ModuleTestContext("Historian", new Dictionary<string, string?>(), "hist", _time, node: "backup", dataDirectory: _dir.Combine("standby"));
        await using var module = ModuleFactory.Create<HistorianModule>(context);

        // Never started (a standby node): the journal is there and takes the active node's records.
        var journal = context.Registry.Get("historian/hist");
        Assert.Equal(3, await journal.ApplyAsync(records, default));
        Assert.Equal(0, await journal.ApplyAsync(records, default));
        Assert.Equal(0, context.Bus.SubscriberCount);

        var history = context.NodeServices.Get<IHistoryService>();
        Assert.NotNull(history);
        var page = await history.QueryRawAsync("plant/tag1", TestData.Start, TestData.Start.AddDays(1), 1000, null, default);
        Assert.Equal(values.Where(v => v.Path == "plant/tag1"), page.Samples.Select(s => s.Value));
        Assert.True(File.Exists(Path.Combine(context.DataDirectory, HistorianModule.DatabaseFileName)));
    }
}
