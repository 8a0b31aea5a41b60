using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Options;
using N3Host.Plugins.Redundancy.Peer.Messages;
using N3Host.Plugins.Redundancy.Roles;
using N3Host.Testing.Harness;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>One node's role state machine on its own fake clock, with a recording role gate.</summary>
internal sealed class TestNode
{
    public TestNode(string name, RedundancyOptions options, string dataDirectory, RoleHistory history, IFailbackSync? sync = null, string version = "0.1.0",
        TestWitness? witness = null)
    {
        Witness = witness;
        Name = name;
        Options = options;
        Gate = new TestRoleGate(name, history);
        Logger = new TestLog(name, minimum: Microsoft.Extensions.Logging.LogLevel.Debug);
        Terms = new TermStore(dataDirectory);
        Coordinator = new RoleCoordinator(new CoordinatorSetup(options, new NodeIdentity(name, version, () => [new ModuleVersion("redundancy", "Redundancy", version)])),
            Gate.Acquire(), Terms, Clock, Logger, new PeerSyncs(Failback: sync))
        {
            Witness = witness,
            FreezeClock = FreezeClock,
        };
    }

    public string Name { get; }

    public RedundancyOptions Options { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The clock that notices freezes; advancing it past the timeout between two of its ticks is a freeze.</summary>
    public FakeTimeProvider FreezeClock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public TestWitness? Witness { get; }

    public TestRoleGate Gate { get; }

    public TestLog Logger { get; }

    public TermStore Terms { get; }

    public RoleCoordinator Coordinator { get; }

    public NodeRole Role => Gate.Current.Role;

    public RedundancyStatus Status => Coordinator.Snapshot();

    public bool IsActive => Gate.Current.Role == NodeRole.Active && Gate.Current.Mode != RedundancyMode.Standalone;

    public bool IsStandby => Gate.Current.Role == NodeRole.Standby;

    public void Advance(TimeSpan time) => Clock.Advance(time);

    public void Advance(int milliseconds) => Clock.Advance(TimeSpan.FromMilliseconds(milliseconds));
}
