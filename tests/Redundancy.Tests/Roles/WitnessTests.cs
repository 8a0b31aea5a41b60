using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Roles;

/// <summary>The witness in the decisions (peer up/down × witness up/down × which node), and fencing after a freeze.</summary>
public sealed class WitnessTests
{
    private static Task<PairHarness> ActivePairAsync() => PairHarness.ActiveAsync(witness: true);

    [Fact]
    public async Task CutLink_BothSeeTheWitness_TheBackupStaysStandby_TheOneActiveIsThePrimary()
    {
        await using var pair = await ActivePairAsync();
        pair.Backup.Witness!.PeerAlive("node-a", NodeRole.Active, 1);

        pair.Cut();

        await Poll.UntilAsync(() => !pair.Backup.Status.Peer.Connected, "the backup saw the link close", diagnostics: pair.Dump);
        await Poll.StaysFalseAsync(() => pair.Backup.IsActive, "the backup stays standby");
        Assert.Contains("the witness shows the primary node-a alive (active, term 1)", pair.Backup.Status.Reason);
        Assert.True(pair.Primary.IsActive);
        Assert.Equal(1, pair.History.MaxActiveAtOnce);
    }

    [Fact]
    public async Task CutLink_ThenThePrimaryDiesOnTheWitnessToo_TheBackupTakesOver()
    {
        await using var pair = await ActivePairAsync();
        pair.Backup.Witness!.PeerAlive("node-a", NodeRole.Active, 1);
        pair.Cut();
        await Poll.UntilAsync(() => !pair.Backup.Status.Peer.Connected, "the backup saw the link close", diagnostics: pair.Dump);
        Assert.True(pair.Backup.IsStandby);

        pair.Backup.Witness.PeerGone();

        Assert.True(pair.Backup.IsActive);
        Assert.Contains("the witness has no heartbeat from the primary either", pair.Backup.Status.Reason);
        Assert.Equal((NodeRole.Active, 2L), pair.Backup.Witness.Published);
    }

    [Fact]
    public async Task EverythingCutFromTheBackup_ItDoesNotBecomeActive_AndThePrimaryStaysActiveAlone()
    {
        await using var pair = await ActivePairAsync();
        pair.Backup.Witness!.Unreachable();
        pair.Primary.Witness!.PeerGone();

        pair.Cut();

        await Poll.UntilAsync(() => !pair.Backup.Status.Peer.Connected && !pair.Primary.Status.Peer.Connected, "both saw the link close", diagnostics: pair.Dump);
        await Poll.StaysFalseAsync(() => pair.Backup.IsActive, "the backup stays standby");
        Assert.Contains("a node that sees neither its peer nor the witness does not become active", pair.Backup.Status.Reason);
        Assert.True(pair.Primary.IsActive);
    }

    [Fact]
    public async Task APrimaryThatSeesNeitherPeerNorWitness_StaysActive()
    {
        await using var pair = await ActivePairAsync();
        pair.Primary.Witness!.Unreachable();
        pair.Backup.Witness!.PeerAlive("node-a", NodeRole.Active, 1);

        pair.Cut();

        await Poll.UntilAsync(() => !pair.Primary.Status.Peer.Connected, "the primary saw the link close", diagnostics: pair.Dump);
        Assert.True(pair.Primary.IsActive);
        Assert.True(pair.Backup.IsStandby);
    }

    [Fact]
    public async Task ARestartedPrimary_WithTheLinkDown_DoesNotGoActive_WhileTheWitnessShowsTheBackupActive()
    {
        await using var pair = new PairHarness(witness: true);
        pair.Backup.Coordinator.Start();
        pair.Backup.Witness!.PeerGone();
        pair.Backup.Advance(PairHarness.TimeoutMs);
        Assert.True(pair.Backup.IsActive);
        pair.Primary.Coordinator.Start();
        pair.Primary.Witness!.PeerAlive("node-b", NodeRole.Active, 1);

        pair.Primary.Advance(PairHarness.InitialStandbyMs);

        Assert.True(pair.Primary.IsStandby);
        Assert.Contains("the witness shows the backup node-b active (term 1)", pair.Primary.Status.Reason);

        // The direct link comes back: the ordinary failback.
        await pair.ConnectAndPairAsync();
        await Poll.UntilAsync(() => pair.Primary.IsActive && pair.Backup.IsStandby, "the primary takes back", diagnostics: pair.Dump);
        Assert.Equal(1, pair.History.MaxActiveAtOnce);
    }

    [Fact]
    public async Task AStaleActiveNode_StepsDown_WhenTheWitnessShowsThePeerActiveInAHigherTerm()
    {
        await using var pair = await ActivePairAsync();
        pair.Cut();
        await Poll.UntilAsync(() => !pair.Primary.Status.Peer.Connected, "the primary saw the link close", diagnostics: pair.Dump);

        pair.Primary.Witness!.PeerAlive("node-b", NodeRole.Active, 2);

        Assert.True(pair.Primary.IsStandby);
        Assert.True(pair.Primary.Logger.Contains("the witness shows the peer node-b active in a higher term (2); stepping down"));
        Assert.Contains("the witness shows the backup node-b active (term 2)", pair.Primary.Status.Reason);
        Assert.Equal(2, pair.Primary.Status.Term);
    }

