using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Roles;

public sealed class FailoverTests
{
    private static Task<PairHarness> ActivePairAsync() => PairHarness.ActiveAsync();

    [Fact]
    public async Task Backup_GoesActiveAtOnce_WhenTheConnectionCloses()
    {
        await using var pair = await ActivePairAsync();

        pair.Cut();

        await Poll.UntilAsync(() => pair.Backup.IsActive, "the backup is active", diagnostics: pair.Dump);
        Assert.Contains("the primary is unavailable: connection closed by the peer", pair.Backup.Status.Reason);
        Assert.Equal(2, pair.Backup.Gate.Current.Term);
        Assert.False(pair.Backup.Status.Peer.Connected);
    }

    [Fact]
    public async Task Backup_GoesActive_AfterConnectionTimeoutOfSilence_NotBefore()
    {
        await using var pair = await ActivePairAsync();
        await pair.AdvanceBothAsync(3 * PairHarness.HeartbeatMs);

        // One last heartbeat from the primary, then it freezes: its clock stops, so it sends nothing more.
        var before = pair.Backup.Status.Peer.Heartbeats;
        pair.Primary.Advance(PairHarness.HeartbeatMs);
        await Poll.UntilAsync(() => pair.Backup.Status.Peer.Heartbeats == before + 1, "the last heartbeat arrived", diagnostics: pair.Dump);
        var lastFrameFromPrimary = pair.Backup.Status.Peer.Heartbeats;
        pair.Backup.Advance(PairHarness.TimeoutMs - 1);
        await Poll.StaysFalseAsync(() => pair.Backup.IsActive, "the backup stays standby before the timeout");
        Assert.Equal(lastFrameFromPrimary, pair.Backup.Status.Peer.Heartbeats);

        pair.Backup.Advance(1);

        await Poll.UntilAsync(() => pair.Backup.IsActive, "the backup is active", diagnostics: pair.Dump);
        Assert.Contains("no valid frame from the peer for 5000 ms (connection.connectionTimeout)", pair.Backup.Status.Reason);
    }

    [Fact]
    public async Task Heartbeats_KeepThePairStable_ForManyTimeouts()
    {
        await using var pair = await ActivePairAsync();

        await pair.AdvanceBothAsync(10 * PairHarness.TimeoutMs);

        Assert.True(pair.Primary.IsActive);
        Assert.True(pair.Backup.IsStandby);
        Assert.True(pair.Backup.Status.Peer.Heartbeats >= 50, $"heartbeats: {pair.Backup.Status.Peer.Heartbeats}");
        Assert.True(pair.Primary.Status.Peer.Heartbeats >= 50, $"heartbeats: {pair.Primary.Status.Peer.Heartbeats}");
        Assert.Equal(1, pair.History.MaxActiveAtOnce);
    }

    [Fact]
    public async Task Heartbeats_AreSentEveryHeartbeatInterval()
    {
        await using var pair = await ActivePairAsync();
        var before = pair.Backup.Status.Peer.Heartbeats;

        pair.Primary.Advance(PairHarness.HeartbeatMs - 1);
        pair.Backup.Advance(PairHarness.HeartbeatMs - 1);
        await Poll.StaysFalseAsync(() => pair.Backup.Status.Peer.Heartbeats > before, "no heartbeat arrives before the interval");

        pair.Primary.Advance(1);
        pair.Backup.Advance(1);
        await Poll.UntilAsync(() => pair.Backup.Status.Peer.Heartbeats == before + 1, "one heartbeat arrives at the interval", diagnostics: pair.Dump);
    }
}
