using Microsoft.Extensions.Logging;
using Xunit;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

public sealed class ConflictTests
{
    [Fact]
    public async Task WipedNodeThatWroteAgain_BothSequenceSpacesAreKeptOnBothNodes()
    {
        var clock = SyncNode.NewClock();
        var a = new SyncNode("a", clock);
        var b = new SyncNode("b", clock);
        var oldA = a.AddJournal("history");
        var onB = b.AddJournal("history");
        await SyncTestData.AppendAsync(oldA, "a", 100);
        await using (var link = SyncLink.Connect(a, b))
            await link.BothCaughtUpAsync();

        // Node a's data folder is wiped: it restarts with an empty journal, goes active in term 3 and numbers from 1 again.
        clock.Advance(TimeSpan.FromHours(1));
        var wiped = new SyncNode("a", clock);
        var newA = wiped.AddJournal("history");
        newA.Term = 3;
        await SyncTestData.AppendAsync(newA, "a", 30, from: 1_000);

        await using var again = SyncLink.Connect(wiped, b);
        await again.BothCaughtUpAsync();

        var oldEpoch = RecordDigest.EpochOf(oldA.Snapshot("a")[0]);
        var newEpoch = RecordDigest.EpochOf(newA.Snapshot("a")[0]);
        Assert.StartsWith("1.", oldEpoch, StringComparison.Ordinal);
        Assert.StartsWith("3.", newEpoch, StringComparison.Ordinal);

        // b keeps what it held under "a" and stores the new space beside it; a gets its old history back beside its new one.
        Assert.Equal(await SyncTestData.DigestAsync(oldA, "a"), await SyncTestData.DigestAsync(onB, "a"));
        Assert.Equal(await SyncTestData.DigestAsync(newA, "a"), await SyncTestData.DigestAsync(onB, "a~" + newEpoch));
        Assert.Equal(await SyncTestData.DigestAsync(oldA, "a"), await SyncTestData.DigestAsync(newA, "a~" + oldEpoch));
        Assert.Equal(130, onB.Count);
        Assert.Equal(130, newA.Count);
        Assert.Contains(b.Logger.Entries, e => e.EventName == "SyncDivergedSpace");

        // Both spaces are recognised on the next connection: nothing is sent again.
        await again.CutAsync();
        await using var third = SyncLink.Connect(wiped, b);
        await third.BothCaughtUpAsync();
        Assert.Equal(0, third.ChannelA.RecordsSent + third.ChannelB.RecordsSent);
    }

    [Fact]
    public async Task WipedNodeBeforeWriting_GetsItsOwnHistoryBack_AndContinuesItsSequence()
    {
        var clock = SyncNode.NewClock();
        var a = new SyncNode("a", clock);
        var b = new SyncNode("b", clock);
        var oldA = a.AddJournal("history");
        var onB = b.AddJournal("history");
        await SyncTestData.AppendAsync(oldA, "a", 100);
        await using (var link = SyncLink.Connect(a, b))
            await link.BothCaughtUpAsync();

        var wiped = new SyncNode("a", clock);
        var newA = wiped.AddJournal("history");
        await using var again = SyncLink.Connect(wiped, b);
        await again.BothCaughtUpAsync();
        Assert.Equal(await SyncTestData.DigestAsync(oldA, "a"), await SyncTestData.DigestAsync(newA, "a"));

        Assert.Equal(101, await newA.AppendAsync(SyncTestData.Payload("a", 101), CancellationToken.None));
        await Eventually(() => onB.Count == 101);
    }

    [Fact]
    public async Task RestoredOldCopyThatWroteOn_IsReportedAsAConflict_AndNeitherCopyIsOverwritten()
    {
        var clock = SyncNode.NewClock();
        var a = new SyncNode("a", clock);
        var b = new SyncNode("b", clock);
        var onA = a.AddJournal("history");
        var onB = b.AddJournal("history");
        await SyncTestData.AppendAsync(onA, "a", 100);
        await using (var link = SyncLink.Connect(a, b))
            await link.BothCaughtUpAsync();

        // Node a's data folder is restored from an old copy (records 1..60), then a writes on in term 2: 61..80 differ from b's.
        var restored = new SyncNode("a", clock);
        var onRestored = restored.AddJournal("history");
        await onRestored.ApplyAsync(onA.Snapshot("a").Take(60).ToList(), CancellationToken.None);
        onRestored.Term = 2;
        await SyncTestData.AppendAsync(onRestored, "a", 20, from: 5_000);
        var bBefore = await SyncTestData.DigestAsync(onB, "a");
        var aBefore = await SyncTestData.DigestAsync(onRestored, "a");

        await using var again = SyncLink.Connect(restored, b);
        await again.BothCaughtUpAsync();

        var conflict = Assert.Single(b.Replicator.GetStatus().Conflicts);
        Assert.Equal(("history", "a", 80L, 1L, 2L), (conflict.Journal, conflict.Origin, conflict.Sequence, conflict.LocalTerm, conflict.PeerTerm));
        Assert.Contains(b.Logger.Entries, e => e.Level == LogLevel.Error && e.EventName == "SyncConflict");
        Assert.Equal(bBefore, await SyncTestData.DigestAsync(onB, "a"));
        Assert.Equal(aBefore, await SyncTestData.DigestAsync(onRestored, "a"));

        // The operator resolves it: the restored node's journal is removed and rebuilt from the peer.
        await again.CutAsync();
        var rebuilt = new SyncNode("a", clock);
        var onRebuilt = rebuilt.AddJournal("history");
        await using var third = SyncLink.Connect(rebuilt, b);
        await third.BothCaughtUpAsync();
        Assert.Empty(b.Replicator.GetStatus().Conflicts);
        Assert.Equal(bBefore, await SyncTestData.DigestAsync(onRebuilt, "a"));
    }

    private static Task Eventually(Func<bool> condition) =>
        N3Host.Testing.Eventually.TrueAsync(condition, SyncLink.Timeout, "the record reaches the peer");
}
