using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>
/// One synchronization session over one connection of the peer link. Both sides run the same session: each tells the
/// other what it holds (hello), sends what the other lacks (catch-up, then <see cref="SyncCaughtUp"/>), and then
/// follows new records as they are appended, until the link closes.
/// </summary>
public sealed partial class SyncSession : IAsyncDisposable
{
    private readonly JournalReplicator _owner;
    private readonly ISyncChannel _channel;
    private readonly IJournalRegistry _journals;
    private readonly SyncOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cts;
    private readonly Channel<SyncMessage> _outgoing = Channel.CreateUnbounded<SyncMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _window;
    private readonly ConcurrentQueue<JournalCursor> _peerJournalUpdates = new();
    private readonly ConcurrentQueue<IJournal> _localAdded = new();
    private readonly ConcurrentDictionary<string, byte> _peerJournalNames = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _peerHello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _peerCaughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _peerConfirmed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _subscriptionLock = new();
    private readonly HashSet<IJournal> _subscribed = [];
    private readonly EventHandler<long> _onAppended;
    private readonly EventHandler<IJournal> _onRegistered;
    private bool _unsubscribed;
    private bool _ended;
    private int _disposed;

    internal SyncSession(JournalReplicator owner, ISyncChannel channel, IJournalRegistry journals, SyncOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        _owner = owner;
        _channel = channel;
        _journals = journals;
        _options = options;
        _time = time;
        _logger = logger;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _window = new SemaphoreSlim(options.MaxUnacknowledgedBatches, options.MaxUnacknowledgedBatches);
        _onAppended = (_, _) => Wake();
        _onRegistered = (_, journal) => OnRegistered(journal);
        StartedAt = time.GetUtcNow();
    }

    /// <summary>The peer's node name, once its hello arrived.</summary>
    public string? PeerNode { get; private set; }

    /// <summary>Completes when the peer's hello arrived; fails with <see cref="SyncSessionEndedException"/> if the session ends first.</summary>
    public Task PeerHelloReceived => _peerHello.Task;

    /// <summary>The journals the peer holds (from its hello, and those it registered since).</summary>
    public IReadOnlyCollection<string> PeerJournals => [.. _peerJournalNames.Keys];

    /// <summary>When the session started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>
    /// Completes when this node has applied everything the peer held when the session started (the peer's
    /// <see cref="SyncCaughtUp"/> arrived after all its batches were applied). Fails with
    /// <see cref="SyncSessionEndedException"/> if the session ends first. The primary waits for it before going active.
    /// </summary>
    public Task PeerCaughtUp => _peerCaughtUp.Task;

    /// <summary>Completes when the peer confirmed it applied everything this node held when the session started.</summary>
    public Task PeerConfirmedCaughtUp => _peerConfirmed.Task;

    /// <summary>Completes when the session ends: normally when the peer closed the link or the session was cancelled; faulted on an error.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    internal DirectionCounters Outbound { get; } = new();

    internal DirectionCounters Inbound { get; } = new();

    internal void Start() => Completion = RunAsync();

    /// <summary>Stops the session and waits for it to end (the channel itself is the caller's to close).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _cts.CancelAsync();
        try
        {
            await Completion;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // How the session ended is already logged and shown in status (RunAsync); disposing only has to wait for it.
        }

        _cts.Dispose();
        _window.Dispose();
    }

    private async Task RunAsync()
    {
        var ct = _cts.Token;
        Exception? error = null;
        try
        {
            Subscribe();
            var hello = new List<JournalCursor>();
            foreach (var journal in _journals.All)
            {
                if (_announced.Add(journal.Name))
                    hello.Add(await JournalCatalog.ReadCursorAsync(journal, ct));
            }

            _outgoing.Writer.TryWrite(new SyncHello(_owner.NodeName, SyncProtocol.Version, hello));

            var reader = Task.Run(() => ReadLoopAsync(ct), ct);
            var writer = Task.Run(() => WriteLoopAsync(ct), ct);
            var producer = Task.Run(() => ProduceLoopAsync(ct), ct);
            var first = await Task.WhenAny(reader, writer, producer);
            await _cts.CancelAsync();
            try
            {
                await Task.WhenAll(reader, writer, producer);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The loops that did not end first were cancelled; only the first one's end says why the session ended.
            }

            if (first.Exception is { } failed)
                ExceptionDispatchInfo.Throw(failed.InnerException ?? failed);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error = e;
            throw;
        }
        finally
        {
            Unsubscribe();
            foreach (var journal in _replicating.Keys)
                _journals.SetReplicating(journal, false);
            _replicating.Clear();
            var ended = new SyncSessionEndedException(error is null
                ? "the sync session ended (link closed or stopped)"
                : $"the sync session ended: {error.Message}", error ?? new OperationCanceledException());
            _peerHello.TrySetException(ended);
            _peerCaughtUp.TrySetException(ended);
            _peerConfirmed.TrySetException(ended);
            Volatile.Write(ref _ended, true);
            foreach (var request in _requests.Values)
                request.TrySetException(ended);
            ObserveEnded();
            _owner.OnSessionEnded(this, error);
        }
    }

    private void ObserveEnded()
    {
        // Nobody may await these; observe them so an unobserved-exception handler is not triggered.
        _ = _peerHello.Task.Exception;
        _ = _peerCaughtUp.Task.Exception;
        _ = _peerConfirmed.Task.Exception;
    }

    private async Task WriteLoopAsync(CancellationToken ct)
    {
        await foreach (var message in _outgoing.Reader.ReadAllAsync(ct))
        {
            await _channel.SendAsync(message, ct);
            if (message is SyncBatch batch)
                Outbound.Add(batch.Records.Count, BatchCodec.GetSize(batch));
        }
    }

    private void Send(SyncMessage message) => _outgoing.Writer.TryWrite(message);

    private void Wake() => _wake.Writer.TryWrite(true);

    private void Subscribe()
    {
        _journals.Registered += _onRegistered;
        foreach (var journal in _journals.All)
            SubscribeAppended(journal);
    }

    private void SubscribeAppended(IJournal journal)
    {
        lock (_subscriptionLock)
        {
            if (_unsubscribed || !_subscribed.Add(journal))
                return;
            journal.Appended += _onAppended;
        }
    }

    private void OnRegistered(IJournal journal)
    {
        SubscribeAppended(journal);
        _localAdded.Enqueue(journal);
        Wake();
    }

    private void Unsubscribe()
    {
        _journals.Registered -= _onRegistered;
        lock (_subscriptionLock)
        {
            _unsubscribed = true;
            foreach (var journal in _subscribed)
                journal.Appended -= _onAppended;
            _subscribed.Clear();
        }
    }
}
