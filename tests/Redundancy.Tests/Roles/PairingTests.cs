using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Roles;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Roles;

public sealed class PairingTests
{
    [Fact]
    public async Task TwoPrimaries_AreRefused_WithAClearMessageOnBothSides()
    {
        await using var pair = new PairHarness(backupMode: RedundancyMode.Primary);
        pair.Primary.Coordinator.Start();
        pair.Backup.Coordinator.Start();

        pair.Connect();

        await Poll.UntilAsync(() => pair.Primary.Status.LastRefusedConnection is not null && pair.Backup.Status.LastRefusedConnection is not null,
            "both refused", diagnostics: pair.Dump);
        Assert.Contains("both nodes are configured as primary", pair.Primary.Status.LastRefusedConnection!.Reason);
        Assert.Contains("both nodes are configured as primary", pair.Backup.Status.LastRefusedConnection!.Reason);
        Assert.True(pair.Primary.Logger.Contains("set mode backup on one of them"));
        Assert.False(pair.Primary.Status.Peer.Connected);
        Assert.False(pair.Backup.Status.Peer.Connected);
    }

    [Fact]
    public async Task DifferentVersions_AreNamedInTheLogAndStatus()
    {
        await using var pair = new PairHarness(backupVersion: "0.2.0");
        pair.Primary.Coordinator.Start();
        pair.Backup.Coordinator.Start();

        await pair.ConnectAndPairAsync();

        // One mechanism: the differences are computed once, shown once (versionMismatch) and logged once.
        var mismatch = pair.Primary.Status.VersionMismatch!;
        Assert.Equal("node-b", mismatch.Peer);
        Assert.Equal([new VersionDifference("host", "0.1.0", "0.2.0"), new VersionDifference("Redundancy", "0.1.0", "0.2.0")], mismatch.Differences);
        Assert.Equal([new VersionDifference("host", "0.2.0", "0.1.0"), new VersionDifference("Redundancy", "0.2.0", "0.1.0")], pair.Backup.Status.VersionMismatch!.Differences);
        Assert.True(pair.Primary.Logger.Contains("versions differ between node-a (here) and node-b (there): host 0.1.0 here, 0.2.0 there; Redundancy 0.1.0 here, 0.2.0 there"));
        Assert.Single(pair.Primary.Logger.Entries, e => e.EventName == "VersionMismatch");
    }

    [Fact]
    public async Task PatchVersionsOnlyDiffer_ThePairKeepsItsSync_AndSaysWhatDiffers()
    {
        await using var pair = new PairHarness(backupVersion: "0.1.7");
        pair.Primary.Coordinator.Start();
        pair.Backup.Coordinator.Start();

        await pair.ConnectAndPairAsync();

        // A rolling upgrade: 0.1.0 and 0.1.7 synchronize (no versionMismatch), and both nodes say what differs (versionSkew).
        Assert.Null(pair.Primary.Status.VersionMismatch);
        Assert.Null(pair.Backup.Status.VersionMismatch);
        var skew = pair.Primary.Status.VersionSkew!;
        Assert.Equal([new VersionDifference("host", "0.1.0", "0.1.7"), new VersionDifference("Redundancy", "0.1.0", "0.1.7")], skew.Differences);
        Assert.All(skew.Differences, d => Assert.True(d.PatchOnly));
        Assert.Equal([new VersionDifference("host", "0.1.7", "0.1.0"), new VersionDifference("Redundancy", "0.1.7", "0.1.0")], pair.Backup.Status.VersionSkew!.Differences);
        Assert.True(pair.Primary.Logger.Contains("patch versions differ between node-a (here) and node-b (there): host 0.1.0 here, 0.1.7 there; Redundancy 0.1.0 here, 0.1.7 there; the pair synchronizes"));
        Assert.Single(pair.Primary.Logger.Entries, e => e.EventName == "VersionSkew");
        Assert.DoesNotContain(pair.Primary.Logger.Entries, e => e.EventName == "VersionMismatch");
    }

    [Theory]
    [InlineData("0.1.0", "0.1.9", true)]
    [InlineData("1.4.2", "1.4.10-beta.1", true)]
    [InlineData("0.1.0", "0.2.0", false)]
    [InlineData("1.4.2", "2.4.2", false)]
    [InlineData("0.1.0", null, false)]
    [InlineData("0.1.0", "latest", false)]
    public void OnlyAPatchDifference_IsARollingUpgrade(string here, string? there, bool patchOnly) =>
        Assert.Equal(patchOnly, new VersionDifference("host", here, there).PatchOnly);

    [Fact]
    public async Task TwoBackups_AreRefused()
    {
        await using var pair = new PairHarness(primaryMode: RedundancyMode.Backup);
        pair.Primary.Coordinator.Start();
        pair.Backup.Coordinator.Start();

        pair.Connect();

        await Poll.UntilAsync(() => pair.Backup.Status.LastRefusedConnection is not null, "refused", diagnostics: pair.Dump);
        Assert.Contains("both nodes are configured as backup", pair.Backup.Status.LastRefusedConnection!.Reason);
        Assert.Contains("set mode primary on one of them", pair.Backup.Status.LastRefusedConnection!.Reason);
    }

    [Fact]
    public async Task ActiveNode_StepsDown_WhenItLearnsOfAHigherTerm_ThenThePrimaryTakesBackInANewTerm()
    {
        await using var pair = new PairHarness();
        pair.Backup.Terms.Save(7);
        pair.Primary.Coordinator.Start();
        pair.Primary.Advance(PairHarness.InitialStandbyMs);
        pair.Backup.Coordinator.Start();
        pair.Backup.Advance(PairHarness.TimeoutMs);
        Assert.True(pair.Primary.IsActive);
        Assert.Equal(1, pair.Primary.Gate.Current.Term);
        Assert.True(pair.Backup.IsActive);
        Assert.Equal(8, pair.Backup.Gate.Current.Term);

        pair.Connect();

        await Poll.UntilAsync(() => pair.Primary.IsActive && pair.Backup.IsStandby && pair.Primary.Gate.Current.Term == 9, "the pair settled", diagnostics: pair.Dump);
        Assert.Contains(pair.History.Changes, c => c.Node == "node-a" && c.State.Role == NodeRole.Standby && c.State.Reason.Contains("higher term (8); stepping down", StringComparison.Ordinal));
        await Poll.UntilAsync(() => File.ReadAllText(pair.Primary.Terms.FilePath) == "9", "term 9 is saved");
    }

    [Fact]
    public async Task BothActiveInTheSameTerm_TheBackupStepsDown()
    {
        await using var pair = new PairHarness();
        pair.Primary.Coordinator.Start();
        pair.Primary.Advance(PairHarness.InitialStandbyMs);
        pair.Backup.Coordinator.Start();
        pair.Backup.Advance(PairHarness.TimeoutMs);
        Assert.Equal(pair.Primary.Gate.Current.Term, pair.Backup.Gate.Current.Term);

        pair.Connect();

        await Poll.UntilAsync(() => pair.Primary.IsActive && pair.Backup.IsStandby, "the backup stepped down", diagnostics: pair.Dump);
        Assert.Contains("the primary node-a keeps the active role", pair.Backup.Gate.Current.Reason);
    }
}
