using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Pairing;
using N3Host.Plugins.Redundancy.Sync;
using N3Host.Plugins.Redundancy.Sync.Tests;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Pairing;

public sealed class OverwriteTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AfterAModeChange_TheBackupHoldsExactlyThePrimarysRecords()
    {
        await using var pair = new PairingPair();
        var ticks = pair.AddJournal("ticks");
        var receipts = pair.AddJournal("receipts");
        Seed(ticks, "node-a", 30, "a");
        Seed(ticks, "node-b", 5, "b-old");
        Seed(receipts, "node-a", 3, "r");
        Seed(pair.BackupJournal("ticks"), "node-b", 50, "standalone");
        Seed(pair.BackupJournal("ticks"), "node-x", 10, "elsewhere");
        Seed(pair.BackupJournal("receipts"), "node-b", 7, "standalone-receipt");
        PairingStore.Open(pair.BackupDirectory, RedundancyMode.Standalone);
        var primaryBefore = Contents(pair.PrimaryJournals);
        await pair.StartPrimaryAsync();
        await pair.StartBackupAsync();

        await pair.ConnectAndPairAsync();

        await Poll.UntilAsync(() => pair.Backup!.Status.Overwrite?.State == OverwriteStates.Done, "the backup's overwrite is done", diagnostics: pair.Dump);
        Assert.Equal(primaryBefore, Contents(pair.BackupJournals));
        Assert.Equal(primaryBefore, Contents(pair.PrimaryJournals));

        var overwrite = pair.Backup!.Status.Overwrite!;
        Assert.Equal(("node-a", "node-b"), (overwrite.Primary, overwrite.Backup));
        Assert.Equal([new OverwriteJournal("receipts", 7), new OverwriteJournal("ticks", 60)], overwrite.Journals);
        Assert.True(pair.Backup.Logger.Contains("discarding receipts (7 record(s)), ticks (60 record(s)), then copying every record of node-a"));
        Assert.True(pair.Primary!.Logger.Contains("node-b discards what it holds and receives receipts (3 record(s)), ticks (35 record(s))"));
        await Poll.UntilAsync(() => pair.Primary.Status.Overwrite?.State == OverwriteStates.Done, "the primary reports the overwrite done", diagnostics: pair.Dump);

        // Settled on both nodes: the next connection merges again.
        Assert.False(pair.Backup.Pairing.NewPairingPending);
        Assert.False(pair.Primary.Pairing.NewPairingPending);
        Assert.False(PairingStore.Open(pair.BackupDirectory, RedundancyMode.Backup).NewPairingPending);
    }

    [Fact]
    public async Task AModeChangeOnThePrimary_AlsoOverwritesTheBackup_AndNothingOfTheBackupReachesThePrimary()
    {
        await using var pair = new PairingPair();
        var ticks = pair.AddJournal("ticks");
        Seed(ticks, "node-a", 20, "a");
        Seed(pair.BackupJournal("ticks"), "node-b", 8, "old-pairing");
        PairingStore.Open(pair.PrimaryDirectory, RedundancyMode.Standalone);
        PairingStore.Open(pair.BackupDirectory, RedundancyMode.Backup);
        var primaryBefore = Contents(pair.PrimaryJournals);
        await pair.StartPrimaryAsync();
        await pair.StartBackupAsync();

        await pair.ConnectAndPairAsync();

        await Poll.UntilAsync(() => pair.Backup!.Status.Overwrite?.State == OverwriteStates.Done, "the backup's overwrite is done", diagnostics: pair.Dump);
        await Poll.UntilAsync(() => pair.Primary!.Gate.Current.Role == NodeRole.Active, "the primary is active", diagnostics: pair.Dump);
        Assert.Equal(primaryBefore, Contents(pair.PrimaryJournals));
        Assert.Equal(primaryBefore, Contents(pair.BackupJournals));
        Assert.False(pair.Primary!.Pairing.NewPairingPending);
    }

    [Fact]
    public async Task AKillBetweenJournals_CompletesAtTheNextConnection_WithoutEmptyingAJournalTwice()
    {
        await using var pair = new PairingPair();
        var (ticks, primaryBefore) = await KillBetweenJournalsAsync(pair);
        await Poll.UntilAsync(() => pair.BackupJournal("receipts").Count == 4, "the emptied journal received the primary's records", diagnostics: pair.Dump);

        // Never half-merged: the journal that was not emptied is not synchronized at all, either way.
        Assert.Equal(25, pair.BackupJournal("ticks").Count);
        Assert.Empty(ticks.Snapshot("node-b"));
        Assert.Equal(["receipts"], PairingStore.Open(pair.BackupDirectory, RedundancyMode.Backup).Overwrite!.ClearedJournals);

        await pair.CutAsync();
        await pair.StartBackupAsync();
        Assert.True(pair.Backup!.Pairing.NewPairingPending);
        await pair.ConnectAndPairAsync();

        await Poll.UntilAsync(() => pair.Backup.Status.Overwrite?.State == OverwriteStates.Done, "the overwrite completed", diagnostics: pair.Dump);
        Assert.Equal(primaryBefore, Contents(pair.BackupJournals));
        Assert.Equal(1, pair.BackupJournal("receipts").Clears);
        Assert.Equal(1, pair.BackupJournal("ticks").Clears);
        Assert.True(pair.Backup.Logger.Contains("journal(s) already emptied: receipts"));
        Assert.False(pair.Backup.Pairing.NewPairingPending);
    }

    [Fact]
    public async Task AKillInTheMiddle_ThenThePrimaryDown_TheBackupEmptiesTheRestAtItsStart_AndKeepsWhatItWritesAlone()
    {
        await using var pair = new PairingPair();
        var (ticks, _) = await KillBetweenJournalsAsync(pair);
        await pair.CutAsync();

        // The primary goes down too; the backup restarts alone and empties what the overwrite had not, before anything writes.
        await pair.Primary!.StopAsync();
        await pair.StartBackupAsync();
        Assert.Equal(0, pair.BackupJournal("ticks").Count);
        Assert.Equal(OverwriteStates.Clearing, pair.Backup!.Status.Overwrite?.State);
        Assert.True(pair.Backup.Logger.Contains("what this node writes meanwhile is kept"));

        // As the only node up, it goes active and its modules write.
        for (var i = 1; i <= 5; i++)
        {
            await pair.BackupJournal("ticks").AppendAsync(System.Text.Encoding.UTF8.GetBytes($"alone-{i}"), CancellationToken.None);
        }

        // The primary is back: the overwrite completes, and what the backup wrote alone is kept, on both nodes.
        await pair.StartPrimaryAsync();
        await pair.ConnectAndPairAsync();
        await Poll.UntilAsync(() => pair.Backup.Status.Overwrite?.State == OverwriteStates.Done, "the overwrite completed", diagnostics: pair.Dump);
        Assert.Equal(5, pair.BackupJournal("ticks").Snapshot("node-b").Count);
        Assert.Equal(40, pair.BackupJournal("ticks").Snapshot("node-a").Count);
        await Poll.UntilAsync(() => ticks.Snapshot("node-b").Count == 5, "the primary holds what the backup wrote alone", diagnostics: pair.Dump);
        Assert.Equal(1, pair.BackupJournal("ticks").Clears);
        Assert.Equal(1, pair.BackupJournal("receipts").Clears);
    }

    [Fact]
    public async Task ACutWhileCopying_CompletesAtTheNextConnection()
    {
        await using var pair = new PairingPair();
        var ticks = pair.AddJournal("ticks");
        Seed(ticks, "node-a", 200, "a");
        Seed(pair.BackupJournal("ticks"), "node-b", 90, "standalone");
        PairingStore.Open(pair.BackupDirectory, RedundancyMode.Standalone);
        var primaryBefore = Contents(pair.PrimaryJournals);
        var sync = new SyncOptions { MaxBatchRecords = 10, MaxUnacknowledgedBatches = 1 };

        // The backup's journal applies one batch, then holds the next: the link is cut with part of the primary's records copied.
        var backupTicks = pair.BackupJournal("ticks");
        var hold = new TaskCompletionSource();
        backupTicks.ApplyGate = hold;
        await pair.StartPrimaryAsync(sync: sync);
        await pair.StartBackupAsync(sync: sync);
        await pair.ConnectAndPairAsync();
        await Poll.UntilAsync(() => backupTicks.ApplyCalls == 1, "the first batch waits at the backup's journal", diagnostics: pair.Dump);
        Assert.Equal(1, backupTicks.Clears);
        Assert.Equal(0, backupTicks.Count);
        var released = new TaskCompletionSource();
        backupTicks.ApplyGate = released;
        hold.SetResult();
        await Poll.UntilAsync(() => backupTicks.Count == 10, "one batch of the primary's records is copied", diagnostics: pair.Dump);

        await pair.CutAsync();

        // The batch held at the journal (if the receiver had taken it) completes; the session then sees the cut.
        backupTicks.ApplyGate = null;
        released.SetResult();
        await Poll.UntilAsync(() => pair.Backup!.Status.Overwrite!.State == OverwriteStates.Failed, "the backup reports the overwrite interrupted", diagnostics: pair.Dump);
        Assert.Equal("the link closed before every record of the primary was copied", pair.Backup!.Status.Overwrite!.Error);
        Assert.InRange(backupTicks.Count, 10, 20);
        Assert.True(PairingStore.Open(pair.BackupDirectory, RedundancyMode.Backup).NewPairingPending);
        await pair.StartBackupAsync(sync: sync);
        await pair.ConnectAndPairAsync();

        await Poll.UntilAsync(() => pair.Backup.Status.Overwrite?.State == OverwriteStates.Done, "the overwrite completed", diagnostics: pair.Dump);
        Assert.Equal(primaryBefore, Contents(pair.BackupJournals));
        Assert.Equal(1, backupTicks.Clears);
    }

    [Fact]
    public async Task AJournalRegisteredLate_IsEmptiedBeforeItIsSynchronized_AndOneRegisteredAfterTheOverwriteMerges()
    {
        await using var pair = new PairingPair();
        var ticks = pair.AddJournal("ticks");
        var late = pair.AddJournal("late");
        Seed(ticks, "node-a", 10, "a");
        Seed(late, "node-a", 6, "a-late");
        Seed(pair.BackupJournal("ticks"), "node-b", 4, "standalone");
        Seed(pair.BackupJournal("late"), "node-b", 9, "standalone-late");
        PairingStore.Open(pair.BackupDirectory, RedundancyMode.Standalone);
        var primaryBefore = Contents(pair.PrimaryJournals);
        await pair.StartPrimaryAsync();
        await pair.StartBackupAsync(registerLater: "late");
        await pair.ConnectAndPairAsync();
        await Poll.UntilAsync(() => pair.BackupJournal("ticks").Count == 10, "the registered journal holds the primary's records", diagnostics: pair.Dump);

        // The primary holds "late", so the overwrite waits for a module here to register it; it is emptied before it is synchronized.
        await Poll.StaysFalseAsync(() => pair.Backup!.Status.Overwrite?.State == OverwriteStates.Done, "the overwrite completes without the journal the primary holds");
        Assert.Equal(9, pair.BackupJournal("late").Count);
        pair.Backup!.Journals.Register(pair.BackupJournal("late"));

        await Poll.UntilAsync(() => pair.Backup.Status.Overwrite?.State == OverwriteStates.Done, "the overwrite is done", diagnostics: pair.Dump);
        Assert.Equal(primaryBefore, Contents(pair.BackupJournals));
        Assert.Equal(primaryBefore, Contents(pair.PrimaryJournals));
        Assert.Contains(new OverwriteJournal("late", 9), pair.Backup.Status.Overwrite!.Journals);

        // After the overwrite, a journal registered on both nodes merges as usual: nothing of it is discarded.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(At);
        var extraHere = new InMemoryJournal("extra", "node-b", clock);
        var extraThere = new InMemoryJournal("extra", "node-a", clock);
        Seed(extraHere, "node-b", 3, "b-extra");
        Seed(extraThere, "node-a", 2, "a-extra");
        pair.Primary!.Journals.Register(extraThere);
        pair.Backup.Journals.Register(extraHere);
        await Poll.UntilAsync(() => extraHere.Count == 5 && extraThere.Count == 5, "both nodes hold both nodes' records of the new journal", diagnostics: pair.Dump);
        Assert.Equal(0, extraHere.Clears);
    }

    /// <summary>
    /// A standalone backup with "ticks" and "receipts" pairs with a primary holding both; the overwrite empties "receipts"
    /// (journals are taken in the registry's order) and is killed before "ticks" is. Returns the primary's "ticks" and
    /// what the primary held before the pairing.
    /// </summary>
    private static async Task<(InMemoryJournal Ticks, List<string> PrimaryBefore)> KillBetweenJournalsAsync(PairingPair pair)
    {
        pair.ExpectedErrors.Add("OverwriteFailed");
        var ticks = pair.AddJournal("ticks");
        var receipts = pair.AddJournal("receipts");
        Seed(ticks, "node-a", 40, "a");
        Seed(receipts, "node-a", 4, "r");
        Seed(pair.BackupJournal("ticks"), "node-b", 25, "standalone");
        Seed(pair.BackupJournal("receipts"), "node-b", 6, "standalone-receipt");
        PairingStore.Open(pair.BackupDirectory, RedundancyMode.Standalone);
        var primaryBefore = Contents(pair.PrimaryJournals);

        pair.BackupJournal("ticks").ClearFault = new IOException("killed in the middle of the overwrite");
        await pair.StartPrimaryAsync();
        await pair.StartBackupAsync();
        await pair.ConnectAndPairAsync();
        await Poll.UntilAsync(() => pair.Backup!.Status.Overwrite?.State == OverwriteStates.Failed, "the overwrite stopped", diagnostics: pair.Dump);
        return (ticks, primaryBefore);
    }

    private static void Seed(InMemoryJournal journal, string origin, int count, string prefix)
    {
        for (var i = 1; i <= count; i++)
        {
            journal.Seed(origin, 1, At.AddSeconds(i), $"{prefix}-{i}");
        }
    }

    /// <summary>Every record of every journal (journal, origin, sequence, term, time, payload), sorted.</summary>
    private static List<string> Contents(IEnumerable<InMemoryJournal> journals) =>
        [.. journals.SelectMany(j => new[] { "node-a", "node-b", "node-x" }.SelectMany(o => j.Snapshot(o))
            .Select(r => $"{j.Name}/{r.Origin}#{r.Sequence} t{r.Term} {r.Timestamp:o} {System.Text.Encoding.UTF8.GetString(r.Payload.Span)}"))
            .Order(StringComparer.Ordinal)];
}
