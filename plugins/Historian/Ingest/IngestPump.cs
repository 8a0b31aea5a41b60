using N3Host.Contracts.Storage;
using System.Threading.Channels;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Buffer;
using N3Host.Plugins.Historian.Losses;

namespace N3Host.Plugins.Historian.Ingest;

/// <summary>
/// Takes values from the tag bus subscription, applies the deadband, and hands batches to the writer: a batch is
/// written when it holds <c>batchSize</c> values or <c>flushInterval</c> after its first value arrived. On stop, what
/// is queued and the partial batch are written before it returns: a graceful stop loses nothing. After each write it
/// hands every value read so far (stored, buffered, or left out by the deadband) to the <see cref="StorageConfirmer"/>,
/// so a link that waits for storage (<see cref="ITagBus.PublishDurableAsync"/>) acknowledges its sender only then; while
/// values wait in memory for a full or read-only disk, nothing more is confirmed until they are written.
/// </summary>
internal sealed class IngestPump
{
    private readonly DeadbandFilter _filter;
    private readonly StoreAndForwardWriter _writer;
    private readonly HistorianCounters _counters;
    private readonly TimeProvider _time;
    private readonly int _batchSize;
    private readonly TimeSpan _flushInterval;
    private readonly StorageConfirmer _confirmer;
    private readonly LossCounter _losses;
    private readonly Accepted.AcceptedJournal? _accepted;
    private readonly Action<long>? _written;
    private int _unconfirmed;
    private int _journalled;
    private long _acceptedThrough;

    /// <summary>Creates the pump.</summary>
    /// <param name="accepted">With the embedded store: the accepted-values journal, which gets each read's values before the pump waits for more.</param>
    /// <param name="written">Told after each batch is on this node's disk, with the last accepted-values record it covers.</param>
    public IngestPump(DeadbandFilter filter, StoreAndForwardWriter writer, HistorianCounters counters, TimeProvider time, int batchSize, TimeSpan flushInterval, StorageConfirmer confirmer, LossCounter losses,
        Accepted.AcceptedJournal? accepted = null, Action<long>? written = null)
    {
        _accepted = accepted;
        _written = written;
        _losses = losses;
        _confirmer = confirmer;
        _filter = filter;
        _writer = writer;
        _counters = counters;
        _time = time;
        _batchSize = batchSize;
        _flushInterval = flushInterval;
    }

    /// <summary>Runs until <paramref name="stopping"/> is cancelled or the channel completes, then flushes.</summary>
    public async Task RunAsync(ChannelReader<TagValue> reader, CancellationToken stopping)
    {
        var batch = new List<TagValue>(_batchSize);
        try
        {
            while (await reader.WaitToReadAsync(stopping))
            {
                var deadline = _time.GetUtcNow() + _flushInterval;
                while (batch.Count < _batchSize)
                {
                    if (reader.TryRead(out var value))
                    {
                        Accept(value, batch);
                        continue;
                    }

                    // Nothing more to read now: what was accepted goes to the journal the pair replicates, before any wait.
                    Journal(batch);
                    var remaining = deadline - _time.GetUtcNow();
                    if (remaining <= TimeSpan.Zero || !await WaitAsync(reader, remaining, stopping))
                        break;
                }

                await FlushAsync(batch);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch
        {
            // The run faults: the batch in hand never reaches the store. Counted, and the host restarts the module.
            _losses.Add(LossReason.Restarting, batch.Count);
            throw;
        }

        // Stopping: what is already queued is stored too.
        while (reader.TryRead(out var value))
        {
            Accept(value, batch);
            if (batch.Count >= _batchSize)
                await FlushAsync(batch);
        }

        await FlushAsync(batch);
    }

    private void Accept(TagValue value, List<TagValue> batch)
    {
        _counters.AddReceived(1);
        _unconfirmed++;
        if (_filter.ShouldStore(value))
            batch.Add(value);
        else
            _counters.AddFiltered(1);
    }

    /// <summary>Appends the batch's values not journalled yet as one accepted-values record.</summary>
    private void Journal(List<TagValue> batch)
    {
        if (_accepted is null || _journalled >= batch.Count)
            return;
        _acceptedThrough = _accepted.AppendValues(batch.GetRange(_journalled, batch.Count - _journalled));
        _journalled = batch.Count;
    }

    private async Task FlushAsync(List<TagValue> batch)
    {
        if (batch.Count > 0)
        {
            Journal(batch);

            // Not cancellable: a batch taken from the bus is stored or buffered (or counted as lost), never dropped on stop.
            await _writer.WriteAsync(batch, CancellationToken.None);
            batch.Clear();
            _journalled = 0;

            // On this node's disk (the store, or its store-and-forward buffer; not values waiting in memory for a full disk):
            // the accepted records it covers may go once the pair holds the batch.
            if (_accepted is not null && !_writer.HoldsUnsaved)
                _written?.Invoke(_acceptedThrough);
        }

        // Values waiting in memory for a full disk are not durable: they (and what follows them) are confirmed once written.
        if (_writer.HoldsUnsaved)
            return;
        _confirmer.Written(_unconfirmed);
        _unconfirmed = 0;
    }

    private async Task<bool> WaitAsync(ChannelReader<TagValue> reader, TimeSpan remaining, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(remaining, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        try
        {
            return await reader.WaitToReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return false;
        }
    }
}
