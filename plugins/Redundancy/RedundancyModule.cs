using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using N3Host.PluginKit.Settings;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Certificates;
using N3Host.Plugins.Redundancy.ConfigSync;
using N3Host.Plugins.Redundancy.Mqtt;
using N3Host.Plugins.Redundancy.Options;
using N3Host.Plugins.Redundancy.Pairing;
using N3Host.Plugins.Redundancy.Peer;
using N3Host.Plugins.Redundancy.Peer.Messages;
using N3Host.Plugins.Redundancy.Roles;
using N3Host.Plugins.Redundancy.Sync;
using N3Host.Plugins.Redundancy.Sync.Link;
using N3Host.Plugins.Redundancy.Sync.Overwrite;
using N3Host.Plugins.Redundancy.Witness;
using N3Host.Transport.Tls;

namespace N3Host.Plugins.Redundancy;

/// <summary>
/// The redundancy core: decides whether this node is active or standby, holds the pair's TLS link,
/// sets the node's role gate, offers failover/failback and a status section, and hands its redundancy state to the node's
/// status publisher (the node publishes it on MQTT). Runs whatever the role.
/// </summary>
[N3Module("Redundancy", Follows = RoleFollowing.Always, Description = "Redundant pair: peer link, roles, failover, the role state the node publishes")]
public sealed class RedundancyModule(IOptions<RedundancyOptions> options) : IModule, IConfigureServices
{
    private readonly RedundancyOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
    private const string StatusKey = "redundancy";
    private readonly List<Task> _loops = [];
    private CancellationTokenSource? _stopping;
    private IModuleContext? _context;
    private IRoleController? _roles;
    private RoleCoordinator? _coordinator;
    private TlsPeerListener? _listener;
    private PeerLinkSync? _linkSync;
    private StoreOverwrite? _overwrite;
    private EventHandler<SyncStatus>? _syncHandler;
    private PairConfigSync? _configSync;
    private WitnessClient? _witness;
    private Func<RedundancyStatus>? _snapshot;
    private IDisposable? _metrics;

    /// <summary>How long the primary's hand-over waits for the backup's configuration before it goes on without it.</summary>
    internal static readonly TimeSpan ConfigSettleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The hand-over before the primary goes active. Null (the default): the stored-data sync over the peer link, which
    /// also replicates every journal continuously while the pair is connected. Tests may set another.
    /// </summary>
    internal IFailbackSync? FailbackSync { get; set; }

    /// <summary>The stored-data sync engine (after start, in primary or backup mode).</summary>
    internal JournalReplicator? Replicator => _linkSync?.Replicator;

    /// <summary>The primary's bound listener address (after start), for tests that bind port 0.</summary>
    internal IPEndPoint? ListenerEndPoint => _listener?.LocalEndPoint;

    internal RoleCoordinator? Coordinator => _coordinator;

    /// <summary>
    /// Binds and validates the instance's <see cref="RedundancyOptions"/> (every bad setting at once, before construction);
    /// what depends on other settings (the heartbeat, mqtt.tls, the witness) is completed after binding.
    /// </summary>
    public static void ConfigureServices(IServiceCollection services, IConfiguration settings) =>
        services.AddSettings<RedundancyOptions>(settings).PostConfigure(o => o.Complete(settings));

