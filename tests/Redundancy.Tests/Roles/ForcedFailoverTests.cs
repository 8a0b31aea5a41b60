using N3Host.Plugins.Redundancy.Tests.Hosting;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Roles;

public sealed class ForcedFailoverTests
{
    private static Task<PairHarness> ActivePairAsync() => PairHarness.ActiveAsync();

    [Fact]
    public async Task ForcedFailover_HandsTheActiveRoleToTheBackup_AndThePrimaryStaysStandbyUntilFailback()
    {
        await using var pair = await ActivePairAsync();

        var result = await pair.Primary.Coordinator.FailoverAsync(CancellationToken.None);

        Assert.True(result.Accepted, result.Message);
        Assert.True(pair.Primary.IsStandby);
        await Poll.UntilAsync(() => pair.Backup.IsActive, "the backup is active", diagnostics: pair.Dump);
        Assert.Contains("forced failover", pair.Backup.Gate.Current.Reason);
        await pair.AdvanceBothAsync(3 * PairHarness.TimeoutMs);
        Assert.True(pair.Primary.IsStandby, "the primary does not take back on its own after a forced failover");
        Assert.Contains("forced failover", pair.Primary.Status.Reason);

        var failback = await pair.Primary.Coordinator.FailbackAsync(CancellationToken.None);

        Assert.True(failback.Accepted, failback.Message);
        await Poll.UntilAsync(() => pair.Primary.IsActive && pair.Backup.IsStandby, "the primary took back", diagnostics: pair.Dump);
        Assert.Equal(1, pair.History.MaxActiveAtOnce);
    }

    [Fact]
    public async Task ForcedFailover_FromTheActiveBackup_HandsBackToThePrimary()
    {
        await using var pair = await ActivePairAsync();
        await pair.Primary.Coordinator.FailoverAsync(CancellationToken.None);
        await Poll.UntilAsync(() => pair.Backup.IsActive && pair.Primary.Status.Peer.Role == "active", "the backup is active", diagnostics: pair.Dump);

        var result = await pair.Backup.Coordinator.FailoverAsync(CancellationToken.None);

        Assert.True(result.Accepted, result.Message);
        await Poll.UntilAsync(() => pair.Primary.IsActive && pair.Backup.IsStandby, "the primary is active again", diagnostics: pair.Dump);
        Assert.Equal(1, pair.History.MaxActiveAtOnce);
    }

    [Fact]
    public async Task ForcedFailover_IsRefused_OnTheStandbyNode()
    {
        await using var pair = await ActivePairAsync();

        var result = await pair.Backup.Coordinator.FailoverAsync(CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Equal("this node is standby; run failover on the active node (node-a)", result.Message);
        Assert.True(pair.Primary.IsActive);
    }

    [Fact]
    public async Task ForcedFailover_IsRefused_WithoutAPeer()
    {
        await using var pair = new PairHarness();
        pair.Primary.Coordinator.Start();
        pair.Primary.Advance(PairHarness.InitialStandbyMs);

        var result = await pair.Primary.Coordinator.FailoverAsync(CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Equal("no peer is connected", result.Message);
        Assert.True(pair.Primary.IsActive);
    }
}
