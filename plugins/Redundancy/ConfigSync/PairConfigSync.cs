using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Peer;
using N3Host.Plugins.Redundancy.Peer.Messages;

namespace N3Host.Plugins.Redundancy.ConfigSync;

/// <summary>
/// Keeps the shared part of modules.json the same on both nodes of the pair. Each node sends its shared configuration and revision
/// when the link is paired and after each change of its revision (a reload, or a configuration taken from the peer); both apply
/// <see cref="ConfigSyncDecision"/> to the two revisions, and the node whose configuration is older (after a redundancy mode change:
/// the backup) takes the other's through the host (<see cref="ISharedConfiguration.ApplyAsync"/>), which rewrites its modules.json
/// keeping its node-local part and restarts the instances whose settings changed. The primary's hand-over waits for this
/// (<see cref="SettleAsync"/>), so a change made on the backup while it was active is in the primary before it goes active.
/// </summary>
internal sealed class PairConfigSync : IPeerConfigSync, IDisposable
{
    private readonly ISharedConfiguration? _shared;
    private readonly RedundancyMode _mode;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly SemaphoreSlim _serial = new(1, 1);
    private readonly Lock _lock = new();
    private readonly List<Task> _running = [];
    private ConfigLink? _link;
    private string _state = "noPeer";
    private string? _decision;
    private bool _overwriting;
    private ConfigSyncApplied? _lastApplied;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;

    public PairConfigSync(ISharedConfiguration? shared, RedundancyMode mode, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        _shared = shared;
        _mode = mode;
        _time = time;
        _logger = logger;
        _stopping = stopping;
        if (shared is null)
        {
            Log.Unavailable(logger);
            _state = "unavailable";
        }
        else
        {
            shared.Changed += OnLocalChanged;
        }
    }

    /// <summary>
    /// True after a redundancy mode change on this node (a new pairing): the primary's configuration then overwrites the backup's
    /// whatever the revisions. The mode-change detection sets it (default: always false); it is read when this node sends its
    /// configuration and when it decides.
    /// </summary>
    public Func<bool> ModeChanged { get; set; } = static () => false;

    /// <summary>Raised after the status changed (for the MQTT payload).</summary>
    public event Action? StatusChanged;

    public IConfigLink Open(PeerConnection connection, string peerNode)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var link = new ConfigLink(this, connection, peerNode);
        lock (_lock)
        {
            _link = link;
            _state = _shared is null ? "unavailable" : "waiting";
            _decision = null;
        }

        if (_shared is null)
        {
            link.Settled.TrySetResult();
        }
        else
        {
            connection.Send(new ConfigSnapshotMessage(_shared.Current, ModeChanged()));
        }

