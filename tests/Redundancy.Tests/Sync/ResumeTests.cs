using N3Host.Contracts;
using Xunit;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

public sealed class ResumeTests
{
    [Fact]
    public async Task CutMidSync_NextSessionSendsOnlyWhatTheReceiverLacks()
    {
        var clock = SyncNode.NewClock();
        var options = new SyncOptions { MaxBatchRecords = 1_000 };
        var primary = new SyncNode("primary", clock, options);
        var backup = new SyncNode("backup", clock, options);
        var onPrimary = primary.AddJournal("history");
        var onBackup = backup.AddJournal("history");
        await SyncTestData.AppendAsync(onBackup, "backup", 50_000);

        var first = SyncLink.Connect(primary, backup, (_, b) => b.CutAfterBatches = 17);
        await first.EndedAsync();
        await first.DisposeAsync();
        var held = onPrimary.Count;
        Assert.InRange(held, 1, 17_000);
        Assert.False(first.A.PeerCaughtUp.IsCompletedSuccessfully);

        // The primary "restarts": a new engine over the same journal; the cursor is what the journal durably holds.
        var restarted = new SyncNode("primary", clock, options);
        restarted.Journals.Register(onPrimary);
        await using var second = SyncLink.Connect(restarted, backup);
        await second.A.PeerCaughtUp.WaitAsync(SyncLink.Timeout);

        Assert.Equal(50_000 - held, second.ChannelB.RecordsSent);
        Assert.Equal(50_000, onPrimary.Count);
        Assert.Equal(await SyncTestData.DigestAsync(onBackup, "backup"), await SyncTestData.DigestAsync(onPrimary, "backup"));
        Assert.Equal(onPrimary.ApplyLog.Count, onPrimary.ApplyLog.Distinct().Count());
        Assert.Equal(50_000 - held, restarted.Replicator.GetStatus().Inbound.PlannedRecords);
    }

    [Fact]
    public async Task ReconnectWhenInSync_SendsNothing()
    {
        var clock = SyncNode.NewClock();
        var a = new SyncNode("a", clock);
        var b = new SyncNode("b", clock);
        var ja = a.AddJournal("history");
        b.AddJournal("history");
        await SyncTestData.AppendAsync(ja, "a", 5_000);
        var first = SyncLink.Connect(a, b);
        await first.BothCaughtUpAsync();
        await first.DisposeAsync();

        await using var second = SyncLink.Connect(a, b);
        await second.BothCaughtUpAsync();
        Assert.Equal(0, second.ChannelA.RecordsSent);
        Assert.Equal(0, second.ChannelB.RecordsSent);
        Assert.Equal(0, a.Replicator.GetStatus().Outbound.PlannedRecords);
    }

    [Fact]
    public async Task SameBatchAppliedTwice_IsStoredOnce_AndAcknowledgedAsNotNew()
    {
        var clock = SyncNode.NewClock();
        var node = new SyncNode("primary", clock);
        var journal = node.AddJournal("history");
        var (mine, peer) = InMemorySyncChannel.CreatePair();
        await using var session = node.Replicator.StartSession(mine, CancellationToken.None);

        var records = Enumerable.Range(1, 100)
            .Select(i => new JournalRecord("backup", 4, i, clock.GetUtcNow(), SyncTestData.Payload("backup", i)))
            .ToList();
        var epoch = RecordDigest.EpochOf(records[0]);
        await peer.SendAsync(new SyncHello("backup", SyncProtocol.Version, [new JournalCursor("history", [])]), CancellationToken.None);
        await peer.SendAsync(new SyncBatch(1, "history", "backup", epoch, records), CancellationToken.None);
        await peer.SendAsync(new SyncBatch(2, "history", "backup", epoch, records), CancellationToken.None);
        await peer.SendAsync(new SyncBatch(3, "history", "backup", epoch, records[40..60]), CancellationToken.None);
        await peer.SendAsync(new SyncCaughtUp(100), CancellationToken.None);

        var acks = new List<SyncBatchAck>();
        SyncCaughtUpConfirmed? confirmed = null;
        while (confirmed is null)
        {
            switch (await peer.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(SyncLink.Timeout))
            {
                case SyncBatchAck ack:
                    acks.Add(ack);
                    break;
                case SyncCaughtUpConfirmed c:
                    confirmed = c;
                    break;
            }
        }

        Assert.Equal([new SyncBatchAck(1, 100), new SyncBatchAck(2, 0), new SyncBatchAck(3, 0)], acks);
        Assert.Equal(100, confirmed.Applied);
        Assert.Equal(100, journal.Count);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), journal.Snapshot("backup").Select(r => r.Sequence));
        peer.Cut();
    }

    [Fact]
    public async Task BatchWithAGap_EndsTheSessionWithAProtocolError_AndStoresNothingOfIt()
    {
        var clock = SyncNode.NewClock();
        var node = new SyncNode("primary", clock);
        var journal = node.AddJournal("history");
        var (mine, peer) = InMemorySyncChannel.CreatePair();
        var session = node.Replicator.StartSession(mine, CancellationToken.None);

        var records = Enumerable.Range(5, 10)
            .Select(i => new JournalRecord("backup", 1, i, clock.GetUtcNow(), SyncTestData.Payload("backup", i)))
            .ToList();
        await peer.SendAsync(new SyncHello("backup", SyncProtocol.Version, [new JournalCursor("history", [])]), CancellationToken.None);
        await peer.SendAsync(new SyncBatch(1, "history", "backup", "1.0000000000000000", records), CancellationToken.None);

        var error = await Assert.ThrowsAsync<SyncProtocolException>(() => session.Completion.WaitAsync(SyncLink.Timeout));
        Assert.Contains("gap", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, journal.Count);
        var status = node.Replicator.GetStatus();
        Assert.Equal(SyncStates.Disconnected, status.State);
        Assert.Contains("gap", status.LastError, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SyncSessionEndedException>(() => session.PeerCaughtUp);
        peer.Cut();
        await session.DisposeAsync();
    }
}
