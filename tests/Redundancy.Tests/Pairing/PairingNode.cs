using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Pairing;
using N3Host.Plugins.Redundancy.Peer.Messages;
using N3Host.Plugins.Redundancy.Roles;
using N3Host.Plugins.Redundancy.Sync.Link;
using N3Host.Plugins.Redundancy.Sync.Overwrite;
using N3Host.Plugins.Redundancy.Sync.Tests;
using N3Host.Plugins.Redundancy.Sync;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Testing.Harness;
using N3Host.Testing;

namespace N3Host.Plugins.Redundancy.Tests.Pairing;

/// <summary>
/// One incarnation of a node with the whole redundancy stack the module wires (pairing record, role coordinator, stored-data
/// sync with the overwrite) over in-memory journals that outlive it, as files on disk outlive a killed process.
/// </summary>
internal sealed class PairingNode
{
    private readonly CancellationTokenSource _stopping = new();

    public PairingNode(string name, RedundancyMode mode, string dataDirectory, IEnumerable<InMemoryJournal> journals, RoleHistory history, SyncOptions? sync = null)
    {
        Name = name;
        Pairing = PairingStore.Open(dataDirectory, mode);
        foreach (var journal in journals)
        {
            Journals.Register(journal);
        }

        Gate = new TestRoleGate(name, history);
        Logger = new TestLog(name, minimum: Microsoft.Extensions.Logging.LogLevel.Debug);
        var replicator = new JournalReplicator(name, Journals, sync ?? new SyncOptions(), Clock, Logger);
        Overwrite = new StoreOverwrite(Pairing, Journals, name, Clock, Logger);
        LinkSync = new PeerLinkSync(replicator, Journals, Clock, Logger, _stopping.Token, mode, Overwrite);
        Coordinator = new RoleCoordinator(new CoordinatorSetup(Options(mode), new NodeIdentity(name, "0.1.0", () => [new ModuleVersion("redundancy", "Redundancy", "0.1.0")])),
            Gate.Acquire(), new TermStore(dataDirectory), Clock, Logger, new PeerSyncs(Failback: LinkSync, Link: LinkSync, Pairing: Pairing));
        Overwrite.ClearPendingAtStart(mode);
        Coordinator.Start();
    }

    public string Name { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public PairingStore Pairing { get; }

    public HostJournalRegistry Journals { get; } = new();

    public TestRoleGate Gate { get; }

    public TestLog Logger { get; }

    public StoreOverwrite Overwrite { get; }

    public PeerLinkSync LinkSync { get; }

    public RoleCoordinator Coordinator { get; }

    public RedundancyStatus Status => Coordinator.Snapshot() with { Overwrite = Overwrite.GetStatus() };

    /// <summary>Stops the incarnation (as a kill does, the journals keep what they hold) and waits for its sync to end.</summary>
    public async Task StopAsync()
    {
        Coordinator.Stop();
        Overwrite.StopClearingAtStart();
        await _stopping.CancelAsync();
        await LinkSync.DrainAsync().WaitAsync(TimeSpan.FromSeconds(20));
    }

    private static Redundancy.Options.RedundancyOptions Options(RedundancyMode mode) => PairHarness.Options(mode);
}
