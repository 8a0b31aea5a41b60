using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Options;
using N3Host.Plugins.Redundancy.Roles;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Roles;

public sealed class FailbackTests
{
    /// <summary>The primary died: the backup is active alone (term 1), then the primary restarts.</summary>
    private static PairHarness BackupAloneActive(FailbackMode failback = FailbackMode.Automatic, IFailbackSync? sync = null)
    {
        var pair = new PairHarness(failback, sync: sync);
        pair.Backup.Coordinator.Start();
        pair.Backup.Advance(PairHarness.TimeoutMs);
        Assert.True(pair.Backup.IsActive);
        pair.Primary.Coordinator.Start();
        return pair;
    }

    [Fact]
    public async Task Primary_TakesBack_AfterTheBackupConfirmedStandby_NeverTwoActives()
    {
        await using var pair = BackupAloneActive();

        pair.Connect();

        await Poll.UntilAsync(() => pair.Primary.IsActive, "the primary is active", diagnostics: pair.Dump);
        Assert.True(pair.Backup.IsStandby);
        Assert.Contains("failback: the primary node-a is back and takes over", pair.Backup.Gate.Current.Reason);
        Assert.Contains("failback: the backup node-b handed over and is standby", pair.Primary.Status.Reason);
        Assert.Equal(2, pair.Primary.Gate.Current.Term);
        Assert.Equal(1, pair.History.MaxActiveAtOnce);
        var changes = pair.History.Changes.ToList();
        var backupActive = changes.FindIndex(c => c.Node == "node-b" && c.State.Role == NodeRole.Active);
        var backupStandby = changes.FindIndex(backupActive, c => c.Node == "node-b" && c.State.Role == NodeRole.Standby);
        var primaryActive = changes.FindIndex(c => c.Node == "node-a" && c.State.Role == NodeRole.Active);
        Assert.True(backupStandby < primaryActive, "the backup went standby before the primary went active");
    }

    [Fact]
    public async Task ManualFailback_PrimaryWaitsForTheCommand_ThenTakesBack()
    {
        await using var pair = BackupAloneActive(FailbackMode.Manual);
        pair.Connect();
        await Poll.UntilAsync(() => pair.Primary.Status.Reason.Contains("failback is manual", StringComparison.Ordinal), "the primary waits", diagnostics: pair.Dump);
        await pair.AdvanceBothAsync(3 * PairHarness.InitialStandbyMs);
        Assert.True(pair.Primary.IsStandby);
        Assert.True(pair.Backup.IsActive);

        var result = await pair.Primary.Coordinator.FailbackAsync(CancellationToken.None);

        Assert.True(result.Accepted, result.Message);
        await Poll.UntilAsync(() => pair.Primary.IsActive, "the primary is active", diagnostics: pair.Dump);
        Assert.True(pair.Backup.IsStandby);
        Assert.Equal(1, pair.History.MaxActiveAtOnce);
    }

    [Fact]
    public async Task Failback_IsRefused_OnTheBackup_AndWhenThePrimaryIsActive()
    {
        await using var pair = BackupAloneActive();
        pair.Connect();
        await Poll.UntilAsync(() => pair.Primary.IsActive, "the primary is active", diagnostics: pair.Dump);

        var onPrimary = await pair.Primary.Coordinator.FailbackAsync(CancellationToken.None);
        var onBackup = await pair.Backup.Coordinator.FailbackAsync(CancellationToken.None);

        Assert.False(onPrimary.Accepted);
        Assert.Equal("the primary is already active", onPrimary.Message);
        Assert.False(onBackup.Accepted);
        Assert.Contains("failback is a command for the primary", onBackup.Message);
    }

    [Fact]
    public async Task HandOverHook_RunsBeforeThePrimaryGoesActive_AndThePrimaryWaitsForIt()
    {
        var sync = new GatedFailbackSync();
        await using var pair = BackupAloneActive(sync: sync);

        pair.Connect();

        await Poll.UntilAsync(() => sync.Calls.Count == 1, "the hand-over started", diagnostics: pair.Dump);
        Assert.True(pair.Backup.IsStandby);
        Assert.True(pair.Primary.IsStandby);
        Assert.True(sync.Calls[0].BackupWasActive);
        Assert.Equal("node-b", sync.Calls[0].PeerNode);
        await pair.AdvanceBothAsync(2 * PairHarness.TimeoutMs);
        Assert.True(pair.Primary.IsStandby);

        sync.Complete();

        await Poll.UntilAsync(() => pair.Primary.IsActive, "the primary is active after the hand-over", diagnostics: pair.Dump);
        Assert.Equal(1, pair.History.MaxActiveAtOnce);
    }

    [Fact]
    public async Task Primary_RestartedWithinInitialStandbyTime_TakesBackFromTheActiveBackup()
    {
        await using var pair = new PairHarness();
        pair.Primary.Coordinator.Start();
        pair.Backup.Coordinator.Start();
        await pair.ConnectAndPairAsync();
        await Poll.UntilAsync(() => pair.Primary.IsActive && pair.Backup.Status.Peer.Role == "active", "the primary is active", diagnostics: pair.Dump);

        pair.Cut();
        await Poll.UntilAsync(() => pair.Backup.IsActive, "the backup took over", diagnostics: pair.Dump);
        var restarted = pair.RestartPrimary();
        restarted.Coordinator.Start();
        Assert.True(restarted.IsStandby);
        pair.Connect();

        await Poll.UntilAsync(() => restarted.IsActive && pair.Backup.IsStandby, "the primary took back", diagnostics: pair.Dump);
        Assert.Equal(3, restarted.Gate.Current.Term);
    }

    private sealed class GatedFailbackSync : IFailbackSync
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<FailbackSyncContext> Calls { get; } = [];

        public Task SynchronizeAsync(FailbackSyncContext context, CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add(context);
            }

            return _done.Task;
        }

        public void Complete() => _done.TrySetResult();
    }
}