    [Fact]
    public async Task AFrozenActiveNode_IsFenced_UntilItHearsFromTheWitness()
    {
        await using var pair = await ActivePairAsync();
        pair.Cut();
        await Poll.UntilAsync(() => !pair.Primary.Status.Peer.Connected, "the primary saw the link close", diagnostics: pair.Dump);
        pair.Primary.Witness!.Unreachable();

        // The process was stopped for twice the timeout: its freeze clock jumps between two ticks.
        pair.Primary.FreezeClock.Advance(TimeSpan.FromMilliseconds(100));
        pair.Primary.FreezeClock.Advance(TimeSpan.FromMilliseconds(2 * PairHarness.TimeoutMs));

        Assert.True(pair.Primary.IsStandby);
        Assert.Contains("fenced: this node was frozen for", pair.Primary.Status.Reason);
        Assert.NotNull(pair.Primary.Status.Fence);
        Assert.Equal(1, N3Host.Plugins.Redundancy.Roles.ServiceLevel.Of(pair.Primary.Status, faultedModules: 0));

        // The witness answers again, with the backup active in a higher term: the node stays standby in that term.
        pair.Primary.Witness.PeerAlive("node-b", NodeRole.Active, 2);
        Assert.Null(pair.Primary.Status.Fence);
        Assert.True(pair.Primary.IsStandby);
        Assert.Equal(2, pair.Primary.Status.Term);

        // Or, had the backup not taken over, it goes active again once it has heard from the witness.
        pair.Primary.Witness.PeerGone();
        Assert.True(pair.Primary.IsActive);
    }

    [Fact]
    public async Task APublisherOnAnotherThread_WhileTheFirstTickAfterAFreezeIsFencingTheNode_IsRefused()
    {
        await using var pair = await ActivePairAsync();
        pair.Cut();
        await Poll.UntilAsync(() => !pair.Primary.Status.Peer.Connected, "the primary saw the link close", diagnostics: pair.Dump);
        pair.Primary.Witness!.Unreachable();
        pair.Primary.FreezeClock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(pair.Primary.Coordinator.StillActive());

        // After SIGCONT the freeze watch and a module's timer wake together. While the tick is fencing the node (it logs the
        // fence before it steps down), a value of the module asks whether the node is still active, from its own thread.
        Task<bool>? duringTheFence = null;
        pair.Primary.Logger.OnEntry = text =>
        {
            if (text.Contains("fenced: this node was frozen", StringComparison.Ordinal) && duringTheFence is null)
            {
                duringTheFence = Task.Factory.StartNew(pair.Primary.Coordinator.StillActive, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                duringTheFence.Wait(TimeSpan.FromMilliseconds(500));
            }
        };
        pair.Primary.FreezeClock.Advance(TimeSpan.FromMilliseconds(2 * PairHarness.TimeoutMs));

        Assert.NotNull(duringTheFence);
        Assert.False(await duringTheFence, "a value made after the freeze was let through while the node was fencing itself");
        Assert.True(pair.Primary.IsStandby);
    }

    [Fact]
    public async Task AFrozenNodeWithoutAWitness_IsFencedUntilThePeerSpeaks()
    {
        await using var pair = new PairHarness();
        pair.Primary.Coordinator.Start();
        pair.Backup.Coordinator.Start();
        await pair.ConnectAndPairAsync();
        await Poll.UntilAsync(() => pair.Primary.IsActive, "the primary is active", diagnostics: pair.Dump);

        pair.Primary.FreezeClock.Advance(TimeSpan.FromMilliseconds(100));
        pair.Primary.FreezeClock.Advance(TimeSpan.FromMilliseconds(2 * PairHarness.TimeoutMs));
        Assert.True(pair.Primary.IsStandby);
        Assert.Contains("standby until it hears from its peer", pair.Primary.Status.Reason);

        // The backup's next heartbeat lifts the fence; the primary takes the role back through the ordinary hand-over.
        pair.Backup.Advance(PairHarness.HeartbeatMs);
        await Poll.UntilAsync(() => pair.Primary.IsActive, "the primary is active again", diagnostics: pair.Dump);
        Assert.True(pair.Primary.Logger.Contains("fence lifted: heard from the peer node-b"));
        Assert.Equal(1, pair.History.MaxActiveAtOnce);
    }

    [Fact]
    public async Task AFrozenNode_IsNotUnfencedByWitnessMessagesThatWaitedDuringTheFreeze_OnlyByTheEchoOfALaterHeartbeat()
    {
        await using var pair = await ActivePairAsync();
        pair.Cut();
        await Poll.UntilAsync(() => !pair.Primary.Status.Peer.Connected, "the primary saw the link close", diagnostics: pair.Dump);
        pair.Primary.FreezeClock.Advance(TimeSpan.FromMilliseconds(100));
        pair.Primary.FreezeClock.Advance(TimeSpan.FromMilliseconds(2 * PairHarness.TimeoutMs));
        Assert.True(pair.Primary.IsStandby);
        var witness = pair.Primary.Witness!;

        // A beat of the backup that sat in the socket during the freeze (standby, old term), with no newer echo of this node's own.
        witness.View = witness.View with { Reachable = true, PeerAlive = true, PeerNode = "node-b", PeerRole = NodeRole.Standby, PeerTerm = 1, EchoedSeq = pair.Primary.Status.Fence!.WitnessSeq };

        Assert.NotNull(pair.Primary.Status.Fence);
        Assert.True(pair.Primary.IsStandby);

        // The echo of a heartbeat sent after the fence: everything older has arrived; the backup is active in term 2.
        witness.PeerAlive("node-b", NodeRole.Active, 2);
        Assert.Null(pair.Primary.Status.Fence);
        Assert.True(pair.Primary.IsStandby);
    }
}
