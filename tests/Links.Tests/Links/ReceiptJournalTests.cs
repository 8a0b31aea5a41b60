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
}
