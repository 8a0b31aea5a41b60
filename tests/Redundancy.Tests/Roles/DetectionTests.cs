using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Roles;

/// <summary>Failure detection that means failure: a slow connection attempt is not a dead primary; the pair agrees on its timeouts.</summary>
public sealed class DetectionTests
{
    private const string Address = "memory:3002";

    [Fact]
    public async Task Backup_StaysStandby_WhileATlsHandshakeRunsPastTheConnectionTimeout_ThenPairsWithoutEverBeingActive()
    {
        await using var pair = new PairHarness();
        pair.Primary.Coordinator.Start();
        pair.Primary.Advance(PairHarness.InitialStandbyMs);
        Assert.True(pair.Primary.IsActive);
        var backup = pair.Backup;
        backup.Coordinator.Start();
        backup.Coordinator.AttemptStep(Address, "TCP connect");
        backup.Coordinator.AttemptStep(Address, "TLS handshake");

        backup.Advance(3 * PairHarness.TimeoutMs);

        Assert.True(backup.IsStandby);
        Assert.Contains("TLS handshake in progress for 15000 ms", backup.Status.Reason);
        Assert.Equal("TLS handshake", backup.Status.Attempt?.Step);
        Assert.True(backup.Logger.Contains("the backup does not go active while it runs"));

        await pair.ConnectAndPairAsync();

        await Poll.UntilAsync(() => backup.Status.Reason.Contains("paired with the primary node-a (active, term 1); standby"), "the backup says it is paired", diagnostics: pair.Dump);
        Assert.Null(backup.Status.Attempt);
        Assert.DoesNotContain(pair.History.Changes, c => c.Node == "node-b" && c.State.Role == NodeRole.Active);
        Assert.Equal(1, pair.Primary.Gate.Current.Term);
    }

    [Fact]
    public async Task Backup_GoesActive_WhenTheAttemptThatOutlivedTheWindowFails_AndSaysWhy()
    {
        await using var pair = new PairHarness();
        var backup = pair.Backup;
        backup.Coordinator.Start();
        backup.Coordinator.AttemptStep(Address, "TLS handshake");
        backup.Advance(2 * PairHarness.TimeoutMs);
        Assert.True(backup.IsStandby);

        backup.Coordinator.AttemptFailed(Address, "no TLS handshake within 10000 ms (not a N3Host peer, or not TLS)");

        Assert.True(backup.IsActive);
        Assert.Contains("not reachable at memory:3002 within 5000 ms (no TLS handshake within 10000 ms", backup.Status.Reason);
    }

    [Fact]
    public async Task Backup_GoesActiveAtTheEndOfTheWindow_WhenTheLastAttemptWasRefused()
    {
        await using var pair = new PairHarness();
        var backup = pair.Backup;
        backup.Coordinator.Start();
        backup.Coordinator.AttemptStep(Address, "TCP connect");
        backup.Coordinator.AttemptFailed(Address, "Connection refused");
        Assert.True(backup.IsStandby);

        backup.Advance(PairHarness.TimeoutMs);

        Assert.True(backup.IsActive);
        Assert.Contains("(Connection refused)", backup.Status.Reason);
    }

    [Fact]
    public async Task DifferentTimeoutsOnTheTwoNodes_AreAgreed_SaidInStatusAndLog_AndThePairDoesNotFlap()
    {
        // The primary would call the backup dead after 200 ms; the backup heartbeats every 200 ms by its own settings.
        await using var pair = new PairHarness(
            primaryOptions: o => o with { Connection = o.Connection with { ConnectionTimeout = TimeSpan.FromMilliseconds(200) }, HeartbeatInterval = TimeSpan.FromMilliseconds(40) },
            backupOptions: o => o with { Connection = o.Connection with { ConnectionTimeout = TimeSpan.FromMilliseconds(1_000) }, HeartbeatInterval = TimeSpan.FromMilliseconds(200) });
        pair.Primary.Coordinator.Start();
        pair.Backup.Coordinator.Start();
        await pair.ConnectAndPairAsync();
        await Poll.UntilAsync(() => pair.Primary.IsActive, "the primary is active", diagnostics: pair.Dump);

        foreach (var node in new[] { pair.Primary, pair.Backup })
        {
            var timeouts = node.Status.Timeouts!;
            Assert.Equal(1_000, timeouts.ConnectionTimeoutMs);
            Assert.Equal(40, timeouts.HeartbeatIntervalMs);
            Assert.Contains("the nodes' timeouts differ", timeouts.Mismatch);
            Assert.True(node.Logger.Contains("set the same values on both nodes"));
        }

        // 100 heartbeat intervals (20 of the primary's own timeouts), each heartbeat delivered before the next step.
        for (var i = 0; i < 100; i++)
        {
            var before = (pair.Primary.Status.Peer.Heartbeats, pair.Backup.Status.Peer.Heartbeats);
            pair.Primary.Advance(40);
            pair.Backup.Advance(40);
            await Poll.UntilAsync(() => pair.Primary.Status.Peer.Heartbeats > before.Item1 && pair.Backup.Status.Peer.Heartbeats > before.Item2,
                "both heartbeats arrived", diagnostics: pair.Dump);
        }

        Assert.True(pair.Primary.IsActive);
        Assert.True(pair.Backup.IsStandby);
        Assert.Equal(1, pair.Primary.Gate.Current.Term);
        Assert.DoesNotContain(pair.History.Changes, c => c.Node == "node-b" && c.State.Role == NodeRole.Active);
    }
}
