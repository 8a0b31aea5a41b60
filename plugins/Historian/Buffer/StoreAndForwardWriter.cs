using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Encoding;
using N3Host.Plugins.Historian.Ingest;
using N3Host.Plugins.Historian.Store;

namespace N3Host.Plugins.Historian.Buffer;

/// <summary>
/// Writes batches to the store; when the store fails or is too slow, to the disk buffer instead, and forwards the
/// buffer oldest first when the store takes values again. While the buffer holds anything, new batches queue
/// behind it, so values reach the store in order. A batch the buffer cannot take is counted and logged as lost.
/// </summary>
internal sealed class StoreAndForwardWriter : IDisposable
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
    private volatile bool _storeFailing;
    private long _bufferedBatches;
    private long _bufferedBytes;

    /// <summary>Creates the writer.</summary>
    public StoreAndForwardWriter(IHistoryStore store, DiskBuffer buffer, HistorianCounters counters, TimeProvider time, TimeSpan writeTimeout, TimeSpan retryInterval, ILogger logger, string instance)
    {
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
            if (_buffer.IsEmpty)
            {
                var error = await TryStoreAsync(values, null, cancellationToken);
                if (error is null)
                {
                    if (_storeFailing)
                    {
                        _storeFailing = false;
                        Log.StoreRecovered(_logger, _instance, 0);
                    }

                    return;
                }

                if (!_storeFailing)
                    Log.StoreFailed(_logger, _instance, error);
                _storeFailing = true;
            }

            AppendToBuffer(values);
            UpdateFigures();
        }
        finally
        {
            _gate.Release();
        }

        Signal();
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
                    await Task.Delay(_retryInterval, _time, cancellationToken);
                await DrainAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
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

    private void AppendToBuffer(IReadOnlyList<TagValue> values)
    {
        try
        {
            _buffer.Append(ValueBatchCodec.Encode(values));
        }
        catch (Exception e) when (e is BufferFullException or IOException or UnauthorizedAccessException)
        {
            var total = _counters.AddOverflowed(values.Count);
            _counters.LastError = e.Message;
            Log.Overflow(_logger, _instance, values.Count, e.Message, total);
        }
    }

    private void UpdateFigures()
    {
        Interlocked.Exchange(ref _bufferedBatches, _buffer.Records);
        Interlocked.Exchange(ref _bufferedBytes, _buffer.Bytes);
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
