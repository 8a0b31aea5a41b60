using N3Host.Contracts;
using N3Host.Plugins.Redundancy.ConfigSync;
using N3Host.Plugins.Redundancy.Peer.Messages;
using N3Host.Plugins.Redundancy.Peer;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Testing.Harness;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.ConfigSync;

/// <summary>Two nodes' configuration sync over the peer protocol on an in-memory link.</summary>
public sealed class ConfigSyncLinkTests : IAsyncDisposable
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly List<IDisposable> _syncs = [];
    private PeerConnection? _primaryConnection;

    private TestLog PrimaryLog { get; } = new("node-a");

    private TestLog BackupLog { get; } = new("node-b");

    private static ConfigurationRevision Revision(long counter, string node, string hash) => new(counter, node, hash, At);

    [Fact]
    public async Task ModeChange_ThePrimaryOverwritesANewerBackup_LoggedAndPublishedBeforeTheBackupsConfigurationIsTouched()
    {
        var primary = new MemorySharedConfiguration(Revision(2, "node-a", "primary"), """[{"instance":"journal","module":"JournalPlugin","settings":{"periodMs":100}}]""");
        var backup = new MemorySharedConfiguration(Revision(9, "node-b", "backup"), """[{"instance":"journal","module":"JournalPlugin","settings":{"periodMs":900}}]""");
        // Every hook is in place before the link opens: on a busy machine the apply can come before the next line of the test.
        var published = new List<string>();
        PairConfigSync? watched = null;
        string? stateAtApply = null;
        bool? loggedAtApply = null;
        List<string>? publishedAtApply = null;
        backup.BeforeApply = () =>
        {
            stateAtApply = watched!.GetStatus().State;
            loggedAtApply = BackupLog.Contains("Redundancy mode change: the primary's configuration overwrites the backup's");
            lock (published)
            {
                publishedAtApply = [.. published];
            }
        };
        var (primarySync, backupSync) = Link(primary, backup, primaryModeChanged: true, beforeOpen: sync =>
        {
            watched = sync;
            sync.StatusChanged += () =>
            {
                lock (published)
                {
                    published.Add(sync.GetStatus().State);
                }
            };
        });

        await Poll.UntilAsync(() => backup.Applied.Count == 1 && backupSync.GetStatus().State == "inSync", "the backup took the primary's configuration",
            diagnostics: () => BackupLog.Dump());

        Assert.Equal(primary.Current, backup.Current);
        Assert.Equal("overwriting", stateAtApply);
        Assert.True(loggedAtApply);
        Assert.Contains("overwriting", publishedAtApply!);
        Assert.Empty(primary.Applied);
        Assert.True(PrimaryLog.Contains("Redundancy mode change"));
        var status = backupSync.GetStatus();
        Assert.Equal("node-a", status.LastApplied!.From);
        Assert.Equal(Revision(2, "node-a", "primary"), status.LastApplied.Revision);
    }

    [Fact]
    public async Task WithoutAModeChange_ANewerBackup_IsTakenByThePrimary_AndTheHandOverWaitsUntilItIsApplied()
    {
        var primary = new MemorySharedConfiguration(Revision(3, "node-a", "old"), "[]");
        var backup = new MemorySharedConfiguration(Revision(4, "node-b", "changed"), """[{"instance":"journal","module":"JournalPlugin"}]""");
        primary.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (primarySync, backupSync) = Link(primary, backup, primaryModeChanged: false);

        var settle = primarySync.SettleAsync(_primaryConnection!, TimeSpan.FromMinutes(1), CancellationToken.None);
        await Poll.UntilAsync(() => primarySync.GetStatus().State == "applying", "the primary decided to take the backup's", diagnostics: () => PrimaryLog.Dump());
        Assert.False(settle.IsCompleted);

        primary.Gate.SetResult();
        await settle.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(backup.Current, primary.Current);
        Assert.Empty(backup.Applied);
        await Poll.UntilAsync(() => backupSync.GetStatus() is { State: "inSync", PeerRevision.Counter: 4 }, "the backup sees the primary in step",
            diagnostics: () => BackupLog.Dump());
        Assert.False(primarySync.GetStatus().ModeChanged);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _syncs.ForEach(s => s.Dispose());
        _stopping.Dispose();
        TestLog.ThrowIfUnexpectedErrors([PrimaryLog, BackupLog], "PeerRefused");
    }

    private (PairConfigSync Primary, PairConfigSync Backup) Link(
        MemorySharedConfiguration primary, MemorySharedConfiguration backup, bool primaryModeChanged, Action<PairConfigSync>? beforeOpen = null)
    {
        var (a, b) = InMemoryPeerChannel.CreatePair();
        var toBackup = new PeerConnection(a, 1 << 20);
        var toPrimary = new PeerConnection(b, 1 << 20);
        _primaryConnection = toBackup;
        var primarySync = new PairConfigSync(primary, RedundancyMode.Primary, TimeProvider.System, PrimaryLog, _stopping.Token)
        {
            ModeChanged = () => primaryModeChanged,
        };
        var backupSync = new PairConfigSync(backup, RedundancyMode.Backup, TimeProvider.System, BackupLog, _stopping.Token);
        _syncs.Add(primarySync);
        _syncs.Add(backupSync);
        beforeOpen?.Invoke(backupSync);
        var primaryLink = primarySync.Open(toBackup, "node-b");
        var backupLink = backupSync.Open(toPrimary, "node-a");
        _loops.Add(toBackup.RunAsync(m => Deliver(primaryLink, m), _ => primaryLink.Close(), _stopping.Token));
        _loops.Add(toPrimary.RunAsync(m => Deliver(backupLink, m), _ => backupLink.Close(), _stopping.Token));
        return (primarySync, backupSync);
    }

    private static void Deliver(IConfigLink link, PeerMessage message)
    {
        if (message is ConfigSnapshotMessage config)
        {
            link.Deliver(config);
        }
    }
}
