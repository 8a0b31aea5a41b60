using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.ConfigSync;
using N3Host.Plugins.Redundancy.Options;
using N3Host.Plugins.Redundancy.Pairing;
using N3Host.Plugins.Redundancy.Witness;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>
/// The node's redundancy state machine. Every input (a peer message, a closed link, a timer, a command)
/// is handled under one lock; a role change goes to the host's role gate at once and to the peer's
/// outbox, never waiting for I/O. Transports feed it connections through <see cref="RunLinkAsync"/>.
/// </summary>
internal sealed partial class RoleCoordinator
{
    private readonly Lock _lock = new();
    private readonly RedundancyOptions _options;
    private readonly NodeIdentity _self;
    private readonly IRoleController _roles;
    private readonly TermStore _terms;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IFailbackSync _sync;
    private readonly IPeerLinkSync? _linkSync;
    private readonly PairingStore? _pairing;
    private readonly IPeerConfigSync? _configSync;
    private readonly string _endpoint;
    private readonly string? _ownFingerprint;
    private readonly string? _expectedPeerFingerprint;
    private readonly CancellationTokenSource _stopping = new();

    private NodeRole _role = NodeRole.Standby;
    private string _reason = "starting";
    private DateTimeOffset _since;
    private long _term;
    private PeerLink? _peer;
    private ITimer? _startTimer;
    private DecisionState _state;
    private string? _lastDisconnectReason;
    private RefusedConnection? _lastRefused;
    private VersionMismatch? _versionMismatch;
    private VersionMismatch? _versionSkew;
    private ConnectionAttempt? _attempt;
    private Fence? _fence;
    private FreezeWatch? _tick;
    private long _lastTick;
    private long _snapshots;
    private string? _lastAttemptFailure;

    public RoleCoordinator(CoordinatorSetup setup, IRoleController roles, TermStore terms, TimeProvider time, ILogger logger, PeerSyncs? syncs = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var options = setup.Options;
        _options = options;
        _self = setup.Self;
        _roles = roles;
        _terms = terms;
        _time = time;
        _logger = logger;
        _sync = syncs?.Failback ?? NoFailbackSync.Instance;
        _ownFingerprint = setup.OwnFingerprint;
        _expectedPeerFingerprint = setup.ExpectedPeerFingerprint;
        _linkSync = syncs?.Link;
        _pairing = syncs?.Pairing;
        _configSync = syncs?.Config;
        _endpoint = options.Mode == RedundancyMode.Backup
            ? $"connecting to {options.Connection.Host}:{options.Connection.Port}"
            : $"listening on {options.Server.NetworkInterface}:{options.Server.Port}";
    }

    /// <summary>The witness, if one is configured: taking over on a silent link needs its word too.</summary>
    public IWitness? Witness { get; init; }

    /// <summary>
    /// The clock that notices a freeze (the process stopped, the machine suspended): the system's in production; separate from the
    /// node's <see cref="TimeProvider"/> so that tests which move that one in large steps are not taken for freezes.
    /// </summary>
    public TimeProvider FreezeClock { get; init; } = TimeProvider.System;

    /// <summary>Raised (under the lock; handlers must be quick) after the role, term, reason or peer changed.</summary>
    public event Action? Changed;

    public RedundancyMode Mode => _options.Mode;

    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Loads the term and enters standby, waiting for the peer (primary: initial standby time; backup: connection timeout).</summary>
    public void Start()
    {
        lock (_lock)
        {
            _term = _terms.Load();

            // Written once now so the first failover finds the file (and the code that writes it) ready.
            SaveTerm();
            _state = _state.Started();
            var window = _options.Mode == RedundancyMode.Primary ? _options.Server.InitialStandbyTime : _options.Connection.ConnectionTimeout;
            var reason = _options.Mode == RedundancyMode.Primary
                ? $"waiting up to {window.TotalMilliseconds:0} ms (server.initialStandbyTime) for the backup"
                : $"waiting for the primary at {_options.Connection.Host}:{_options.Connection.Port}";
            SetRole(NodeRole.Standby, reason);
            _startTimer = _time.CreateTimer(static s => ((RoleCoordinator)s!).OnStartWindowElapsed(), this, window, Timeout.InfiniteTimeSpan);
            Interlocked.Exchange(ref _lastTick, FreezeClock.GetTimestamp());
            var period = _options.HeartbeatInterval < TimeSpan.FromMilliseconds(100) ? _options.HeartbeatInterval : TimeSpan.FromMilliseconds(100);
            _tick = new FreezeWatch(FreezeClock, period, OnTick);
        }

        if (Witness is { } witness)
        {
            witness.Changed += OnWitnessChanged;
        }
    }

    /// <summary>Stops: the node goes standby and every link closes.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            if (_state.Stopped)
            {
                return;
            }

            _startTimer?.Dispose();
            _tick?.Dispose();
            if (Witness is { } witness)
            {
                witness.Changed -= OnWitnessChanged;
            }

            if (_role == NodeRole.Active)
            {
                SetRole(NodeRole.Standby, "the redundancy module stopped");
            }

            _state = _state.Stopping();
            _peer?.Connection.Close("the node is stopping");
        }

        _stopping.Cancel();
    }

    public RedundancyStatus Snapshot()
    {
        lock (_lock)
        {
            CheckFreeze();
            var peer = _peer;
            var peerStatus = peer is null
                ? new PeerStatus(false, null, null, null, null, null, null, null, null, null, 0, _lastDisconnectReason)
                : new PeerStatus(
                    true,
                    peer.Hello!.Node,
                    Lower(peer.Hello.Mode),
                    Lower(peer.Role),
                    peer.Term,
                    peer.Connection.PeerChannel.RemoteAddress,
                    peer.Connection.PeerChannel.CertificateFingerprint,
                    peer.Hello.HostVersion,
                    peer.Connection.PeerChannel.Security,
                    peer.OpenedAt,
                    peer.Heartbeats,
                    _lastDisconnectReason)
                {
                    NewPairing = peer.NewPairing,
                };
            return new RedundancyStatus(
                Lower(_options.Mode), Lower(_role), _term, _reason, _since, Lower(_options.Failback),
                _endpoint, _ownFingerprint, _expectedPeerFingerprint, peerStatus, _lastRefused)
            {
                VersionMismatch = _versionMismatch,
                VersionSkew = _versionSkew,
                Generation = ++_snapshots,
                Attempt = _attempt,
                Witness = Witness?.View,
                Fence = _fence,
                Timeouts = peer?.Timeouts is { } agreed
                    ? new TimeoutsStatus((long)agreed.ConnectionTimeout.TotalMilliseconds, (long)agreed.HeartbeatInterval.TotalMilliseconds, agreed.Mismatch)
                    : new TimeoutsStatus((long)_options.Connection.ConnectionTimeout.TotalMilliseconds, (long)_options.HeartbeatInterval.TotalMilliseconds, null),
                Pairing = _pairing is null ? null : new PairingStatus(_pairing.PreviousMode, _pairing.ModeChangedAtStart, _pairing.NewPairingPending),
            };
        }
    }

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private void OnStartWindowElapsed()
    {
        lock (_lock)
        {
            if (!_state.StartWindowOpen)
            {
                return;
            }

            _state = _state.StartWindowClosed();
            if (_attempt is not null && _options.Mode == RedundancyMode.Backup)
            {
                Log.AttemptSlow(_logger, WaitingReason() + $"; the backup does not go active while it runs (bound: connection.handshakeTimeout {_options.Connection.HandshakeTimeout.TotalMilliseconds:0} ms)");
            }

            Evaluate();
        }
    }
}
