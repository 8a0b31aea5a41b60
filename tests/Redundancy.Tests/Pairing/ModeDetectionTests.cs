using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Pairing;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Pairing;

public sealed class ModeDetectionTests
{
    [Fact]
    public void AFreshDataFolder_IsNotAModeChange()
    {
        using var folder = new TempFolder();

        var store = PairingStore.Open(folder.Path, RedundancyMode.Backup);

        Assert.Null(store.PreviousMode);
        Assert.False(store.ModeChangedAtStart);
        Assert.False(store.NewPairingPending);
        Assert.Contains("\"mode\": \"backup\"", File.ReadAllText(Path.Combine(folder.Path, "pairing.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void StandaloneThenBackup_IsAModeChange_UntilItsNewPairing()
    {
        using var folder = new TempFolder();
        PairingStore.Open(folder.Path, RedundancyMode.Standalone);

        var store = PairingStore.Open(folder.Path, RedundancyMode.Backup);
        Assert.Equal("standalone", store.PreviousMode);
        Assert.True(store.ModeChangedAtStart);
        Assert.True(store.NewPairingPending);

        // A restart before the nodes met keeps the mode change: the record says backup now, but the new pairing is owed.
        var again = PairingStore.Open(folder.Path, RedundancyMode.Backup);
        Assert.Equal("backup", again.PreviousMode);
        Assert.True(again.NewPairingPending);

        again.BeginOverwrite("node-a", DateTimeOffset.UnixEpoch);
        again.CompleteOverwrite();
        Assert.False(PairingStore.Open(folder.Path, RedundancyMode.Backup).NewPairingPending);
    }

    [Fact]
    public void TheSameModeAgain_IsNotAModeChange()
    {
        using var folder = new TempFolder();
        PairingStore.Open(folder.Path, RedundancyMode.Primary);

        var store = PairingStore.Open(folder.Path, RedundancyMode.Primary);

        Assert.Equal("primary", store.PreviousMode);
        Assert.False(store.NewPairingPending);
    }

    [Fact]
    public void ADamagedRecord_IsRefusedWithTheFileAndTheFix()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "pairing.json");
        File.WriteAllText(path, "{ \"mode\": ");

        var error = Assert.Throws<InvalidDataException>(() => PairingStore.Open(folder.Path, RedundancyMode.Backup));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("delete the file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtTheHandshake_APrimaryWithAFreshFolder_AndAnUnchangedBackup_MergeAsBefore()
    {
        await using var pair = new PairingPair();
        var ticks = pair.AddJournal("ticks");
        ticks.Seed("node-a", 1, DateTimeOffset.UnixEpoch, "a1");
        pair.BackupJournal("ticks").Seed("node-b", 1, DateTimeOffset.UnixEpoch, "b1");
        PairingStore.Open(pair.BackupDirectory, RedundancyMode.Backup);
        await pair.StartPrimaryAsync();
        await pair.StartBackupAsync();

        await pair.ConnectAndPairAsync();

        Assert.False(pair.Primary!.Status.Peer.NewPairing);
        Assert.False(pair.Backup!.Status.Peer.NewPairing);
        await Poll.UntilAsync(() => ticks.Snapshot("node-b").Count == 1 && pair.BackupJournal("ticks").Snapshot("node-a").Count == 1,
            "both nodes hold both records (merged, nothing discarded)", diagnostics: pair.Dump);
        Assert.Null(pair.Backup.Status.Overwrite);
        Assert.Equal(0, pair.BackupJournal("ticks").Clears);
    }

    [Fact]
    public async Task AtTheHandshake_ABackupThatWasStandalone_AsksForANewPairing_AndBothAgree()
    {
        await using var pair = new PairingPair();
        pair.AddJournal("ticks");
        PairingStore.Open(pair.BackupDirectory, RedundancyMode.Standalone);
        PairingStore.Open(pair.PrimaryDirectory, RedundancyMode.Primary);
        await pair.StartPrimaryAsync();
        await pair.StartBackupAsync();
        Assert.True(pair.Backup!.Status.Pairing!.ModeChanged);
        Assert.Equal("standalone", pair.Backup.Status.Pairing!.PreviousMode);
        Assert.False(pair.Primary!.Status.Pairing!.ModeChanged);

        await pair.ConnectAndPairAsync();

        Assert.True(pair.Primary.Status.Peer.NewPairing);
        Assert.True(pair.Backup.Status.Peer.NewPairing);
        Assert.True(pair.Primary.Logger.Contains("new pairing: the redundancy mode changed on node-b (there)"));
        Assert.True(pair.Backup.Logger.Contains("new pairing: the redundancy mode changed on node-b (here)"));
    }
}
