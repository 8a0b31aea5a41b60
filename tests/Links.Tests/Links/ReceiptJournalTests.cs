using N3Host.Plugins.Links;
using N3Host.Testing;
using Xunit;

namespace Links.Tests.Links;

/// <summary>The link server's receipt journal (replicated between the nodes of a pair).</summary>
public sealed class ReceiptJournalTests
{
    [Fact]
    public async Task Receipts_AppliedFromThePeer_RaiseTheHighWater_Idempotently_AndSurviveARestart()
    {
        using var alphaFolder = new TempDirectory();
        using var betaFolder = new TempDirectory();
        var stream = Guid.NewGuid();
        using var alpha = new ReceiptJournal("links.in", alphaFolder.Path, "alpha", TimeProvider.System, () => 1);
        alpha.Record(new ReceiptRecord(stream, "site1", "out", 100));
        alpha.Record(new ReceiptRecord(stream, "site1", "out", 250));

        var records = await alpha.ReadAsync("alpha", 0, 100, CancellationToken.None);
        using (var beta = new ReceiptJournal("links.in", betaFolder.Path, "beta", TimeProvider.System, () => 1))
        {
            Assert.Equal(2, await beta.ApplyAsync(records, CancellationToken.None));
            Assert.Equal(0, await beta.ApplyAsync(records, CancellationToken.None));
            Assert.Equal(250, beta.HighWater(stream));
        }

        using var restarted = new ReceiptJournal("links.in", betaFolder.Path, "beta", TimeProvider.System, () => 1);
        Assert.Equal(250, restarted.HighWater(stream));
        Assert.Equal(2, await restarted.GetLastSequenceAsync("alpha", CancellationToken.None));
    }

    [Fact]
    public async Task Clear_ForTheOverwriteAfterAModeChange_ForgetsEveryReceipt_AlsoAfterARestart()
    {
        using var folder = new TempDirectory();
        using var alphaFolder = new TempDirectory();
        var stream = Guid.NewGuid();
        using var alpha = new ReceiptJournal("links.in", alphaFolder.Path, "alpha", TimeProvider.System, () => 1);
        alpha.Record(new ReceiptRecord(stream, "site1", "out", 90));
        using (var journal = new ReceiptJournal("links.in", folder.Path, "beta", TimeProvider.System, () => 1))
        {
            journal.Record(new ReceiptRecord(stream, "site1", "out", 40));
            await journal.ApplyAsync(await alpha.ReadAsync("alpha", 0, 10, CancellationToken.None), CancellationToken.None);
            Assert.Equal(90, journal.HighWater(stream));

            await journal.ClearAsync(CancellationToken.None);

            Assert.Empty(await journal.GetOriginsAsync(CancellationToken.None));
            Assert.Equal(0, journal.HighWater(stream));
            Assert.Equal(1, journal.Record(new ReceiptRecord(stream, "site1", "out", 5)));
        }

        using var reopened = new ReceiptJournal("links.in", folder.Path, "beta", TimeProvider.System, () => 1);
        Assert.Equal(["beta"], await reopened.GetOriginsAsync(CancellationToken.None));
        Assert.Equal(5, reopened.HighWater(stream));
    }

    [Fact]
    public async Task ATornLastLine_IsCutOff_AndNumberingContinuesWithoutGaps()
    {
        using var folder = new TempDirectory();
        var stream = Guid.NewGuid();
        using (var journal = new ReceiptJournal("links.in", folder.Path, "alpha", TimeProvider.System, () => 1))
        {
            journal.Record(new ReceiptRecord(stream, "site1", "out", 10));
        }

        await File.AppendAllTextAsync(Path.Combine(folder.Path, "receipts.jsonl"), "{\"Origin\":\"alp");
        using var reopened = new ReceiptJournal("links.in", folder.Path, "alpha", TimeProvider.System, () => 1);
        Assert.Equal(10, reopened.HighWater(stream));
        Assert.Equal(2, reopened.Record(new ReceiptRecord(stream, "site1", "out", 20)));
        var records = await reopened.ReadAsync("alpha", 0, 10, CancellationToken.None);
        Assert.Equal([1L, 2L], records.Select(r => r.Sequence));
    }

