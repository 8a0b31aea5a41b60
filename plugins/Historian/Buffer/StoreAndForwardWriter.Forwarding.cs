using N3Host.Contracts;
using N3Host.Plugins.Historian.Encoding;
using N3Host.Plugins.Historian.Store;

namespace N3Host.Plugins.Historian.Buffer;

/// <summary>The forwarder: drains the buffer into the store oldest first, retrying a failing store every retry interval.</summary>
internal sealed partial class StoreAndForwardWriter
{
    private CancellationTokenSource? _retryWait;

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
}
