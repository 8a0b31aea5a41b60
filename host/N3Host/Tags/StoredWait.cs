namespace N3Host.Tags;

/// <summary>
/// One durable publish waiting for its subscribers to confirm it. Each subscriber's <see cref="TagSubscription.Confirm"/>
/// arrives here on the confirming thread, so <see cref="Task"/> is complete the moment the last confirmation is counted,
/// before any continuation runs: a link that acknowledges batches in order sees at once every batch one confirmation
/// covered as stored, and acknowledges them with one receipt however busy the machine is (before, each batch's task
/// completed in its own continuation, and a starved thread pool made a receipt per batch).
/// </summary>
internal sealed class StoredWait
{
    private readonly TaskCompletionSource<int> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _subscribers;
    private int _remaining;
    private CancellationTokenRegistration _cancellation;

    public StoredWait(int subscribers, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(subscribers);
        _subscribers = subscribers;
        _remaining = subscribers;
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(static (state, token) => ((StoredWait)state!).Finish(w => w._done.TrySetCanceled(token)), this);
        }
    }

    /// <summary>Completes with the number of subscribers once all confirmed; faults when one unsubscribed first.</summary>
    public Task<int> Task => _done.Task;

    /// <summary>One subscriber confirmed every value of this publish.</summary>
    public void Arrive()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            Finish(static w => w._done.TrySetResult(w._subscribers));
        }
    }

    /// <summary>A subscriber unsubscribed before confirming.</summary>
    public void Fail(Exception error) => Finish(w => w._done.TrySetException(error));

    private void Finish(Func<StoredWait, bool> complete)
    {
        if (complete(this))
        {
            _cancellation.Dispose();
        }
    }
}