        StatusChanged?.Invoke();
        return link;
    }

    /// <summary>Waits until the peer's configuration on <paramref name="connection"/> arrived and, if this node takes it, is applied.</summary>
    public async Task SettleAsync(PeerConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ConfigLink? link;
        lock (_lock)
        {
            link = _link;
        }

        if (link is null || link.Connection != connection)
        {
            return;
        }

        try
        {
            await link.Settled.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.SettleTimeout(_logger, link.PeerNode, timeout.TotalSeconds);
        }
    }

    public ConfigSyncStatus GetStatus()
    {
        lock (_lock)
        {
            var link = _link;
            return new ConfigSyncStatus(_state, _shared?.Current.Revision, link?.PeerNode, link?.Peer?.Config.Revision, _decision,
                _overwriting || ModeChanged() || link?.Peer?.ModeChanged == true, _lastApplied, _lastError, _lastErrorAt);
        }
    }

    /// <summary>Waits for the configuration work under way (after the stopping token was cancelled).</summary>
    public Task DrainAsync()
    {
        lock (_lock)
        {
            return Task.WhenAll(_running);
        }
    }

    public void Dispose()
    {
        if (_shared is not null)
        {
            _shared.Changed -= OnLocalChanged;
        }

        _serial.Dispose();
    }

    internal void OnPeerConfig(ConfigLink link)
    {
        lock (_lock)
        {
            if (_link != link)
            {
                return;
            }

            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(ProcessAsync(link));
        }
    }

    internal void OnClosed(ConfigLink link)
    {
        lock (_lock)
        {
            if (_link != link)
            {
                return;
            }

            _link = null;
            _state = _shared is null ? "unavailable" : "noPeer";
            _decision = null;
        }

        StatusChanged?.Invoke();
    }

    private void OnLocalChanged(object? sender, SharedConfiguration config)
    {
        ConfigLink? link;
        lock (_lock)
        {
            link = _link;
        }

        if (link is not null && !link.IsClosed)
        {
            link.Connection.Send(new ConfigSnapshotMessage(config, ModeChanged()));
        }

        StatusChanged?.Invoke();
    }

    private async Task ProcessAsync(ConfigLink link)
    {
        await Task.Yield();
        try
        {
            await _serial.WaitAsync(_stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            if (!link.IsClosed && link.Peer is { } peer && _shared is not null)
            {
                await DecideAndApplyAsync(link, peer, _shared).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Log.Failed(_logger, link.PeerNode, e);
            SetError($"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            _serial.Release();
            link.Settled.TrySetResult();
        }
    }

    private async Task DecideAndApplyAsync(ConfigLink link, ConfigSnapshotMessage peer, ISharedConfiguration shared)
    {
        var mine = shared.Current;
        var modeChanged = ModeChanged() || peer.ModeChanged;
        var primary = _mode == RedundancyMode.Primary ? mine.Revision : peer.Config.Revision;
        var backup = _mode == RedundancyMode.Primary ? peer.Config.Revision : mine.Revision;
        var decision = ConfigSyncDecision.Decide(primary, backup, modeChanged);
        var takes = decision.Action == (_mode == RedundancyMode.Primary ? ConfigSyncAction.BackupToPrimary : ConfigSyncAction.PrimaryToBackup);
        var overwrite = modeChanged && decision.Action == ConfigSyncAction.PrimaryToBackup;
        Log.Decision(_logger, link.PeerNode, decision.Action, decision.Reason);
        if (overwrite)
        {
            // Logged and published before anything is overwritten.
            var (p, b) = _mode == RedundancyMode.Primary ? ("this node", link.PeerNode) : (link.PeerNode, "this node");
            Log.Overwrite(_logger, p, b, decision.Reason);
        }

        lock (_lock)
        {
            _decision = $"{decision.Action}: {decision.Reason}";
            _overwriting = overwrite;
            _state = decision.Action == ConfigSyncAction.InSync ? "inSync" : takes ? (overwrite ? "overwriting" : "applying") : "peerTakes";
        }

        StatusChanged?.Invoke();
        if (!takes)
        {
            return;
        }

        var result = await shared.ApplyAsync(peer.Config, $"peer {link.PeerNode}", _stopping).ConfigureAwait(false);
        if (!result.Applied)
        {
            Log.Refused(_logger, link.PeerNode, result.Message);
            SetError(result.Message);
            return;
        }

        Log.Taken(_logger, result.Revision.Counter, result.Revision.Node, link.PeerNode, result.Message);
        lock (_lock)
        {
            _lastApplied = new ConfigSyncApplied(_time.GetUtcNow(), link.PeerNode, result.Revision, result.Added, result.Restarted, result.Removed);
            _lastError = null;
            _lastErrorAt = null;
            _overwriting = false;
            if (_link == link)
            {
                _state = "inSync";
            }
        }

        StatusChanged?.Invoke();
    }

    private void SetError(string message)
    {
        lock (_lock)
        {
            _lastError = message;
            _lastErrorAt = _time.GetUtcNow();
            _state = "refused";
        }

        StatusChanged?.Invoke();
    }
}
