using Microsoft.Extensions.Logging;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Testing;
using Xunit;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

public sealed class ReplicationTests
{
    [Fact]
    public async Task Failback_PrimaryHoldsEveryBackupRecord_WhenItsSessionReportsCaughtUp()
    {
        var clock = SyncNode.NewClock();
        var primary = new SyncNode("primary", clock);
        var backup = new SyncNode("backup", clock);
        var onPrimary = primary.AddJournal("history");
        var onBackup = backup.AddJournal("history");
        await SyncTestData.AppendAsync(onPrimary, "primary", 500);
        await onBackup.ApplyAsync(onPrimary.Snapshot("primary"), CancellationToken.None);
        await SyncTestData.AppendAsync(onBackup, "backup", 20_000);

        await using var link = SyncLink.Connect(primary, backup);
        await link.A.PeerCaughtUp.WaitAsync(SyncLink.Timeout);

        // At the moment the primary may go active, it holds everything the backup wrote: same count, same content.
        Assert.Equal(await SyncTestData.DigestAsync(onBackup, "backup"), await SyncTestData.DigestAsync(onPrimary, "backup"));
        Assert.Equal(20_500, onPrimary.Count);
        await link.B.PeerConfirmedCaughtUp.WaitAsync(SyncLink.Timeout);
        Assert.Equal(20_000, backup.Replicator.GetStatus().Outbound.AppliedRecords);
        Assert.Equal(20_000, link.ChannelB.RecordsSent);
        Assert.Equal(0, link.ChannelA.RecordsSent);
        Assert.DoesNotContain(primary.Logger.Entries, e => e.Level >= LogLevel.Warning);
        Assert.DoesNotContain(backup.Logger.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task BothDirections_EachNodeEndsWithTheUnion()
    {
        var clock = SyncNode.NewClock();
        var a = new SyncNode("a", clock);
        var b = new SyncNode("b", clock);
        var ja = a.AddJournal("history");
        var jb = b.AddJournal("history");
        await SyncTestData.AppendAsync(ja, "a", 3_000);
        await SyncTestData.AppendAsync(jb, "b", 7_000);

        await using var link = SyncLink.Connect(a, b);
        await link.BothCaughtUpAsync();

        Assert.Equal(await SyncTestData.DigestAsync(ja, "a"), await SyncTestData.DigestAsync(jb, "a"));
        Assert.Equal(await SyncTestData.DigestAsync(jb, "b"), await SyncTestData.DigestAsync(ja, "b"));
        Assert.Equal(10_000, ja.Count);
        Assert.Equal(10_000, jb.Count);
    }

    [Fact]
    public async Task ThirdOrigins_AreForwarded_InSequenceOrderPerOrigin()
    {
        var clock = SyncNode.NewClock();
        var a = new SyncNode("a", clock, new SyncOptions { MaxBatchRecords = 97 });
        var b = new SyncNode("b", clock);
        var ja = a.AddJournal("history");
        var jb = b.AddJournal("history");
        for (var i = 1; i <= 1_000; i++)
        {
            ja.Seed("old-node", 1, clock.GetUtcNow(), $"o{i}");
            ja.Seed("a", 2, clock.GetUtcNow(), $"a{i}");
            ja.Seed("other", 3, clock.GetUtcNow(), $"x{i}");
        }

        await using var link = SyncLink.Connect(a, b);
        await link.A.PeerConfirmedCaughtUp.WaitAsync(SyncLink.Timeout);

        foreach (var origin in new[] { "old-node", "a", "other" })
        {
            var applied = jb.ApplyLog.Where(e => e.Origin == origin).Select(e => e.Sequence).ToList();
            Assert.Equal(Enumerable.Range(1, 1_000).Select(i => (long)i), applied);
        }
    }

    [Fact]
    public async Task Continuous_EveryAppendOnTheActiveNodeReachesTheStandby_WithoutPolling()
    {
        var clock = SyncNode.NewClock();
        var active = new SyncNode("active", clock);
        var standby = new SyncNode("standby", clock);
        var onActive = active.AddJournal("history");
        var onStandby = standby.AddJournal("history");
        await using var link = SyncLink.Connect(active, standby);
        await link.BothCaughtUpAsync();

        for (var i = 1; i <= 2_000; i++)
        {
            await onActive.AppendAsync(SyncTestData.Payload("active", i), CancellationToken.None);
            if (i % 500 == 0)
                clock.Advance(TimeSpan.FromSeconds(1));
        }

        await Eventually.TrueAsync(() => onStandby.Count == 2_000, SyncLink.Timeout, "the standby receives every appended record");
        Assert.Equal(await SyncTestData.DigestAsync(onActive, "active"), await SyncTestData.DigestAsync(onStandby, "active"));
        Assert.Equal(SyncStates.Following, active.Replicator.GetStatus().State);
    }

    [Fact]
    public async Task JournalRegisteredAfterTheSessionStarted_IsReplicated()
    {
        var clock = SyncNode.NewClock();
        var a = new SyncNode("a", clock);
        var b = new SyncNode("b", clock);
        a.AddJournal("history");
        b.AddJournal("history");
        await using var link = SyncLink.Connect(a, b);
        await link.BothCaughtUpAsync();

        // A module constructed later (after a fault, or enabled by a configuration change) registers its journal,
        // first on the sender with records already on disk, then on the receiver.
        var alarms = a.AddJournal("alarms", register: false);
        await SyncTestData.AppendAsync(alarms, "a", 300);
        a.Journals.Register(alarms);
        var alarmsOnB = b.AddJournal("alarms");
        await SyncTestData.AppendAsync(alarms, "a", 200, from: 301);

        await Eventually.TrueAsync(() => alarmsOnB.Count == 500, SyncLink.Timeout, "the late journal's records reach the peer");
        Assert.Equal(await SyncTestData.DigestAsync(alarms, "a"), await SyncTestData.DigestAsync(alarmsOnB, "a"));

        // And the other way round: registered on the receiver first.
        var events = b.AddJournal("events");
        await SyncTestData.AppendAsync(events, "b", 50);
        var eventsOnA = a.AddJournal("events");
        await Eventually.TrueAsync(() => eventsOnA.Count == 50, SyncLink.Timeout, "the journal registered on the receiver first is replicated too");
    }

    [Fact]
    public async Task ACompactingJournal_ReachesAPeerThatNeverSawTheDroppedRecords_AndGoesOnFollowing_WhileAGapElsewhereIsStillRefused()
    {
        var clock = SyncNode.NewClock();
        var a = new SyncNode("a", clock);
        var b = new SyncNode("b", clock);
        var compacted = new InMemoryJournal("links.in", "a", clock) { Compacts = true };
        await SyncTestData.AppendAsync(compacted, "a", 100);
        compacted.Drop("a", sequence => sequence is not (1 or 50 or 100));
        a.Journals.Register(compacted);
        var onB = new InMemoryJournal("links.in", "b", clock) { Compacts = true };
        b.Journals.Register(onB);

        await using (var link = SyncLink.Connect(a, b))
        {
            await link.BothCaughtUpAsync();
            Assert.Equal([1L, 50L, 100L], onB.Snapshot("a").Select(r => r.Sequence));
            Assert.Equal(await SyncTestData.DigestAsync(compacted, "a"), await SyncTestData.DigestAsync(onB, "a"));

            await SyncTestData.AppendAsync(compacted, "a", 5, from: 101);
            await Eventually.TrueAsync(() => onB.Count == 8, SyncLink.Timeout, "new records follow after the compacted ones");
            Assert.False(link.A.Completion.IsCompleted);
        }

        // A journal that does not compact and has a hole is refused with a protocol error, as before.
        var c = new SyncNode("c", clock);
        var d = new SyncNode("d", clock);
        var holed = c.AddJournal("history");
        await SyncTestData.AppendAsync(holed, "c", 10);
        holed.Drop("c", sequence => sequence == 5);
        d.AddJournal("history");
        await using var refused = SyncLink.Connect(c, d);
        var ended = await Assert.ThrowsAnyAsync<Exception>(() => refused.B.Completion.WaitAsync(SyncLink.Timeout));
        Assert.Contains("journal 'history' origin 'c': 4 then 6", ended.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatchUpRequest_MadeJustAfterAJournalWasRegistered_CoversThatJournalsRecordsToo()
    {
        // The failback hand-over (and the overwrite) register the journals the peer holds, then ask for everything.
        // The request must reach the peer after this node announced the new journal, or the peer answers without it.
        var clock = SyncNode.NewClock();
        var primary = new SyncNode("primary", clock);
        var backup = new SyncNode("backup", clock);
        primary.AddJournal("history");
        backup.AddJournal("history");
        var lateOnBackup = backup.AddJournal("late");
        await SyncTestData.AppendAsync(lateOnBackup, "backup", 100);
        await using var link = SyncLink.Connect(primary, backup);
        await link.BothCaughtUpAsync();

        // The primary's module registers its journal late; reading its cursor for the announcement takes a while.
        var lateOnPrimary = primary.AddJournal("late", register: false);
        var slowRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lateOnPrimary.OriginsGate = slowRead;
        primary.Journals.Register(lateOnPrimary);
        var handOver = link.A.RequestCatchUpAsync(CancellationToken.None);

        await Poll.StaysFalseAsync(() => handOver.IsCompleted, "the hand-over completes before the new journal was announced to the backup");
        lateOnPrimary.OriginsGate = null;
        slowRead.SetResult();
        await handOver.WaitAsync(SyncLink.Timeout);
        Assert.Equal(100, lateOnPrimary.Count);
        Assert.Equal(await SyncTestData.DigestAsync(lateOnBackup, "backup"), await SyncTestData.DigestAsync(lateOnPrimary, "backup"));
    }

    [Fact]
    public async Task CaughtUp_IsSignalledOnlyAfterTheReceiverAppliedEverything()
    {
        var clock = SyncNode.NewClock();
        var primary = new SyncNode("primary", clock, new SyncOptions { MaxBatchRecords = 100 });
        var backup = new SyncNode("backup", clock, new SyncOptions { MaxBatchRecords = 100 });
        var onPrimary = primary.AddJournal("history");
        var onBackup = backup.AddJournal("history");
        await SyncTestData.AppendAsync(onBackup, "backup", 1_000);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        onPrimary.ApplyGate = gate;

        await using var link = SyncLink.Connect(primary, backup);
        await Eventually.TrueAsync(() => link.ChannelB.BatchesSent >= 1, SyncLink.Timeout, "the backup starts sending");
        await Task.Delay(200);
        Assert.False(link.A.PeerCaughtUp.IsCompleted, "caught up must wait for the primary's journal to apply");
        Assert.False(link.B.PeerConfirmedCaughtUp.IsCompleted);
        Assert.Equal(0, onPrimary.Count);

        gate.SetResult();
        await link.A.PeerCaughtUp.WaitAsync(SyncLink.Timeout);
        Assert.Equal(1_000, onPrimary.Count);
        await link.B.PeerConfirmedCaughtUp.WaitAsync(SyncLink.Timeout);
    }

    [Fact]
    public async Task FlowControl_StopsSending_WhileTheReceiverHasNotAppliedTheWindow()
    {
        var clock = SyncNode.NewClock();
        var options = new SyncOptions { MaxBatchRecords = 10, MaxUnacknowledgedBatches = 3 };
        var receiver = new SyncNode("receiver", clock, options);
        var sender = new SyncNode("sender", clock, options);
        var onReceiver = receiver.AddJournal("history");
        var onSender = sender.AddJournal("history");
        await SyncTestData.AppendAsync(onSender, "sender", 1_000);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        onReceiver.ApplyGate = gate;

        await using var link = SyncLink.Connect(receiver, sender);
        await Eventually.TrueAsync(() => link.ChannelB.BatchesSent >= 3, SyncLink.Timeout, "the sender fills its window");
        await Task.Delay(300);
        Assert.Equal(3, link.ChannelB.BatchesSent);

        gate.SetResult();
        await link.A.PeerCaughtUp.WaitAsync(SyncLink.Timeout);
        Assert.Equal(1_000, onReceiver.Count);
        Assert.Equal(100, link.ChannelB.BatchesSent);
    }

    [Fact]
    public async Task FailbackHandOver_RequestedAfterTheBackupStopped_CoversRecordsWrittenAfterTheHello()
    {
        var clock = SyncNode.NewClock();
        var primary = new SyncNode("primary", clock);
        var backup = new SyncNode("backup", clock);
        var onPrimary = primary.AddJournal("history");
        var onBackup = backup.AddJournal("history");
        await SyncTestData.AppendAsync(onBackup, "backup", 1_000);
        await using var link = SyncLink.Connect(primary, backup);
        await link.A.PeerCaughtUp.WaitAsync(SyncLink.Timeout);

        // The backup was still active and wrote on after the hello; the primary's journal is slow to apply them.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        onPrimary.ApplyGate = gate;
        await SyncTestData.AppendAsync(onBackup, "backup", 700, from: 1_001);

        // The backup confirmed standby: the primary asks for everything the backup holds now.
        var handOver = link.A.RequestCatchUpAsync(CancellationToken.None);
        await Task.Delay(100);
        Assert.False(handOver.IsCompleted, "the hand-over waits until the primary applied the records");
        gate.SetResult();
        await handOver.WaitAsync(SyncLink.Timeout);

        Assert.Equal(1_700, onPrimary.Count);
        Assert.Equal(await SyncTestData.DigestAsync(onBackup, "backup"), await SyncTestData.DigestAsync(onPrimary, "backup"));
        Assert.Contains(primary.Logger.Entries, e => e.EventName == "SyncCaughtUpAnswered");
    }

    [Fact]
    public async Task FailbackHandOver_FailsAtOnce_WhenTheLinkIsLost()
    {
        var clock = SyncNode.NewClock();
        var primary = new SyncNode("primary", clock);
        var backup = new SyncNode("backup", clock);
        var onPrimary = primary.AddJournal("history");
        var onBackup = backup.AddJournal("history");
        await SyncTestData.AppendAsync(onBackup, "backup", 100);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        onPrimary.ApplyGate = gate;
        await using var link = SyncLink.Connect(primary, backup);
        await Eventually.TrueAsync(() => link.ChannelB.BatchesSent >= 1, SyncLink.Timeout, "the backup starts sending");

        var handOver = link.A.RequestCatchUpAsync(CancellationToken.None);
        link.ChannelA.Cut();
        gate.SetResult();
        await Assert.ThrowsAsync<SyncSessionEndedException>(() => handOver.WaitAsync(SyncLink.Timeout));
        await Assert.ThrowsAsync<SyncSessionEndedException>(() => link.A.PeerCaughtUp.WaitAsync(SyncLink.Timeout));
    }

    [Fact]
    public async Task ModuleRecreatedAfterAFault_RegistersItsJournalAgain_AndReplicationGoesOnWithoutLossOrDuplicates()
    {
        var clock = SyncNode.NewClock();
        var active = new SyncNode("active", clock);
        var standby = new SyncNode("standby", clock);
        var onActive = active.AddJournal("history");
        var onStandby = standby.AddJournal("history");
        await using var link = SyncLink.Connect(active, standby);
        await link.BothCaughtUpAsync();

        for (var i = 1; i <= 3_000; i++)
        {
            await onActive.AppendAsync(SyncTestData.Payload("active", i), CancellationToken.None);
            if (i == 1_000)
                standby.Journals.Register(onStandby);
            if (i == 2_000)
                active.Journals.Register(onActive);
        }

        await Eventually.TrueAsync(() => onStandby.Count == 3_000, SyncLink.Timeout, "every record reaches the standby");
        Assert.Equal(await SyncTestData.DigestAsync(onActive, "active"), await SyncTestData.DigestAsync(onStandby, "active"));
        Assert.Equal(Enumerable.Range(1, 3_000).Select(i => (long)i), onStandby.ApplyLog.Select(e => e.Sequence));
    }
}
