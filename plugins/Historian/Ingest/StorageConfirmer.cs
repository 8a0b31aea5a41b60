using System.Threading.Channels;

namespace N3Host.Plugins.Historian.Ingest;

/// <summary>
/// Confirms stored values to the tag bus, in order, once they are safe: written to this node's store and, while the
/// pair's other node replicates the journal, held by that node too. A link acknowledges its sender only after this,
/// so neither a kill of this node nor the loss of its disk loses an acknowledged value.
/// </summary>
internal sealed class StorageConfirmer : IAsyncDisposable
{
    private readonly Channel<(long Sequence, int Count)> _pending = Channel.CreateUnbounded<(long, int)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<int> _confirm;
    private readonly Func<long> _lastSequence;
    private readonly Func<long, CancellationToken, ValueTask> _waitReplicated;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Creates the confirmer and starts its loop.</summary>
    /// <param name="confirm">Confirms a count of values to the tag bus subscription.</param>
    /// <param name="lastSequence">This node's last journal sequence after a write (0 if the store keeps no journal).</param>
    /// <param name="waitReplicated">Completes once the peer holds the journal up to a sequence (at once without a peer).</param>
    public StorageConfirmer(Action<int> confirm, Func<long> lastSequence, Func<long, CancellationToken, ValueTask> waitReplicated)
    {
        _confirm = confirm;
        _lastSequence = lastSequence;
        _waitReplicated = waitReplicated;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The next <paramref name="count"/> values read from the bus were written (or buffered, or left out).</summary>
    public void Written(int count)
    {
        if (count > 0)
            _pending.Writer.TryWrite((_lastSequence(), count));
    }

    /// <summary>Stops: values still waiting for the peer are not confirmed (their senders keep them and send them again).</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            await foreach (var (sequence, count) in _pending.Reader.ReadAllAsync(_stop.Token))
            {
                if (sequence > 0)
                    await _waitReplicated(sequence, _stop.Token);
                _confirm(count);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }
}
