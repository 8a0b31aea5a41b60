using System.Diagnostics;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Links.Tests.Agent;

/// <summary>The RedundancyAgent forwarding a real link (TLS on loopback) to the active node of a pair.</summary>
public sealed class AgentTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Agent_ForwardsToTheActiveNode_AndFollowsAFailover_EveryValueOnce()
    {
        await using var rig = new PairRig();
        await rig.ActivateAsync(rig.Alpha, 1);
        await rig.StartRemoteAsync();
        await Eventually.TrueAsync(() => rig.ClientConnected && rig.ClientPeer == "alpha", Patience, "the link reaches alpha through the agent");
        await rig.PublishCounterAsync(1, 1000);
        await Eventually.TrueAsync(() => rig.AlphaReceived.Count >= 1000, Patience, "alpha receives the first values");

        var failover = Stopwatch.StartNew();
        var publishing = rig.PublishCounterAsync(1001, 1000);
        await rig.ActivateAsync(rig.Beta, 2);
        await publishing;
        await Eventually.TrueAsync(() => rig.ClientConnected && rig.ClientPeer == "beta", Patience, "the link moves to beta");
        output.WriteLine($"link resumed to beta {failover.ElapsedMilliseconds} ms after the failover began");
        await rig.PublishCounterAsync(2001, 500);
        await Eventually.TrueAsync(() => rig.AlphaReceived.Count + rig.BetaReceived.Count >= 2500, Patience, "every value reaches one node of the pair");
        await Task.Delay(300);

        var all = rig.AlphaReceived.Values.Concat(rig.BetaReceived.Values).Select(v => (int)v.Number).ToList();
        Assert.Equal(Enumerable.Range(1, 2500), all);
        Assert.Equal("127.0.0.1:" + rig.BetaPort, rig.AgentStatus["target"]!.GetValue<string>().Split(' ')[1]);
        Assert.Equal("beta", rig.AgentStatus["targetNode"]!.GetValue<string>());
        Assert.True(rig.AgentStatus["bytesToPair"]!.GetValue<long>() > 2500 * 20, "the agent counts the bytes it forwarded");
        Assert.Equal("refused", rig.AgentStatus["primary"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Agent_FollowsTheActiveNode_BackAndForth()
    {
        await using var rig = new PairRig();
        await rig.ActivateAsync(rig.Beta, 1);
        await rig.StartRemoteAsync();
        await Eventually.TrueAsync(() => rig.ClientConnected && rig.ClientPeer == "beta", Patience, "the link reaches beta, the active node");
        await rig.ActivateAsync(rig.Alpha, 2);
        await Eventually.TrueAsync(() => rig.ClientConnected && rig.ClientPeer == "alpha", Patience, "the link moves to alpha");
        await rig.ActivateAsync(rig.Beta, 3);
        await Eventually.TrueAsync(() => rig.ClientConnected && rig.ClientPeer == "beta", Patience, "and back to beta");
        await rig.PublishCounterAsync(1, 100);
        await Eventually.TrueAsync(() => rig.BetaReceived.Count >= 100, Patience, "values flow to beta");
        Assert.True(rig.AgentStatus["switches"]!.GetValue<long>() >= 3);
    }

    [Fact]
    public async Task Agent_PrefersTheLaterTerm_WhenBothNodesClaimActive()
    {
        await using var rig = new PairRig();
        rig.Alpha.RoleGate.Set(N3Host.Contracts.RedundancyMode.Primary, N3Host.Contracts.NodeRole.Active, 4);
        rig.Beta.RoleGate.Set(N3Host.Contracts.RedundancyMode.Backup, N3Host.Contracts.NodeRole.Active, 5);
        await rig.StartServerAsync(rig.Alpha);
        await rig.StartServerAsync(rig.Beta);
        await rig.StartRemoteAsync();
        await Eventually.TrueAsync(() => rig.ClientConnected && rig.ClientPeer == "beta", Patience, "the node active in the later term wins");
    }

    [Fact]
    public async Task Agent_HoldsANewConnection_UntilANodeIsActive()
    {
        await using var rig = new PairRig();
        await rig.StartRemoteAsync();
        await Task.Delay(500);
        Assert.False(rig.ClientConnected);
        Assert.Equal("refused", rig.AgentStatus["primary"]!["state"]!.GetValue<string>());
        await rig.ActivateAsync(rig.Alpha, 1);
        await Eventually.TrueAsync(() => rig.ClientConnected && rig.ClientPeer == "alpha", Patience, "the link comes up as soon as a node is active");
    }
}
