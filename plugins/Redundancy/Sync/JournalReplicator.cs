using Microsoft.Extensions.Logging;
using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>
/// The node's stored-data synchronization engine. The redundancy module starts one <see cref="SyncSession"/> per
/// connection of the peer link; the session replicates every journal of the registry (including journals registered
/// later) both ways: each side sends the records of every origin it holds that the other lacks, from the cursors the
/// other reports out of its own journals, in sequence order, in bounded batches, then follows new appends.
/// </summary>
public sealed class JournalReplicator
{
    private readonly IJournalRegistry _journals;
    private readonly SyncOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<SyncConflict> _conflicts = [];
    private SyncSession? _current;
    private SyncSession? _last;
    private DateTimeOffset? _lastEndedAt;
    private string? _lastError;
    private string? _held;

    /// <summary>Creates the engine for a node.</summary>
    /// <param name="nodeName">This node's name (carried in the hello).</param>
    /// <param name="journals">The node's journals.</param>
    /// <param name="options">Batching and flow control; validated here.</param>
    /// <param name="time">The clock for status timestamps.</param>
    /// <param name="logger">Where sessions log.</param>
    public JournalReplicator(string nodeName, IJournalRegistry journals, SyncOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        ArgumentNullException.ThrowIfNull(journals);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.ThrowIfInvalid();
        NodeName = nodeName;
        _journals = journals;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>This node's name.</summary>
    public string NodeName { get; }

    /// <summary>The running session, if any.</summary>
    public SyncSession? CurrentSession
    {
        get
        {
            lock (_lock)
                return _current;
        }
    }

    /// <summary>
    /// Raised on milestones (session started and ended, plan known, every 5 % of the catch-up received, caught up,
    /// confirmed, late records merged). Handlers must be quick and must not throw.
    /// </summary>
    public event EventHandler<SyncStatus>? StatusChanged;

    internal LateRecordTracker Late { get; } = new();

    /// <summary>
    /// Starts a session over a connected channel. One session at a time: start the next after the previous one's
    /// <see cref="SyncSession.Completion"/>. The caller owns and closes the channel.
    /// </summary>
    public SyncSession StartSession(ISyncChannel channel, CancellationToken cancellationToken) =>
        StartSession(channel, _journals, cancellationToken);

    /// <summary>Starts a session that sees <paramref name="journals"/> instead of the node's registry (the journals an overwrite has emptied).</summary>
    internal SyncSession StartSession(ISyncChannel channel, IJournalRegistry journals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        SyncSession session;
        lock (_lock)
        {
            if (_current is not null)
                throw new InvalidOperationException("a sync session is already running; dispose it (or wait for its Completion) before starting another");
            session = new SyncSession(this, channel, journals, _options, _time, _logger, cancellationToken);
            _current = session;
            _last = session;
            _lastEndedAt = null;
            _lastError = null;

            // Conflicts are found again by every session; one resolved meanwhile disappears.
            _conflicts.Clear();
        }

        session.Start();
        RaiseStatusChanged();
        return session;
    }

    /// <summary>
    /// Tells the engine this node went active without the sync (the peer did not come within the initial standby time):
    /// from now until the peer's next catch-up completes, records applied from the peer are reported as late.
    /// </summary>
    public void MarkActivatedWithoutSync()
    {
        Late.Open(_time.GetUtcNow());
        Log.ActivatedWithoutSync(_logger);
        RaiseStatusChanged();
    }

    /// <summary>The status: the <c>sync</c> object of the node's status and MQTT redundancy topic.</summary>
    public SyncStatus GetStatus()
    {
        SyncSession? current;
        SyncSession? last;
        List<SyncConflict> conflicts;
        DateTimeOffset? endedAt;
        string? error;
        string? held;
        lock (_lock)
        {
            held = _held;
            current = _current;
            last = _last;
            conflicts = [.. _conflicts];
            endedAt = _lastEndedAt;
            error = _lastError;
        }

        var outbound = last?.Outbound.Snapshot(countApplied: true) ?? new SyncDirectionStatus(null, 0, 0, 0, null, false, null);
        var inbound = last?.Inbound.Snapshot(countApplied: false) ?? new SyncDirectionStatus(null, 0, 0, 0, null, false, null);
        var state = current is null ? SyncStates.Disconnected
            : held is not null ? SyncStates.Held
            : outbound.CaughtUp && inbound.CaughtUp ? SyncStates.Following
            : SyncStates.CatchingUp;
        return new SyncStatus(state, last?.PeerNode, last?.StartedAt, endedAt, error, outbound, inbound, conflicts, Late.Snapshot()) { Held = held };
    }

    internal void AddConflict(SyncConflict conflict)
    {
        lock (_lock)
        {
            _conflicts.RemoveAll(c => c.Journal == conflict.Journal && c.Origin == conflict.Origin);
            _conflicts.Add(conflict);
        }
    }

    /// <summary>
    /// Records of <paramref name="journal"/> from the peer cannot be applied now (<paramref name="condition"/>: a full or
    /// read-only disk), or can again (null). Shown in the status as <see cref="SyncStatus.Held"/>, logged once each way.
    /// </summary>
    internal void SetHeld(string journal, string? condition)
    {
        var text = condition is null ? null : $"{journal}: {condition}";
        string? before;
        lock (_lock)
        {
            before = _held;
            if (before == text)
                return;
            _held = text;
        }

        if (condition is not null && before is null)
            Log.Held(_logger, journal, condition);
        else if (condition is null)
            Log.HeldEnded(_logger, journal);
        RaiseStatusChanged();
    }

    internal void OnSessionEnded(SyncSession session, Exception? error)
    {
        lock (_lock)
        {
            if (_current == session)
                _current = null;
            _lastEndedAt = _time.GetUtcNow();
            _lastError = error?.Message;

            // A batch held for space is the peer's again once the link is gone (the next session resends it).
            _held = null;
        }

        if (error is null)
            Log.SessionEnded(_logger, session.PeerNode ?? "?");
        else
            Log.SessionFailed(_logger, session.PeerNode ?? "?", error);
        RaiseStatusChanged();
    }

    internal void RaiseStatusChanged()
    {
        var handler = StatusChanged;
        if (handler is null)
            return;
        try
        {
            handler(this, GetStatus());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A status subscriber (the MQTT publisher) must never stop the replication.
            Log.StatusHandlerFailed(_logger, e);
        }
    }
}
