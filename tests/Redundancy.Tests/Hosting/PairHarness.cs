using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Options;
using N3Host.Plugins.Redundancy.Roles;
using N3Host.Testing.Harness;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>A primary and a backup state machine, each on its own fake clock, linked by in-memory pipes the test connects and cuts.</summary>
internal sealed class PairHarness : IAsyncDisposable
{
    public const int InitialStandbyMs = 10_000;
    public const int TimeoutMs = 5_000;
    public const int HeartbeatMs = 1_000;

    private readonly TempFolder _folder = new();
    private readonly List<Task> _links = [];
    private (InMemoryPeerChannel Primary, InMemoryPeerChannel Backup)? _connection;

    public PairHarness(FailbackMode failback = FailbackMode.Automatic, RedundancyMode primaryMode = RedundancyMode.Primary,
        RedundancyMode backupMode = RedundancyMode.Backup, IFailbackSync? sync = null, string backupVersion = "0.1.0",
        Func<RedundancyOptions, RedundancyOptions>? primaryOptions = null, Func<RedundancyOptions, RedundancyOptions>? backupOptions = null, bool witness = false)
    {
        var primary = Options(primaryMode, failback);
        Primary = new TestNode("node-a", primaryOptions?.Invoke(primary) ?? primary, Path.Combine(_folder.Path, "node-a"), History, sync,
            witness: witness ? new TestWitness() : null);
        var backup = Options(backupMode, failback);
        Backup = new TestNode("node-b", backupOptions?.Invoke(backup) ?? backup, Path.Combine(_folder.Path, "node-b"), History, null, backupVersion,
            witness ? new TestWitness() : null);
    }

    public RoleHistory History { get; } = new();

    public TestNode Primary { get; private set; }

    public TestNode Backup { get; }

    public static RedundancyOptions Options(RedundancyMode mode, FailbackMode failback = FailbackMode.Automatic) => new()
    {
        Mode = mode,
        RemoteCertificate = "in-memory",
        Server = new ServerOptions { InitialStandbyTime = TimeSpan.FromMilliseconds(InitialStandbyMs) },
        Connection = new ConnectionOptions { Host = "memory", ConnectionTimeout = TimeSpan.FromMilliseconds(TimeoutMs) },
        HeartbeatInterval = TimeSpan.FromMilliseconds(HeartbeatMs),
        Failback = failback,
        Mqtt = new MqttOptions { Enabled = false },
    };

    /// <summary>Both nodes started and paired, the primary active (and the backup seeing it so).</summary>
    public static async Task<PairHarness> ActiveAsync(bool witness = false)
    {
        var pair = new PairHarness(witness: witness);
        pair.Primary.Coordinator.Start();
        pair.Backup.Coordinator.Start();
        await pair.ConnectAndPairAsync();
        await Poll.UntilAsync(() => pair.Primary.IsActive && pair.Backup.Status.Peer.Role == "active", "the primary is active", diagnostics: pair.Dump);
        return pair;
    }

    public TestNode CreateNode(string name, RedundancyMode mode, FailbackMode failback = FailbackMode.Automatic, IFailbackSync? sync = null) =>
        new(name, Options(mode, failback), Path.Combine(_folder.Path, name), History, sync);

    /// <summary>Replaces the primary by a new incarnation (a restart: same data folder, so the same term file).</summary>
    public TestNode RestartPrimary(IFailbackSync? sync = null)
    {
        Primary.Coordinator.Stop();
        Primary = new TestNode(Primary.Name, Primary.Options, Path.Combine(_folder.Path, Primary.Name), History, sync, witness: Primary.Witness);
        return Primary;
    }

    public void Connect()
    {
        var (a, b) = InMemoryPeerChannel.CreatePair();
        _connection = (a, b);
        _links.Add(Primary.Coordinator.RunLinkAsync(a, CancellationToken.None));
        _links.Add(Backup.Coordinator.RunLinkAsync(b, CancellationToken.None));
    }

    public Task ConnectAndPairAsync()
    {
        Connect();
        return Poll.UntilAsync(() => Primary.Status.Peer.Connected && Backup.Status.Peer.Connected, "the nodes are paired", diagnostics: Dump);
    }

    /// <summary>Cuts the link as a killed process does: both ends read end-of-stream.</summary>
    public void Cut()
    {
        if (_connection is { } c)
        {
            c.Primary.Cut();
            c.Backup.Cut();
            _connection = null;
        }
    }

    /// <summary>Advances both clocks together, in heartbeat-sized steps, letting each heartbeat arrive before the next step.</summary>
    public async Task AdvanceBothAsync(int milliseconds, int stepMs = HeartbeatMs)
    {
        for (var done = 0; done < milliseconds; done += stepMs)
        {
            var step = Math.Min(stepMs, milliseconds - done);
            var before = (Primary.Status.Peer.Heartbeats, Backup.Status.Peer.Heartbeats);
            Primary.Advance(step);
            Backup.Advance(step);
            if (step == HeartbeatMs && Primary.Status.Peer.Connected && Backup.Status.Peer.Connected)
            {
                await Poll.UntilAsync(
                    () => Primary.Status.Peer.Heartbeats > before.Item1 && Backup.Status.Peer.Heartbeats > before.Item2,
                    "both heartbeats arrived", diagnostics: Dump);
            }
        }
    }

    public string Dump() => Primary.Logger.Dump() + Environment.NewLine + Backup.Logger.Dump();

    public async ValueTask DisposeAsync()
    {
        Primary.Coordinator.Stop();
        Backup.Coordinator.Stop();
        await Task.WhenAll(_links).WaitAsync(TimeSpan.FromSeconds(10));
        _folder.Dispose();
        TestLog.ThrowIfUnexpectedErrors([Primary.Logger, Backup.Logger], "PeerRefused");
    }
}
