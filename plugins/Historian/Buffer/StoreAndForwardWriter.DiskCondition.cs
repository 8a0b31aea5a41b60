using N3Host.Contracts.Storage;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Losses;

namespace N3Host.Plugins.Historian.Buffer;

/// <summary>A full or read-only disk: batches held in memory (counted as lost beyond the bound), the probe that ends the condition, the last try on stop.</summary>
internal sealed partial class StoreAndForwardWriter
{
    private static readonly TimeSpan MemoryFullLogInterval = TimeSpan.FromSeconds(10);
    private long? _lastMemoryFullLog;
    private long _unloggedLost;

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
}
