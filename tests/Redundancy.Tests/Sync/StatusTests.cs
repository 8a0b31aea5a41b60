using System.Text.Json;
using Xunit;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

public sealed class StatusTests
{
    [Fact]
    public async Task PrimaryThatWentActiveWithoutTheSync_ReportsTheRecordsThatCameLate()
    {
        var clock = SyncNode.NewClock();
        var primary = new SyncNode("primary", clock);
        var backup = new SyncNode("backup", clock);
        var onPrimary = primary.AddJournal("history");
        var onBackup = backup.AddJournal("history");
        var firstLate = clock.GetUtcNow();
        for (var i = 1; i <= 400; i++)
        {
            await onBackup.AppendAsync(SyncTestData.Payload("backup", i), CancellationToken.None);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var lastLate = clock.GetUtcNow() - TimeSpan.FromSeconds(1);

        // The initial standby time passed with no backup: the primary went active without the sync.
        var activatedAt = clock.GetUtcNow();
        primary.Replicator.MarkActivatedWithoutSync();
        await SyncTestData.AppendAsync(onPrimary, "primary", 50);
        clock.Advance(TimeSpan.FromMinutes(5));

        await using var link = SyncLink.Connect(primary, backup);
        await link.BothCaughtUpAsync();
        await SyncTestData.AppendAsync(onBackup, "backup", 10, from: 401);
        await N3Host.Testing.Eventually.TrueAsync(() => onPrimary.Count == 460, SyncLink.Timeout, "records after the catch-up follow");

        var late = primary.Replicator.GetStatus().Late;
        Assert.NotNull(late);
        Assert.Equal(activatedAt, late.ActivatedWithoutSyncAt);
        Assert.Equal(clock.GetUtcNow(), late.MergedAt);
        Assert.Equal(400, late.Total);
        var entry = Assert.Single(late.Entries);
        Assert.Equal(new LateRecords("history", "backup", 400, firstLate, lastLate), entry);
        Assert.Contains(primary.Logger.Entries, e => e.EventName == "SyncActivatedWithoutSync");
        Assert.Null(backup.Replicator.GetStatus().Late);
    }

    [Fact]
    public async Task Status_ShowsProgressAgainstTheKnownTotal_ThenFollowing()
    {
        var clock = SyncNode.NewClock();
        var options = new SyncOptions { MaxBatchRecords = 10, MaxUnacknowledgedBatches = 1 };
        var primary = new SyncNode("primary", clock, options);
        var backup = new SyncNode("backup", clock, options);
        var onPrimary = primary.AddJournal("history");
        var onBackup = backup.AddJournal("history");
        await SyncTestData.AppendAsync(onBackup, "backup", 1_000);
        Assert.Equal(SyncStates.Disconnected, primary.Replicator.GetStatus().State);

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        onPrimary.ApplyGate = gate;
        var published = new List<SyncStatus>();
        primary.Replicator.StatusChanged += (_, s) =>
        {
            lock (published)
                published.Add(s);
        };

        await using var link = SyncLink.Connect(primary, backup);
        await N3Host.Testing.Eventually.TrueAsync(() => primary.Replicator.GetStatus().Inbound.PlannedRecords == 1_000, SyncLink.Timeout, "the plan arrives");
        var during = primary.Replicator.GetStatus();
        Assert.Equal(SyncStates.CatchingUp, during.State);
        Assert.Equal("backup", during.Peer);
        Assert.InRange(during.Inbound.Percent!.Value, 0, 10);
        Assert.False(during.Inbound.CaughtUp);

        gate.SetResult();
        await link.BothCaughtUpAsync();
        var after = primary.Replicator.GetStatus();
        Assert.Equal(SyncStates.Following, after.State);
        Assert.Equal(100, after.Inbound.Percent);
        Assert.Equal(1_000, after.Inbound.Records);
        Assert.Equal(1_000, after.Inbound.AppliedRecords);
        Assert.True(after.Inbound.Bytes >= 1_000 * 100);
        Assert.Equal(clock.GetUtcNow(), after.Inbound.CaughtUpAt);
        lock (published)
        {
            Assert.Contains(published, s => s.Inbound.CaughtUp);
            var steps = published.Where(s => !s.Inbound.CaughtUp && s.Inbound.Percent is > 0).Select(s => s.Inbound.Percent!.Value).ToList();
            Assert.InRange(steps.Count, 15, 21);
            Assert.Equal(steps.Order(), steps);
        }

        // The JSON shape of the MQTT "sync" object.
        var json = JsonSerializer.Serialize(after, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Contains("\"state\":\"following\"", json, StringComparison.Ordinal);
        Assert.Contains("\"percent\":100", json, StringComparison.Ordinal);

        await link.CutAsync();
        Assert.Equal(SyncStates.Disconnected, primary.Replicator.GetStatus().State);
    }

    [Fact]
    public async Task JournalTheReceiverLacks_IsNamedInThePlan_AndLogged()
    {
        var clock = SyncNode.NewClock();
        var a = new SyncNode("a", clock);
        var b = new SyncNode("b", clock);
        var onA = a.AddJournal("alarms");
        await SyncTestData.AppendAsync(onA, "a", 5);
        await using var link = SyncLink.Connect(a, b);
        await link.BothCaughtUpAsync();
        Assert.Contains(a.Logger.Entries, e => e.EventName == "SyncJournalNotAtPeer" && e.Message.Contains("'alarms'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StatusSubscriberThatThrows_DoesNotStopReplication()
    {
        var clock = SyncNode.NewClock();
        var a = new SyncNode("a", clock);
        var b = new SyncNode("b", clock);
        var onA = a.AddJournal("history");
        var onB = b.AddJournal("history");
        await SyncTestData.AppendAsync(onA, "a", 500);
        b.Replicator.StatusChanged += (_, _) => throw new InvalidOperationException("broker gone");
        await using var link = SyncLink.Connect(a, b);
        await link.BothCaughtUpAsync();
        Assert.Equal(500, onB.Count);
        Assert.Contains(b.Logger.Entries, e => e.EventName == "SyncStatusHandlerFailed");
    }
}
