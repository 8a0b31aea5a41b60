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
/// </summary>
internal sealed class StoreAndForwardWriter : IDisposable
{
    private static readonly TimeSpan MemoryFullLogInterval = TimeSpan.FromSeconds(10);

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
    private CancellationTokenSource? _retryWait;
    private long? _lastMemoryFullLog;
    private long _unloggedLost;
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

    /// <summary>
    /// While the disk is full or read-only, probes it every probe interval; once a probe finds space, writes what waits
    /// in memory (to the store, or behind the buffer) and ends the condition. Saves the loss count when it could not be.
    /// </summary>
    public async Task RunProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_storage.ProbeInterval, _time, cancellationToken);
                _storage.Losses.TrySave(force: false);
                if (_condition is null)
                    continue;
                await _gate.WaitAsync(cancellationToken);
                try
                {
                    await TryRecoverAsync();
                    UpdateFigures();
                }
                finally
                {
                    _gate.Release();
                }

                Signal();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>On stop: one last try to write what waits in memory; what still cannot be written is counted as lost (restarting).</summary>
    public async Task StopHoldingAsync()
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            if (!_held.IsEmpty)
                await TryRecoverAsync();
            var left = _held.Clear();
            if (left > 0)
            {
                var total = _storage.Losses.Add(LossReason.Restarting, left);
                Log.LostOnStop(_logger, _instance, left, _condition?.Message ?? "stopping", total);
            }

            UpdateFigures();
            _storage.Losses.TrySave(force: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forwards the buffer whenever it holds values, retrying a failing store every retry interval, until cancelled.</summary>
    public async Task RunForwarderAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SkipForwardedAsync(cancellationToken);
            while (true)
            {
                bool empty;
                await _gate.WaitAsync(cancellationToken);
                try
                {
                    empty = _buffer.IsEmpty;
                }
                finally
                {
                    _gate.Release();
                }

                if (empty)
                {
                    await _signal.WaitAsync(cancellationToken);
                    continue;
                }

                if (_storeFailing)
                    await WaitRetryAsync(cancellationToken);
                try
                {
                    await DrainAsync(cancellationToken);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Reading the buffer failed: a disk problem, not a fault; tried again after the retry interval.
                    _storeFailing = true;
                    _counters.LastError = e.Message;
                    Log.ForwardFailed(_logger, _instance, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Waits the retry interval, or less if the disk came back meanwhile (so writing resumes at once).</summary>
    private async Task WaitRetryAsync(CancellationToken cancellationToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Volatile.Write(ref _retryWait, wake);
        try
        {
            await Task.Delay(_retryInterval, _time, wake.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            Volatile.Write(ref _retryWait, null);
        }
    }

    private void WakeRetry()
    {
        try
        {
            Volatile.Read(ref _retryWait)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The wait just ended.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _gate.Dispose();
        _signal.Dispose();
    }

    /// <summary>Forwards buffered batches oldest first until the buffer is empty or the store fails.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        long forwarded = 0;
        while (true)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                BufferedRecord? record;
                try
                {
                    record = _buffer.Peek();
                }
                catch (InvalidDataException e)
                {
                    // A damaged record cannot be read, nor can what follows it in its segment: say so, move on.
                    Log.BufferDamaged(_logger, _instance, e.Message);
                    _counters.LastError = e.Message;
                    _buffer.SkipDamagedSegment();
                    UpdateFigures();
                    continue;
                }

                if (record is null)
                {
                    if (_storeFailing || forwarded > 0)
                        Log.StoreRecovered(_logger, _instance, forwarded);
                    _storeFailing = false;
                    return;
                }

                List<TagValue> values;
                try
                {
                    values = ValueBatchCodec.Decode(record.Payload);
                }
                catch (InvalidDataException e)
                {
                    Log.BufferDamaged(_logger, _instance, e.Message);
                    _counters.LastError = e.Message;
                    _buffer.Commit(record);
                    UpdateFigures();
                    continue;
                }

                var error = await TryStoreAsync(values, record.Next, cancellationToken);
                if (error is not null)
                {
                    _storeFailing = true;
                    Log.ForwardFailed(_logger, _instance, error);
                    return;
                }

                _buffer.Commit(record);
                UpdateFigures();
                forwarded++;
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private async Task SkipForwardedAsync(CancellationToken cancellationToken)
    {
        // The store may have taken a forwarded batch whose buffer cursor was not saved (a crash in between).
        try
        {
            var position = await _store.GetForwardedPositionAsync(cancellationToken);
            if (position is { } p)
            {
                await _gate.WaitAsync(cancellationToken);
                try
                {
                    _buffer.SkipTo(p);
                    UpdateFigures();
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (HistoryStoreException e)
        {
            // The store is not reachable: the forwarder finds out again when it tries.
            _counters.LastError = e.Message;
        }
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

    private void Hold(IReadOnlyList<TagValue> values)
    {
        var lost = _held.Hold(values);
        if (lost > 0)
        {
            var condition = _condition;
            var reason = condition?.Kind == StorageConditionKind.ReadOnly ? LossReason.ReadOnly : LossReason.DiskFull;
            var total = _storage.Losses.Add(reason, lost);
            _unloggedLost += lost;

            // One line at the first loss, then at most one every 10 s with what was lost since (every value is counted).
            if (_lastMemoryFullLog is { } last && _time.GetElapsedTime(last) < MemoryFullLogInterval)
                return;
            _lastMemoryFullLog = _time.GetTimestamp();
            Log.MemoryFull(_logger, _instance, _unloggedLost, _held.LimitValues, condition?.Message ?? "the disk cannot take values", total);
            _unloggedLost = 0;
        }
    }

    private void EnterCondition(StorageCondition condition)
    {
        var before = _condition;
        _condition = condition;
        _counters.LastError = condition.Message;
        if (before is null)
            Log.DiskCondition(_logger, _instance, condition.Message, _held.LimitValues);
        if (before?.Message != condition.Message)
            _storage.Report(condition.Message);
    }

    /// <summary>Probes the disk; if it takes a write again, writes what waits in memory in order and ends the condition.</summary>
    private async Task TryRecoverAsync()
    {
        foreach (var directory in _storage.ProbeDirectories.Append(_buffer.Folder).Distinct(StringComparer.Ordinal))
        {
            if (StorageProbe.Check(directory) is { } still)
            {
                EnterCondition(still);
                return;
            }
        }

        var written = _held.Values;
        while (_held.TryPeek(out var batch))
        {
            if (!await StoreOrBufferAsync(batch))
                return;
            _held.Dequeue();
        }

        _condition = null;
        WakeRetry();
        Log.DiskRecovered(_logger, _instance, written);
        _storage.Report(null);
        _storage.Losses.TrySave(force: true);
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