    /// <inheritdoc />
    public async Task StartAsync(IModuleContext context, CancellationToken cancellationToken)
    {
        _context = context;
        var options = _options;
        _stopping = new CancellationTokenSource();
        var hostVersion = VersionText.Of(context.Node.HostVersion);
        var mirror = new RedundancyMirror(context.Services, context.Node.Name, hostVersion);

        try
        {
            var pairing = PairingStore.Open(context.DataDirectory, options.Mode);
            _roles = context.AcquireRoleControl();
            if (options.Mode == RedundancyMode.Standalone)
            {
                StartStandalone(context, options, mirror, pairing);
            }
            else
            {
                StartRedundant(context, options, hostVersion, mirror, pairing);
            }

            _metrics = RedundancyMetrics.Instruments.Track(context.InstanceName, () => _snapshot?.Invoke());
        }
        catch
        {
            // A failed start (certificate, port in use) leaves nothing behind: the host retries with a new incarnation.
            await StopAsync(cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var context = _context;
        if (context is null)
        {
            return;
        }

        context.Services.RemoveStatus(StatusKey);
        _metrics?.Dispose();
        _metrics = null;
        _snapshot = null;
        _overwrite?.StopClearingAtStart();
        _overwrite = null;
        context.Services.Remove<IRedundancyControl>(StandaloneControl.Instance);
        if (_coordinator is not null)
        {
            context.Services.Remove<IRedundancyControl>(_coordinator);
            context.Services.Remove<IRedundancyDrill>(_coordinator);
            _coordinator.Stop();
        }

        if (_linkSync is not null && _syncHandler is not null)
        {
            _linkSync.Replicator.StatusChanged -= _syncHandler;
        }

        await (_stopping?.CancelAsync() ?? Task.CompletedTask).ConfigureAwait(false);
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(_loops).ConfigureAwait(false);
        _loops.Clear();
        if (_witness is not null)
        {
            await _witness.DisposeAsync().ConfigureAwait(false);
            _witness = null;
        }

        if (_linkSync is not null)
        {
            await _linkSync.DrainAsync().ConfigureAwait(false);
        }

        if (_configSync is not null)
        {
            await _configSync.DrainAsync().ConfigureAwait(false);
            _configSync.Dispose();
        }

        _configSync = null;
        _linkSync = null;
        _syncHandler = null;
        _roles?.Dispose();
        _roles = null;
        _stopping?.Dispose();
        _stopping = null;
        _coordinator = null;
        _listener = null;
        _context = null;
    }

    private void StartStandalone(IModuleContext context, RedundancyOptions options, RedundancyMirror mirror, PairingStore pairing)
    {
        context.Services.Add<IRedundancyControl>(StandaloneControl.Instance);
        var now = context.Time.GetUtcNow();
        const string reason = "standalone mode: no redundancy, the node is always active";
        _roles!.Set(new RoleState(RedundancyMode.Standalone, NodeRole.Active, 0, reason, now));
        var status = new RedundancyStatus("standalone", "active", 0, reason, now, options.Failback.ToString().ToLowerInvariant(), "none",
            context.Certificate.Fingerprint, null, new PeerStatus(false, null, null, null, null, null, null, null, null, null, 0, null), null)
        {
            Pairing = new PairingStatus(pairing.PreviousMode, pairing.ModeChangedAtStart, pairing.NewPairingPending),
        };
        _snapshot = () => status with { ServiceLevel = ServiceLevel.Of(status, ServiceLevel.FaultedModules(context.Modules.Current)) };
        context.Services.AddStatus(StatusKey, _snapshot);
        mirror.Redundancy(status);
    }

    private void StartRedundant(IModuleContext context, RedundancyOptions options, string hostVersion, RedundancyMirror mirror, PairingStore pairing)
    {
        var configDirectory = Path.GetDirectoryName(Path.GetFullPath(context.Node.ConfigPath)) ?? Environment.CurrentDirectory;
        var remote = RemoteCertificateLoader.Load(options.RemoteCertificate!, context.InstanceName, configDirectory);
        var pin = new CertificatePins([remote]);
        var remoteFingerprint = CertificateFingerprint.Of(remote);
        var own = context.Certificate;
        var identity = new NodeIdentity(context.Node.Name, hostVersion, () => ModuleVersions(context));
        var replicator = new JournalReplicator(context.Node.Name, context.Journals, options.Sync, context.Time, context.Logger);
        var overwrite = new StoreOverwrite(pairing, context.Journals, context.Node.Name, context.Time, context.Logger);
        var linkSync = new PeerLinkSync(replicator, context.Journals, context.Time, context.Logger, _stopping!.Token, options.Mode, overwrite);
        _linkSync = linkSync;

        // While a redundancy mode change is pending (this node's, or the peer's flag), the primary's configuration overwrites the backup's.
        var configSync = new PairConfigSync(context.Services.Get<ISharedConfiguration>(), options.Mode, context.Time, context.Logger, _stopping.Token)
        {
            ModeChanged = () => pairing.NewPairingPending,
        };
        _configSync = configSync;
        var failback = new ConfigFailbackSync(configSync, FailbackSync ?? linkSync, ConfigSettleTimeout);
        WitnessClient? witness = null;
        if (options.Witness is { } witnessOptions)
        {
            witness = new WitnessClient(witnessOptions, PairId.Of(own.Fingerprint, remoteFingerprint), context.Node.Name, options.Mode,
                options.Connection.ConnectionTimeout, options.HeartbeatInterval, options.Connection.ReconnectDelay, context.Time, context.Logger);
            _witness = witness;
        }

        var setup = new CoordinatorSetup(options, identity) { OwnFingerprint = own.Fingerprint, ExpectedPeerFingerprint = remoteFingerprint };
        var coordinator = new RoleCoordinator(setup, _roles!, new TermStore(context.DataDirectory), context.Time, context.Logger,
            new PeerSyncs(failback, linkSync, configSync, pairing))
        {
            Witness = witness,
            MqttPublished = context.Services.WhenPublishedAsync,
        };
        _coordinator = coordinator;
        _roles!.SetFreshness(coordinator.StillActive);
        RedundancyStatus Snapshot()
        {
            var status = coordinator.Snapshot() with { Sync = replicator.GetStatus(), Overwrite = overwrite.GetStatus(), Config = configSync.GetStatus() };
            return status with { ServiceLevel = ServiceLevel.Of(status, ServiceLevel.FaultedModules(context.Modules.Current)) };
        }

        if (witness is not null)
        {
            _loops.Add(Supervise(witness.RunAsync, _stopping!.Token));
        }

        // A full or read-only disk that holds the peer's records is a state of this module, not a fault.
        string? degraded = null;
        _syncHandler = (_, status) =>
        {
            var held = status.Held is { } what ? $"the peer's stored data wait: {what}" : null;
            if (Interlocked.Exchange(ref degraded, held) != held)
            {
                context.ReportDegraded(held);
            }

            mirror.Redundancy(Snapshot());
        };
        replicator.StatusChanged += _syncHandler;

        configSync.StatusChanged += () => mirror.Redundancy(Snapshot());
        coordinator.Changed += () => mirror.Redundancy(Snapshot());
        overwrite.Changed += () => mirror.Redundancy(Snapshot());
        overwrite.Published = context.Services.WhenPublishedAsync;

        var handshake = new TlsHandshake(own.Certificate, pin, options.Connection.HandshakeTimeout, context.Time, context.Logger);
        if (options.Mode == RedundancyMode.Primary)
        {
            var address = string.Equals(options.Server.NetworkInterface, "localhost", StringComparison.OrdinalIgnoreCase)
                ? IPAddress.Loopback
                : IPAddress.Parse(options.Server.NetworkInterface);
            _listener = new TlsPeerListener(new IPEndPoint(address, options.Server.Port), handshake, coordinator, context.Logger);
            _listener.Bind($"modules.json, instance '{context.InstanceName}', settings 'server.networkInterface'/'server.port'");
        }

        context.Services.Add<IRedundancyControl>(coordinator);
        context.Services.Add<IRedundancyDrill>(coordinator);
        _snapshot = Snapshot;
        context.Services.AddStatus(StatusKey, Snapshot);

        // An overwrite interrupted by a kill: the journals not yet emptied are emptied before any module writes into them.
        overwrite.ClearPendingAtStart(options.Mode);
        _overwrite = overwrite;
        coordinator.Start();
        if (_listener is not null)
        {
            _loops.Add(Supervise(_listener.RunAsync, _stopping!.Token));
        }
        else
        {
            var connector = new TlsPeerConnector(options.Connection.Host!, options.Connection.Port, options.Connection.ConnectionTimeout,
                options.Connection.ReconnectDelay, handshake, coordinator, context.Time, context.Logger);
            _loops.Add(Supervise(connector.RunAsync, _stopping!.Token));
        }

    }

    private static List<ModuleVersion> ModuleVersions(IModuleContext context) =>
        [.. context.Modules.Current.Select(m => new ModuleVersion(m.Instance, m.Module, m.Version))];

    private async Task Supervise(Func<CancellationToken, Task> loop, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await loop(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _context?.ReportFault(e);
        }
    }
}
