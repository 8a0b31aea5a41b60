using N3Host.Testing;
using Xunit;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

/// <summary>
/// What a module that acknowledges data waits on (the historian, before a link acknowledges its sender): a record of
/// this node is "replicated" once the peer applied it; with no peer there is nothing to wait for; a cut releases.
/// </summary>
public sealed class ReplicatedWaitTests
{
    [Fact]
    public async Task WithoutAPeer_TheWaitCompletesAtOnce()
    {
        var node = new SyncNode("primary", SyncNode.NewClock());
        var journal = node.AddJournal("history");
        var sequence = await journal.AppendAsync("v1"u8.ToArray(), CancellationToken.None);

        await node.Journals.WaitReplicatedAsync(journal.Name, sequence, CancellationToken.None).AsTask().WaitAsync(SyncLink.Timeout);
    }

    [Fact]
    public async Task WithAPeer_TheWaitCompletesOnlyOnceThePeerAppliedTheRecord()
    {
        var (link, primary, onBackup, sequence, wait) = await PendingOnAHeldBackupAsync();
        await using (link)
        {
            onBackup.ApplyGate!.SetResult();
            await wait.WaitAsync(SyncLink.Timeout);
            Assert.Equal(1, onBackup.Count);
            Assert.Equal(sequence, primary.Journals.Replicated["history"]);
        }
    }

    [Fact]
    public async Task ACutLink_ReleasesTheWait_TheNodeIsAloneNow()
    {
        var (link, primary, onBackup, _, wait) = await PendingOnAHeldBackupAsync();
        await using (link)
        {
            link.ChannelA.Cut();
            await wait.WaitAsync(SyncLink.Timeout);
            Assert.Empty(primary.Journals.Replicated);
            onBackup.ApplyGate!.SetResult();
            await link.EndedAsync();
        }
    }

    /// <summary>A connected pair whose backup holds back applying: the primary appends one record and waits for it.</summary>
    private static async Task<(SyncLink Link, SyncNode Primary, InMemoryJournal OnBackup, long Sequence, Task Wait)> PendingOnAHeldBackupAsync()
    {
        var clock = SyncNode.NewClock();
        var primary = new SyncNode("primary", clock);
        var backup = new SyncNode("backup", clock);
        var onPrimary = primary.AddJournal("history");
        var onBackup = backup.AddJournal("history");
        var link = SyncLink.Connect(primary, backup);
        await link.BothCaughtUpAsync();
        await Eventually.TrueAsync(() => primary.Journals.Replicated.ContainsKey("history"), SyncLink.Timeout, "the primary knows the backup replicates the journal");

        onBackup.ApplyGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sequence = await onPrimary.AppendAsync("v1"u8.ToArray(), CancellationToken.None);
        var wait = primary.Journals.WaitReplicatedAsync("history", sequence, CancellationToken.None).AsTask();
        await Task.Delay(300);
        Assert.False(wait.IsCompleted, "the backup has not applied the record yet");
        return (link, primary, onBackup, sequence, wait);
    }

    [Fact]
    public async Task AJournalThePeerDoesNotHave_IsNotWaitedFor()
    {
        var clock = SyncNode.NewClock();
        var primary = new SyncNode("primary", clock);
        var backup = new SyncNode("backup", clock);
        var onPrimary = primary.AddJournal("history");
        await using var link = SyncLink.Connect(primary, backup);
        await link.BothCaughtUpAsync();

        var sequence = await onPrimary.AppendAsync("v1"u8.ToArray(), CancellationToken.None);
        await primary.Journals.WaitReplicatedAsync("history", sequence, CancellationToken.None).AsTask().WaitAsync(SyncLink.Timeout);
    }
}
