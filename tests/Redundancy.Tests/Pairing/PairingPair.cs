using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Sync.Tests;
using N3Host.Plugins.Redundancy.Sync;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Testing.Harness;

namespace N3Host.Plugins.Redundancy.Tests.Pairing;

/// <summary>A primary and a backup (<see cref="PairingNode"/>) in their own data folders, linked by in-memory pipes the test connects and cuts.</summary>
internal sealed class PairingPair : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<Task> _links = [];
    private readonly List<TestLog> _loggers = [];
    private (InMemoryPeerChannel Primary, InMemoryPeerChannel Backup)? _connection;

    public RoleHistory History { get; } = new();

    public string PrimaryDirectory => Path.Combine(_folder.Path, "node-a");

    public string BackupDirectory => Path.Combine(_folder.Path, "node-b");

    public List<InMemoryJournal> PrimaryJournals { get; } = [];

    public List<InMemoryJournal> BackupJournals { get; } = [];

    public PairingNode? Primary { get; private set; }

    public PairingNode? Backup { get; private set; }

    /// <summary>Error events a test provokes on purpose.</summary>
    public List<string> ExpectedErrors { get; } = [];

    public InMemoryJournal AddJournal(string name)
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var primary = new InMemoryJournal(name, "node-a", clock);
        PrimaryJournals.Add(primary);
        BackupJournals.Add(new InMemoryJournal(name, "node-b", clock));
        return primary;
    }

    public InMemoryJournal BackupJournal(string name) => BackupJournals.Single(j => j.Name == name);

    public InMemoryJournal PrimaryJournal(string name) => PrimaryJournals.Single(j => j.Name == name);

    /// <summary>Starts (or restarts, on the same data folder and journals) the primary.</summary>
    public async Task<PairingNode> StartPrimaryAsync(RedundancyMode mode = RedundancyMode.Primary, SyncOptions? sync = null)
    {
        if (Primary is not null)
        {
            await Primary.StopAsync();
        }

        Primary = new PairingNode("node-a", mode, PrimaryDirectory, PrimaryJournals, History, sync);
        _loggers.Add(Primary.Logger);
        return Primary;
    }

    /// <summary>Starts (or restarts, on the same data folder and journals) the backup; <paramref name="registerLater"/>: journals its modules register only later.</summary>
    public async Task<PairingNode> StartBackupAsync(RedundancyMode mode = RedundancyMode.Backup, SyncOptions? sync = null, params string[] registerLater)
    {
        if (Backup is not null)
        {
            await Backup.StopAsync();
        }

        Backup = new PairingNode("node-b", mode, BackupDirectory, BackupJournals.Where(j => !registerLater.Contains(j.Name)), History, sync);
        _loggers.Add(Backup.Logger);
        return Backup;
    }

    public Task ConnectAndPairAsync()
    {
        var (a, b) = InMemoryPeerChannel.CreatePair();
        _connection = (a, b);
        _links.Add(Primary!.Coordinator.RunLinkAsync(a, CancellationToken.None));
        _links.Add(Backup!.Coordinator.RunLinkAsync(b, CancellationToken.None));
        return Poll.UntilAsync(() => Primary.Status.Peer.Connected && Backup.Status.Peer.Connected, "the nodes are paired", diagnostics: Dump);
    }

    /// <summary>Cuts the link as a killed process does and waits until both nodes saw it.</summary>
    public async Task CutAsync()
    {
        if (_connection is { } c)
        {
            c.Primary.Cut();
            c.Backup.Cut();
            _connection = null;
        }

        await Poll.UntilAsync(() => !Primary!.Status.Peer.Connected && !Backup!.Status.Peer.Connected, "both nodes saw the cut", diagnostics: Dump);
    }

    public string Dump() => string.Join(Environment.NewLine, _loggers.Select(l => l.Dump()));

    public async ValueTask DisposeAsync()
    {
        if (Primary is not null)
        {
            await Primary.StopAsync();
        }

        if (Backup is not null)
        {
            await Backup.StopAsync();
        }

        await Task.WhenAll(_links).WaitAsync(TimeSpan.FromSeconds(10));
        _folder.Dispose();
        TestLog.ThrowIfUnexpectedErrors(_loggers, ["PeerRefused", .. ExpectedErrors]);
    }
}
