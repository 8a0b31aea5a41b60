using N3Host.Contracts.Storage;
using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Encoding;
using N3Host.Plugins.Historian.Ingest;
using N3Host.Plugins.Historian.Losses;
using N3Host.Plugins.Historian.Storage;
using N3Host.Plugins.Historian.Store;

namespace N3Host.Plugins.Historian.Buffer;

/// <summary>
/// Writes batches to the store; when the store fails or is too slow, to the disk buffer instead, and forwards the
/// buffer oldest first when the store takes values again. While the buffer holds anything, new batches queue
/// behind it, so values reach the store in order. A batch the full buffer cannot take is counted and logged as lost.
/// A full or read-only disk is a state, not a fault: batches wait in memory (up to a bound; the rest is counted as lost),
/// the condition is reported to the host (the instance shows <c>Degraded</c>), the disk is probed every probe interval,
/// and what waits in memory is written as soon as a probe finds space, without a restart.
/// One state under one gate (the store failing, the disk condition, what is held, the buffer), in three parts: this file
/// the write path, <c>.Forwarding.cs</c> the buffer's forwarder, <c>.DiskCondition.cs</c> holding and probing; each part
/// changes the state the others act on, under the same gate, so they stay one class.
/// </summary>
internal sealed partial class StoreAndForwardWriter : IDisposable
{

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly IHistoryStore _store;
    private readonly DiskBuffer _buffer;
    private readonly HistorianCounters _counters;
    private readonly TimeProvider _time;
    private readonly TimeSpan _writeTimeout;
    private readonly TimeSpan _retryInterval;
    private readonly ILogger _logger;
    private readonly string _instance;
    private readonly WriterStorage _storage;
    private readonly HeldBatches _held;
    private volatile bool _storeFailing;
    private volatile StorageCondition? _condition;
    private long _heldValues;
    private long _bufferedBatches;
    private long _bufferedBytes;

    /// <summary>Creates the writer.</summary>
    public StoreAndForwardWriter(IHistoryStore store, DiskBuffer buffer, HistorianCounters counters, TimeProvider time, TimeSpan writeTimeout, TimeSpan retryInterval, ILogger logger, string instance, WriterStorage storage)
    {
        _storage = storage;
        _held = new HeldBatches(storage.MemoryLimitValues);
        _store = store;
        _buffer = buffer;
        _counters = counters;
        _time = time;
        _writeTimeout = writeTimeout;
        _retryInterval = retryInterval;
        _logger = logger;
        _instance = instance;
        UpdateFigures();
    }

    /// <summary>True while values go to the buffer because the store failed.</summary>
    public bool Buffering => _storeFailing || BufferedBatches > 0;

    /// <summary>The full or read-only disk values wait in memory for, or null.</summary>
    public StorageCondition? Condition => _condition;

    /// <summary>Values waiting in memory for the disk.</summary>
    public long HeldValues => Interlocked.Read(ref _heldValues);

    /// <summary>The most values kept in memory.</summary>
    public long HeldLimitValues => _held.LimitValues;

    /// <summary>True while values wait in memory: they are not durable yet, so they are not confirmed to the tag bus.</summary>
    public bool HoldsUnsaved => HeldValues > 0;

    /// <summary>Buffered batches waiting for the store.</summary>
    public long BufferedBatches => Interlocked.Read(ref _bufferedBatches);

    /// <summary>Bytes waiting in the buffer.</summary>
    public long BufferedBytes => Interlocked.Read(ref _bufferedBytes);

    /// <summary>The buffer's limit.</summary>
    public long BufferLimitBytes => _buffer.LimitBytes;

    /// <summary>Writes a batch to the store, or to the buffer if the store cannot take it (or the buffer is not empty).</summary>
    public async Task WriteAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken)
    {
        if (values.Count == 0)
            return;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_condition is not null || !_held.IsEmpty || !await StoreOrBufferAsync(values))
                Hold(values);
            UpdateFigures();
        }
        finally
        {
            _gate.Release();
        }

        Signal();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _gate.Dispose();
        _signal.Dispose();
    }

    /// <summary>Writes to the store within the write timeout; returns null on success or what went wrong.</summary>
    private async Task<string?> TryStoreAsync(IReadOnlyList<TagValue> values, BufferPosition? forwarded, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_writeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _store.WriteAsync(values, forwarded, linked.Token);
            _counters.AddStored(values.Count);
            _counters.LastStored = _time.GetUtcNow();
            _counters.LastError = null;
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return _counters.LastError = $"{_store.Description}: a write took longer than writeTimeoutMs ({_writeTimeout.TotalMilliseconds:0} ms)";
        }
        catch (Exception e) when (e is HistoryStoreException or TimeoutException or IOException)
        {
            return _counters.LastError = e.Message;
        }
    }

    /// <summary>
    /// Stores a batch (if nothing waits in the buffer) or buffers it. False if the disk can take nothing (full, read-only):
    /// the condition is then set and the caller holds the batch in memory. A batch the full buffer cannot take is counted lost.
    /// </summary>
    private async Task<bool> StoreOrBufferAsync(IReadOnlyList<TagValue> values)
    {
        if (_buffer.IsEmpty)
        {
            // Not cancellable: a batch taken from the bus is stored or buffered (or counted as lost), never dropped on stop.
            var error = await TryStoreAsync(values, null, CancellationToken.None);
            if (error is null)
            {
                if (_storeFailing)
                {
                    _storeFailing = false;
                    Log.StoreRecovered(_logger, _instance, 0);
                }

                return true;
            }

            if (!_storeFailing)
                Log.StoreFailed(_logger, _instance, error);
            _storeFailing = true;
        }

        try
        {
            _buffer.Append(ValueBatchCodec.Encode(values));
            return true;
        }
        catch (BufferFullException e)
        {
            var total = _storage.Losses.Add(LossReason.BufferFull, values.Count);
            _counters.LastError = e.Message;
            Log.Overflow(_logger, _instance, values.Count, e.Message, total);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var condition = StoreErrors.Classify(e, _buffer.Folder) ?? StorageProbe.Check(_buffer.Folder);
            if (condition is null)
            {
                // Neither full nor read-only, and a probe writes: a disk error of its own kind, counted as such.
                var total = _storage.Losses.Add(LossReason.DiskError, values.Count);
                _counters.LastError = e.Message;
                Log.Overflow(_logger, _instance, values.Count, e.Message, total);
                return true;
            }

            EnterCondition(condition);
            return false;
        }
    }

    private void UpdateFigures()
    {
        Interlocked.Exchange(ref _bufferedBatches, _buffer.Records);
        Interlocked.Exchange(ref _bufferedBytes, _buffer.Bytes);
        Interlocked.Exchange(ref _heldValues, _held.Values);
    }

    private void Signal()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }
}
