using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Roles;

public sealed class PrimaryStartTests
{
    [Fact]
    public async Task Primary_WaitsInitialStandbyTime_ThenGoesActiveAndSaysTheBackupNeverCame()
    {
        await using var pair = new PairHarness();
        var primary = pair.Primary;
        primary.Coordinator.Start();
        Assert.True(primary.IsStandby);
        Assert.Contains("waiting up to 10000 ms", primary.Status.Reason);

        primary.Advance(PairHarness.InitialStandbyMs - 1);
        Assert.True(primary.IsStandby);

        primary.Advance(1);
        Assert.True(primary.IsActive);
        Assert.Equal(1, primary.Gate.Current.Term);
        Assert.Contains("did not connect within the initial standby time (10000 ms); active without synchronization", primary.Status.Reason);
        Assert.True(primary.Logger.Contains("active without synchronization"));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, primary.Logger.Entries.First(e => e.EventName == "ActiveWithoutBackup").Level);
    }

    [Fact]
    public async Task Primary_GoesActiveAtOnce_WhenStandbyBackupConnectsDuringTheWait()
    {
        await using var pair = new PairHarness();
        pair.Primary.Coordinator.Start();
        pair.Backup.Coordinator.Start();
        pair.Primary.Advance(2_000);
        pair.Backup.Advance(2_000);

        pair.Connect();

        await Poll.UntilAsync(() => pair.Primary.IsActive, "the primary is active", diagnostics: pair.Dump);
        Assert.True(pair.Backup.IsStandby);
        Assert.Contains("connected and standby", pair.Primary.Status.Reason);
        await Poll.UntilAsync(() => pair.Backup.Status.Peer.Role == "active", "the backup sees the primary active", diagnostics: pair.Dump);
        Assert.Equal(1, pair.History.MaxActiveAtOnce);
    }

    [Fact]
    public async Task Backup_GoesActive_WhenPrimaryIsNotReachableWithinConnectionTimeout()
    {
        await using var pair = new PairHarness();
        var backup = pair.Backup;
        backup.Coordinator.Start();
        backup.Advance(PairHarness.TimeoutMs - 1);
        Assert.True(backup.IsStandby);

        backup.Advance(1);

        Assert.True(backup.IsActive);
        Assert.Contains("not reachable at memory:3002 within 5000 ms (no connection attempt made)", backup.Status.Reason);
    }

    [Fact]
    public async Task Term_IsPersisted_AndTheNextIncarnationContinuesFromIt()
    {
        await using var pair = new PairHarness();
        pair.Primary.Coordinator.Start();
        pair.Primary.Advance(PairHarness.InitialStandbyMs);
        Assert.Equal(1, pair.Primary.Gate.Current.Term);
        Assert.Equal("1", File.ReadAllText(pair.Primary.Terms.FilePath));

        var restarted = pair.RestartPrimary();
        restarted.Coordinator.Start();
        restarted.Advance(PairHarness.InitialStandbyMs);

        Assert.True(restarted.IsActive);
        Assert.Equal(2, restarted.Gate.Current.Term);
        Assert.Equal("2", File.ReadAllText(restarted.Terms.FilePath));
    }
}