    [Fact]
    public async Task ALongJournal_OfTwoInterleavedOrigins_ReadsBackExactlyFromAnySequence_AlsoAfterARestart()
    {
        // Receipts stay on disk (memory keeps one offset per IndexStride records): every read must still find its records.
        using var folder = new TempDirectory();
        using var peerFolder = new TempDirectory();
        var streams = new[] { Guid.NewGuid(), Guid.NewGuid() };
        using var peer = new ReceiptJournal("links.in", peerFolder.Path, "beta", TimeProvider.System, () => 2);
        using (var journal = new ReceiptJournal("links.in", folder.Path, "alpha", TimeProvider.System, () => 1))
        {
            for (var i = 1; i <= 1000; i++)
            {
                journal.Record(new ReceiptRecord(streams[i % 2], "site1", "out", i));
                if (i % 3 == 0)
                {
                    var sequence = peer.Record(new ReceiptRecord(streams[0], "site2", "out", 10 * i));
                    await journal.ApplyAsync(await peer.ReadAsync("beta", sequence - 1, 1, CancellationToken.None), CancellationToken.None);
                }
            }

            await AssertReadsAsync(journal, peer);
        }

        using var reopened = new ReceiptJournal("links.in", folder.Path, "alpha", TimeProvider.System, () => 1);
        await AssertReadsAsync(reopened, peer);
        Assert.Equal(9990, reopened.HighWater(streams[0]));
        Assert.Equal(999, reopened.HighWater(streams[1]));
        Assert.Equal(1001, reopened.Record(new ReceiptRecord(streams[1], "site1", "out", 1001)));
        Assert.Equal(1001, (await reopened.ReadAsync("alpha", 1000, 10, CancellationToken.None)).Single().Sequence);

        static async Task AssertReadsAsync(ReceiptJournal journal, ReceiptJournal peer)
        {
            Assert.Equal(1000, await journal.GetLastSequenceAsync("alpha", CancellationToken.None));
            Assert.Equal(333, await journal.GetLastSequenceAsync("beta", CancellationToken.None));
            foreach (var after in new long[] { 0, 1, 62, 63, 64, 65, 127, 128, 500, 998, 999, 1000 })
            {
                var records = await journal.ReadAsync("alpha", after, 100, CancellationToken.None);
                Assert.Equal(Enumerable.Range((int)after + 1, (int)Math.Min(100, 1000 - after)).Select(i => (long)i), records.Select(r => r.Sequence));
                Assert.All(records, r => Assert.Equal("alpha", r.Origin));
            }

            // What the peer wrote reads back byte for byte, as the sync compares it.
            var mine = await journal.ReadAsync("beta", 0, 1000, CancellationToken.None);
            var theirs = await peer.ReadAsync("beta", 0, 1000, CancellationToken.None);
            Assert.Equal(theirs.Select(r => (r.Sequence, r.Term, r.Timestamp, Convert.ToHexString(r.Payload.Span))), mine.Select(r => (r.Sequence, r.Term, r.Timestamp, Convert.ToHexString(r.Payload.Span))));
            Assert.Equal(333, mine.Count);
        }
    }

    [Fact]
    public async Task Compaction_KeepsTheFileSmall_TheHighWaters_AndWhatThePeerNeeds_AndAFreshPeerGetsOnlyThat()
    {
        using var folder = new TempDirectory();
        using var peerFolder = new TempDirectory();
        using var freshFolder = new TempDirectory();
        var streams = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        using var peer = new ReceiptJournal("links.in", peerFolder.Path, "beta", TimeProvider.System, () => 2, compactEvery: 100);
        using (var journal = new ReceiptJournal("links.in", folder.Path, "alpha", TimeProvider.System, () => 1, compactEvery: 100))
        {
            for (var i = 1; i <= 1000; i++)
            {
                journal.Record(new ReceiptRecord(streams[i % 3], "site1", "out", i));
                if (i % 10 == 0)
                {
                    var sequence = peer.Record(new ReceiptRecord(streams[0], "site2", "out", 5000 + i));
                    await journal.ApplyAsync(await peer.ReadAsync("beta", sequence - 1, 1, CancellationToken.None), CancellationToken.None);
                }
            }

            Assert.InRange(journal.StoredRecords, 1, 110);
            Assert.InRange(File.ReadAllLines(Path.Combine(folder.Path, "receipts.jsonl")).Length, 1, 110);
        }

        using var reopened = new ReceiptJournal("links.in", folder.Path, "alpha", TimeProvider.System, () => 1, compactEvery: 100);
        Assert.Equal([6000L, 1000L, 998L], streams.Select(reopened.HighWater));
        Assert.Equal(1000, await reopened.GetLastSequenceAsync("alpha", CancellationToken.None));
        Assert.Equal(100, await reopened.GetLastSequenceAsync("beta", CancellationToken.None));
        Assert.Equal(1001, reopened.Record(new ReceiptRecord(streams[1], "site1", "out", 1001)));

        // What is kept reads back in order: the first record of each origin, the highest receipt of each stream, the last.
        var alpha = await reopened.ReadAsync("alpha", 0, 10_000, CancellationToken.None);
        Assert.Equal(1L, alpha[0].Sequence);
        Assert.Equal(1001L, alpha[^1].Sequence);
        Assert.Equal(alpha.Select(r => r.Sequence).Order(), alpha.Select(r => r.Sequence));
        Assert.True(alpha.Count < 120, $"{alpha.Count} records kept");

        // A node that never saw the dropped receipts (fresh, or overwritten after a mode change) gets the same high waters.
        using var fresh = new ReceiptJournal("links.in", freshFolder.Path, "gamma", TimeProvider.System, () => 3);
        await fresh.ApplyAsync(alpha, CancellationToken.None);
        await fresh.ApplyAsync(await reopened.ReadAsync("beta", 0, 10_000, CancellationToken.None), CancellationToken.None);
        Assert.Equal([6000L, 1001L, 998L], streams.Select(fresh.HighWater));
    }
}
